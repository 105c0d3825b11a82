import type { EventStore, NewHazardEvent } from "@hazard-ledger/core";

/**
 * A store where another writer always gets there first: before each append to a stream that
 * exists, a rival appends a progress report to it, so the append's expected revision is
 * stale every time. `rivalWrites` counts what the rival wrote.
 */
export const rivalWriterStore = (store: EventStore): EventStore & { readonly rivalWrites: () => number } => {
  let writes = 0;
  return {
    ...store,
    rivalWrites: () => writes,
    appendToStream: async (hazardId, events, options) => {
      const last = (await store.readStream(hazardId)).at(-1);
      if (last !== undefined) {
        const rival: NewHazardEvent = {
          hazardId,
          type: "ProgressReported",
          occurredAt: last.occurredAt,
          recordedAt: last.recordedAt,
          actor: { id: "ent-rival", role: "enterprise" },
          data: { note: "另一终端同时提交的进展" },
        };
        // Recorded at the last event's time, which may lie before the store's clock: a backfill.
        await store.appendToStream(hazardId, [rival], { backfill: true });
        writes += 1;
      }
      return store.appendToStream(hazardId, events, options);
    },
  };
};
