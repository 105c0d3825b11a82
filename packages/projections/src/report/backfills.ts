import { Instant, NonNegativeInteger } from "@hazard-ledger/core";
import * as t from "io-ts";
import type { EventSource, ProjectableEvent } from "../ledger/projectableEvent.js";
import { parseInstantMillis } from "../time/instantMillis.js";

/**
 * A backfill that amended a known-at view: a transaction committed after the view's instant
 * whose backfilled events are recorded at or before it. `events` counts those events, the ones
 * that moved the view's figures since it could first be printed.
 */
export const Backfill = t.type({ committedAt: Instant, events: NonNegativeInteger }, "Backfill");
export type Backfill = t.TypeOf<typeof Backfill>;

/**
 * Collects, over a log read in order, the backfills that amended the view known at
 * `knownAtMillis` (none when the view is of everything known, `null`): events marked
 * `backfill` with `recordedAt` ≤ the instant and `committedAt` after it, counted per commit.
 */
export class BackfillTally {
  private readonly byCommit = new Map<string, number>();

  constructor(private readonly knownAtMillis: number | null) {}

  /** Counts one event, if it is a backfill the report can see. */
  add(e: ProjectableEvent): void {
    if (e.backfill !== true || this.knownAtMillis === null || e.committedAt === undefined) return;
    if (parseInstantMillis(e.recordedAt) > this.knownAtMillis) return;
    if (parseInstantMillis(e.committedAt) <= this.knownAtMillis) return;
    this.byCommit.set(e.committedAt, (this.byCommit.get(e.committedAt) ?? 0) + 1);
  }

  /** The backfills in commit order (the log's order: commit times never decrease in it). */
  backfills(): Backfill[] {
    return [...this.byCommit].map(([committedAt, events]) => ({ committedAt, events }));
  }
}

/** `events` as they are, each also handed to `tally` as it passes. */
export const tallied = (events: EventSource, tally: BackfillTally): EventSource =>
  Symbol.asyncIterator in events
    ? (async function* () {
        for await (const e of events) {
          tally.add(e);
          yield e;
        }
      })()
    : (function* () {
        for (const e of events) {
          tally.add(e);
          yield e;
        }
      })();
