import { type HazardState, replay } from "@hazard-ledger/core";
import { applyEvent } from "@hazard-ledger/core/store-kit";
import { type Either, left, right } from "fp-ts/lib/Either.js";
import { type ProjectionError, projectionError } from "../projectionError.js";
import { parseInstantMillis } from "../time/instantMillis.js";
import type { EventSource, ProjectableEvent } from "./projectableEvent.js";
import { type Cutoff, NO_CUTOFF } from "./timeAxes.js";

/** One hazard in the read model: its folded state and when its last folded event was written. */
export interface LedgerEntry {
  /** Folded by core's `applyEvent`; `status` is `none` when the cutoff hid even the report. */
  readonly state: HazardState;
  /**
   * occurredAt and recordedAt of the stream's first event, once it is folded (null before):
   * a cutoff before either leaves the hazard unreported, with no need to read its events.
   */
  readonly firstOccurredAt: string | null;
  readonly firstRecordedAt: string | null;
  /** recordedAt of the last folded event; null when none was folded. */
  readonly lastRecordedAt: string | null;
  /** The cutoff stopped this stream: its later events are not folded. */
  readonly cut: boolean;
}

/**
 * The read model every query runs on: each hazard's state, folded in one pass over the
 * global log. The fold mutates private copies of the states (core's `applyEvent`, not an
 * immer `produce` per event), so a million events fold in about a second; callers get it
 * read-only.
 */
export interface Ledger {
  readonly hazards: ReadonlyMap<string, LedgerEntry>;
  /** Global position of the last event folded that carried one; null before any. */
  readonly position: bigint | null;
  /** Events folded (duplicates skipped and events beyond the cutoff not counted). */
  readonly eventCount: number;
}

interface MutableEntry {
  state: HazardState;
  firstOccurredAt: string | null;
  firstRecordedAt: string | null;
  lastRecordedAt: string | null;
  cut: boolean;
  /**
   * The state's objects may be shared with other entries (frozen values of a restored
   * snapshot): the state is copied before an event is folded into it.
   */
  shared: boolean;
}

/** A ledger under construction; only this module mutates it. */
export interface LedgerBuilder extends Ledger {
  readonly hazards: Map<string, MutableEntry>;
  position: bigint | null;
  eventCount: number;
}

/**
 * A private copy of core's initial state to fold into (readonly in its type only: `applyEvent`
 * changes its fields). Core's own copy: every field inside the object, in the hidden class all
 * states share, and the all-zero count records shared, since `applyEvent` replaces a record
 * it changes instead of writing to it.
 */
export const freshState = (): HazardState => replay([]);

/** A private copy of a state whose objects are shared: the fold changes its fields in place. */
const ownCopy = (state: HazardState): HazardState => replay([], state);

/** An empty ledger to fold into. */
export const emptyLedger = (): LedgerBuilder => ({ hazards: new Map(), position: null, eventCount: 0 });

/**
 * Folds one event into the ledger, in place. Returns null, or a one-line reason when the
 * events are not a stream: a gap in seq, or a stream that does not begin at seq 0.
 * An event at or below the stream's folded seq is a redelivery and is skipped, so a
 * subscription that repeats its last event does no harm.
 */
export const foldEvent = (ledger: LedgerBuilder, event: ProjectableEvent, cutoff: Cutoff): string | null => {
  let entry = ledger.hazards.get(event.hazardId);
  if (entry === undefined) {
    entry = {
      state: freshState(),
      firstOccurredAt: null,
      firstRecordedAt: null,
      lastRecordedAt: null,
      cut: false,
      shared: false,
    };
    ledger.hazards.set(event.hazardId, entry);
  }
  if (event.position !== undefined) ledger.position = event.position;
  if (entry.cut || event.seq <= entry.state.seq) return null;
  if (event.seq !== entry.state.seq + 1)
    return entry.state.seq < 0
      ? `hazard ${event.hazardId}: its first event has seq ${event.seq}, expected 0`
      : `hazard ${event.hazardId}: event seq ${event.seq} follows seq ${entry.state.seq} (a gap in the stream)`;
  if (
    (cutoff.asOfMillis !== Infinity && parseInstantMillis(event.occurredAt) > cutoff.asOfMillis) ||
    (cutoff.knownAtMillis !== Infinity && parseInstantMillis(event.recordedAt) > cutoff.knownAtMillis)
  ) {
    entry.cut = true;
    return null;
  }
  if (entry.shared) {
    entry.state = ownCopy(entry.state);
    entry.shared = false;
  }
  applyEvent(entry.state, event);
  if (entry.firstRecordedAt === null) {
    entry.firstOccurredAt = event.occurredAt;
    entry.firstRecordedAt = event.recordedAt;
  }
  entry.lastRecordedAt = event.recordedAt;
  ledger.eventCount += 1;
  return null;
};

const historyError = (reason: string): Either<ProjectionError, never> =>
  left(projectionError("INVALID_HISTORY", reason));

/**
 * Folds a finite sequence of events (global order: each hazard's events in seq order, hazards
 * interleaved) into a ledger, keeping only what the cutoff lets through.
 */
export const foldLedger = (
  events: Iterable<ProjectableEvent>,
  cutoff: Cutoff = NO_CUTOFF,
  into: LedgerBuilder = emptyLedger(),
): Either<ProjectionError, LedgerBuilder> => {
  for (const event of events) {
    const problem = foldEvent(into, event, cutoff);
    if (problem !== null) return historyError(problem);
  }
  return right(into);
};

/** {@link foldLedger} over an async source such as a store's `readAll()`. */
export const foldLedgerAsync = async (
  events: EventSource,
  cutoff: Cutoff = NO_CUTOFF,
  into: LedgerBuilder = emptyLedger(),
): Promise<Either<ProjectionError, LedgerBuilder>> => {
  for await (const event of events) {
    const problem = foldEvent(into, event, cutoff);
    if (problem !== null) return historyError(problem);
  }
  return right(into);
};

/** The states of the hazards the ledger has seen reported (cut-off reports left out). */
export function* reportedStates(ledger: Ledger): Generator<HazardState> {
  for (const entry of ledger.hazards.values()) if (entry.state.status !== "none") yield entry.state;
}
