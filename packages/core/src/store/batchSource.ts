import * as E from "fp-ts/lib/Either.js";
import type { AppendError, BatchResult, StreamAppend, StreamAppendSource } from "./eventStore.js";

/** How pulling a batch's source ended. */
export type BatchPull =
  | { readonly kind: "done" }
  | { readonly kind: "refused"; readonly error: AppendError }
  /** The source itself threw: the store takes the batch back and rejects with `error`. */
  | { readonly kind: "source_failed"; readonly error: unknown };

/**
 * Pulls a batch's appends one at a time and hands each to `take` (which checks and stages
 * it), until the source ends, `take` refuses one, or the source throws. A throw of `take`
 * (the store failing) propagates. The source is closed (`return()`) whenever it is left
 * early, so a generator's `finally` runs.
 */
export const pullBatch = async (
  source: StreamAppendSource,
  take: (append: StreamAppend) => E.Either<AppendError, unknown> | Promise<E.Either<AppendError, unknown>>,
): Promise<BatchPull> => {
  const iterator: Iterator<StreamAppend> | AsyncIterator<StreamAppend> =
    Symbol.asyncIterator in source
      ? source[Symbol.asyncIterator]()
      : (source as Iterable<StreamAppend>)[Symbol.iterator]();
  let finished = false;
  try {
    for (;;) {
      let next: IteratorResult<StreamAppend>;
      try {
        next = await iterator.next();
      } catch (error) {
        finished = true;
        return { kind: "source_failed", error };
      }
      if (next.done === true) {
        finished = true;
        return { kind: "done" };
      }
      const taken = await take(next.value);
      if (E.isLeft(taken)) return { kind: "refused", error: taken.left };
    }
  } finally {
    if (!finished) await closeQuietly(iterator);
  }
};

const closeQuietly = async (iterator: Iterator<unknown> | AsyncIterator<unknown>): Promise<void> => {
  try {
    await iterator.return?.();
  } catch {
    // The batch's own outcome is what the caller needs; a source failing to close adds nothing.
  }
};

/** Counts a batch as it is staged, holding one number per stream it touches. */
export class BatchTally {
  appended = 0;
  lastPosition: bigint | null = null;
  readonly nextExpectedRevisions = new Map<string, number>();

  /** Records that `hazardId` ends at `revision` after `written` new events. */
  add(hazardId: string, revision: number, written: number): void {
    this.appended += written;
    this.nextExpectedRevisions.set(hazardId, revision);
  }

  /** What the batch wrote, as the store answers it. */
  result(): BatchResult {
    return {
      appended: this.appended,
      streams: this.nextExpectedRevisions.size,
      lastPosition: this.lastPosition,
      nextExpectedRevisions: this.nextExpectedRevisions,
    };
  }
}
