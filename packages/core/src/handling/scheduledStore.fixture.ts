import type fc from "fast-check";
import type { EventStore } from "../store/eventStore.js";

/**
 * The store as seen by racing clients: each read and append runs when called (it sees the
 * store as it is then) but its answer is delivered when fast-check's scheduler decides, so
 * the property explores the orders in which concurrent handlers learn what happened.
 */
export const scheduledStore = (s: fc.Scheduler, store: EventStore): EventStore => ({
  ...store,
  readStream: s.scheduleFunction((hazardId, options) => store.readStream(hazardId, options)),
  streamRevision: s.scheduleFunction((hazardId) => store.streamRevision(hazardId)),
  appendToStream: s.scheduleFunction((hazardId, events, options) =>
    store.appendToStream(hazardId, events, options),
  ),
  appendBatch: s.scheduleFunction((appends) => store.appendBatch(appends)),
});
