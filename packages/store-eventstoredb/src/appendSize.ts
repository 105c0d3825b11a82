import type { EventData } from "@eventstore/db-client";
import type { NewHazardEvent } from "@hazard-ledger/core";

/**
 * The server's default `MaxAppendSize`, 1 MiB: one append (one server write) whose events
 * sum to more is refused whole with `MaximumAppendSizeExceeded`.
 */
export const DEFAULT_MAX_APPEND_SIZE = 1_048_576;

/**
 * What an event counts for against `MaxAppendSize`: the server's `Event.SizeOnDisk`, its data
 * and metadata bytes plus its type counted twice (EventStore/EventStore
 * `src/EventStore.Core/Data/Event.cs`). The client sends JSON events as `JSON.stringify`.
 */
export const serverEventSize = (event: EventData): number => {
  const bytes = (value: unknown): number =>
    value === undefined
      ? 0
      : value instanceof Uint8Array
        ? value.length
        : Buffer.byteLength(JSON.stringify(value), "utf8");
  return bytes(event.data) + bytes(event.metadata) + event.type.length * 2;
};

/**
 * What sealing adds to an event, at most: in the data, seq, recordedAt, schemaVersion,
 * prevHash and hash (two 64-hex hashes); in the metadata, seq, both hashes again and the
 * command id (counted apart). About 410 bytes; the rest is margin.
 */
const SEALING_BOUND = 640;

/** An upper bound of {@link serverEventSize} for a new event once it is sealed. */
export const sealedEventSizeBound = (event: NewHazardEvent): number =>
  Buffer.byteLength(JSON.stringify(event), "utf8") +
  Buffer.byteLength(event.commandId ?? "", "utf8") +
  SEALING_BOUND +
  event.type.length * 2;

/**
 * The events of one stream's append cut into runs that each fit in one server append, cut
 * only between commands: the events of one command (one command id, in a row) stay in one
 * run, so a command is never half-written by the cut. Events without a command id may be cut
 * anywhere. A single command too large for one append is returned as a run of its own, over
 * the limit: the server refuses it, and the caller says so.
 */
export const chunkByCommand = (
  events: readonly NewHazardEvent[],
  maxAppendSize: number,
): NewHazardEvent[][] => {
  // Commands first: a command is a run of consecutive events with the same command id.
  const units: { events: NewHazardEvent[]; size: number }[] = [];
  for (const e of events) {
    const last = units[units.length - 1];
    const size = sealedEventSizeBound(e);
    if (last !== undefined && e.commandId !== undefined && last.events[0]?.commandId === e.commandId) {
      last.events.push(e);
      last.size += size;
    } else units.push({ events: [e], size });
  }
  const chunks: NewHazardEvent[][] = [];
  let current: NewHazardEvent[] = [];
  let currentSize = 0;
  for (const unit of units) {
    if (current.length > 0 && currentSize + unit.size > maxAppendSize) {
      chunks.push(current);
      current = [];
      currentSize = 0;
    }
    current.push(...unit.events);
    currentSize += unit.size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
};
