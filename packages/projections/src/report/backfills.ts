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

/** The backfills of one commit: its time, and the recordedAt (epoch ms) of each event it backfilled. */
const BackfillCommit = t.type({ committedAt: Instant, recordedMillis: t.array(t.number) }, "BackfillCommit");

/** The backfills a {@link BackfillTally} holds, as JSON (a read model's checkpoint keeps them). */
export const BackfillCommits = t.array(BackfillCommit, "BackfillCommits");
export type BackfillCommits = t.TypeOf<typeof BackfillCommits>;

/**
 * Collects the backfills of a log read in order, per commit, to tell which amended the view
 * known at an instant: events marked `backfill` with `recordedAt` ≤ the instant and
 * `committedAt` after it, counted per commit. A replay of the log asks for one instant; the
 * projection runner keeps one with its read model and asks for any.
 */
export class BackfillTally {
  private readonly byCommit = new Map<string, { readonly committedMillis: number; recorded: number[] }>();

  /** `knownAtMillis`: the instant {@link backfills} answers for when given none (null: everything known). */
  constructor(private readonly knownAtMillis: number | null = null) {}

  /** Keeps one event, if it is a backfill. */
  add(e: ProjectableEvent): void {
    if (e.backfill !== true || e.committedAt === undefined) return;
    let commit = this.byCommit.get(e.committedAt);
    if (commit === undefined) {
      commit = { committedMillis: parseInstantMillis(e.committedAt), recorded: [] };
      this.byCommit.set(e.committedAt, commit);
    }
    commit.recorded.push(parseInstantMillis(e.recordedAt));
  }

  /**
   * The backfills that amended the view known at `knownAtMillis`, in commit order (the log's
   * order: commit times never decrease in it); none for the view of everything known (null).
   */
  backfills(knownAtMillis: number | null = this.knownAtMillis): Backfill[] {
    if (knownAtMillis === null) return [];
    const amended: Backfill[] = [];
    for (const [committedAt, { committedMillis, recorded }] of this.byCommit) {
      if (committedMillis <= knownAtMillis) continue;
      let events = 0;
      for (const millis of recorded) if (millis <= knownAtMillis) events += 1;
      if (events > 0) amended.push({ committedAt, events });
    }
    return amended;
  }

  /** What it holds, as JSON. */
  toJson(): BackfillCommits {
    return [...this.byCommit].map(([committedAt, { recorded }]) => ({
      committedAt,
      recordedMillis: recorded,
    }));
  }

  /** A tally holding what {@link toJson} gave (decoded by {@link BackfillCommits}). */
  static fromJson(commits: BackfillCommits, knownAtMillis: number | null = null): BackfillTally {
    const tally = new BackfillTally(knownAtMillis);
    for (const { committedAt, recordedMillis } of commits)
      tally.byCommit.set(committedAt, {
        committedMillis: parseInstantMillis(committedAt),
        recorded: [...recordedMillis],
      });
    return tally;
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
