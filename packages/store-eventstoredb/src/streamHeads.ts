import { type StoredHazardEvent } from "@hazard-ledger/core";
import { type CommandSpan, GENESIS_HASH, commandSpan, spanFrom, spanTo } from "@hazard-ledger/core/store-kit";

/**
 * What an append must know of a stream, kept between appends so that an append reads only
 * what is new on the server, never the whole stream again: the length, the last hash (to
 * chain the next event to) and where each command's events are (to answer a repeat).
 */
export interface StreamHead {
  length: number;
  lastHash: string;
  readonly commands: Map<string, CommandSpan>;
}

export const emptyStreamHead = (): StreamHead => ({ length: 0, lastHash: GENESIS_HASH, commands: new Map() });

/**
 * Extends a head with events of its stream read in order. Events it already holds are
 * skipped, so two readers racing over the same new events extend it once.
 */
export const extendStreamHead = (head: StreamHead, events: Iterable<StoredHazardEvent>): void => {
  for (const e of events) {
    if (e.seq < head.length) continue;
    if (e.seq > head.length)
      throw new RangeError(`stream head of ${e.hazardId} is at ${head.length}, cannot take seq ${e.seq}`);
    if (e.commandId !== undefined) {
      const span = head.commands.get(e.commandId);
      // A command's events are one append: a run of consecutive seqs.
      if (span === undefined) head.commands.set(e.commandId, e.seq);
      else if (spanTo(span) === e.seq - 1) head.commands.set(e.commandId, commandSpan(spanFrom(span), e.seq));
    }
    head.length++;
    head.lastHash = e.hash;
  }
};

/** Stream heads by hazard, the least recently used dropped beyond `capacity`. */
export class StreamHeadCache {
  private readonly heads = new Map<string, StreamHead>();

  constructor(private readonly capacity: number) {
    if (!Number.isSafeInteger(capacity) || capacity < 0)
      throw new RangeError(`EventStoreDB streamCacheSize ${capacity} must be a whole number ≥ 0`);
  }

  get(hazardId: string): StreamHead | undefined {
    const head = this.heads.get(hazardId);
    if (head !== undefined) {
      this.heads.delete(hazardId);
      this.heads.set(hazardId, head);
    }
    return head;
  }

  set(hazardId: string, head: StreamHead): void {
    if (this.capacity === 0) return;
    this.heads.delete(hazardId);
    this.heads.set(hazardId, head);
    for (const oldest of this.heads.keys()) {
      if (this.heads.size <= this.capacity) break;
      this.heads.delete(oldest);
    }
  }

  delete(hazardId: string): void {
    this.heads.delete(hazardId);
  }

  get size(): number {
    return this.heads.size;
  }
}
