import type { RecordedHazardEvent } from "../events/hazardEvent.js";
import type { EventSubscription } from "./eventStore.js";

/** What a store gives {@link catchUpSubscription}: how to read on, and how to wait for more. */
export interface CatchUpSource {
  /** True once the store is closed: the subscription then ends. */
  readonly closed: () => boolean;
  /**
   * The next committed events after those fetched before, in order; empty when there are
   * none yet. A throw (the store failing) rejects the pending `next()`.
   */
  readonly fetch: () => readonly RecordedHazardEvent[];
  /** Calls `wake` once more events may have come (or the store closed); returns how to stop waiting early. */
  readonly waitForMore: (wake: () => void) => () => void;
}

/**
 * A catch-up subscription over a store's global log, the same for every store that can read
 * its log in order: past events first, then live ones as the store wakes it, until closed.
 */
export const catchUpSubscription = (source: CatchUpSource): EventSubscription => {
  let buffered: readonly RecordedHazardEvent[] = [];
  let at = 0;
  let ended = false;
  let pending: Promise<unknown> = Promise.resolve();
  let stopWaiting: (() => void) | undefined;

  const nextEvent = async (): Promise<IteratorResult<RecordedHazardEvent>> => {
    for (;;) {
      if (ended || source.closed()) return { done: true, value: undefined };
      const event = buffered[at];
      if (event !== undefined) {
        at++;
        return { done: false, value: event };
      }
      buffered = source.fetch();
      at = 0;
      if (buffered.length > 0) continue;
      await new Promise<void>((resolve) => {
        stopWaiting = source.waitForMore(resolve);
      });
      stopWaiting = undefined;
    }
  };
  // Calls to next() may overlap; each waits for the one before so none skips an event.
  const next = (): Promise<IteratorResult<RecordedHazardEvent>> => {
    const result = pending.then(nextEvent);
    pending = result.catch(() => undefined);
    return result;
  };
  const close = (): Promise<void> => {
    ended = true;
    stopWaiting?.();
    return Promise.resolve();
  };
  const iterator: AsyncIterator<RecordedHazardEvent> = {
    next,
    return: async () => {
      await close();
      return { done: true, value: undefined };
    },
  };
  return { [Symbol.asyncIterator]: () => iterator, close };
};
