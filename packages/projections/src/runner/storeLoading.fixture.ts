import type { EventStore, NewHazardEvent, RecordedHazardEvent } from "@hazard-ledger/core";
import type { ProjectableEvent } from "../ledger/projectableEvent.js";

/**
 * Appends events one by one in their order, keeping their recordedAt (as an import does); a
 * history from the past onto a store whose clock is now, so allowed as a backfill.
 */
export const appendAll = async (
  store: EventStore,
  events: readonly ProjectableEvent[],
): Promise<bigint | null> => {
  let last: bigint | null = null;
  for (const e of events) {
    const event = {
      hazardId: e.hazardId,
      type: e.type,
      data: e.data,
      occurredAt: e.occurredAt,
      recordedAt: e.recordedAt,
      actor: e.actor,
    } as NewHazardEvent;
    const result = await store.appendToStream(e.hazardId, [event], { backfill: true });
    if (result._tag === "Left") throw new Error(result.left.message);
    last = result.right.events[result.right.events.length - 1]?.position ?? last;
  }
  return last;
};

/** Wraps a store to count the events its readAll hands out. */
export const countingReads = (store: EventStore): EventStore & { readonly read: number } => {
  let read = 0;
  return {
    ...store,
    get read() {
      return read;
    },
    readAll: (options) => ({
      [Symbol.asyncIterator]: async function* (): AsyncGenerator<RecordedHazardEvent> {
        for await (const e of store.readAll(options)) {
          read += 1;
          yield e;
        }
      },
    }),
  };
};

export const collect = async <A>(items: AsyncIterable<A>): Promise<A[]> => {
  const out: A[] = [];
  for await (const item of items) out.push(item);
  return out;
};

/**
 * Appends `events` to `store` in parts cut at `cuts` (positions modulo the length, any order,
 * repeats ignored), calling `afterEachPart` after each part and once more after the last: a
 * reader restarted at random points of a growing log.
 */
export const appendInParts = async (
  store: EventStore,
  events: readonly ProjectableEvent[],
  cuts: readonly number[],
  afterEachPart: () => Promise<void>,
): Promise<void> => {
  const points = [...new Set(cuts.map((c) => c % (events.length + 1)))].sort((a, b) => a - b);
  let from = 0;
  for (const point of [...points, events.length]) {
    await appendAll(store, events.slice(from, point));
    from = point;
    await afterEachPart();
  }
};
