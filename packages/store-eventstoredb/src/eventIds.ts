import { v4 as uuidv4, v5 as uuidv5 } from "uuid";

/** The uuid v5 namespace of the event ids derived from a command id. Never change it. */
export const COMMAND_EVENT_ID_NAMESPACE = "9fae29f8-19b4-4733-af0e-60499fa4c7ab";

/** The uuid v5 namespace of the event ids derived from an event's own `eventId`. Never change it. */
export const EVENT_ID_NAMESPACE = "3c1f7e52-8a4d-4b9e-9d6a-2f0b7c5e1a94";

/**
 * The server event id of the `index`-th event of an append: uuid v5 of `commandId:index`
 * when the event carries a command id, so a retried command sends the very same ids and the
 * server's own idempotency check recognises it; uuid v5 of the event's `eventId` otherwise;
 * a random uuid (v4) when the event has neither.
 *
 * The index is the last `:`-separated part and a number, so distinct (commandId, index)
 * pairs never name the same uuid input.
 */
export const serverEventId = (event: { commandId?: string; eventId?: string }, index: number): string => {
  if (!Number.isSafeInteger(index) || index < 0)
    throw new RangeError(`event index ${index} is not a whole number ≥ 0`);
  if (event.commandId !== undefined) return uuidv5(`${event.commandId}:${index}`, COMMAND_EVENT_ID_NAMESPACE);
  if (event.eventId !== undefined) return uuidv5(event.eventId, EVENT_ID_NAMESPACE);
  return uuidv4();
};
