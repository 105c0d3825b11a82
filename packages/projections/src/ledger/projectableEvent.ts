import type { EvolvableEvent } from "@hazard-ledger/core";

/**
 * What a projection reads of an event: what core's `applyEvent` folds, plus the stream
 * position (`seq`) and the system time (`recordedAt`). `StoredHazardEvent` and
 * `RecordedHazardEvent` (any store's `readAll`) are projectable as they are; `position`, when
 * present, is the global checkpoint the runner keeps.
 */
export type ProjectableEvent = EvolvableEvent & {
  readonly seq: number;
  readonly recordedAt: string;
  readonly position?: bigint;
  /** When the store committed it, and whether as a backfill (what a store's read says). */
  readonly committedAt?: string;
  readonly backfill?: true;
};

/** A source of events: an array, a generator, or a store's `readAll()`. */
export type EventSource = Iterable<ProjectableEvent> | AsyncIterable<ProjectableEvent>;
