import { FLAG_APPEND_START } from "../format/recordFormat.js";
import { type CommandSpan, commandSpan } from "@hazard-ledger/core/store-kit";
import type { CommittedEvent } from "./staging.js";

interface CachedStream {
  /** Length of the stream when `lastHash` was read. */
  length: number;
  lastHash: string;
  /** Command spans of the first `commandsLength` events, once asked for. */
  commands: Map<string, CommandSpan> | undefined;
  commandsLength: number;
}

/** Reads of the committed log the cache fills itself from. */
export interface StreamSource {
  streamLength(hazardId: string): number;
  readStream(hazardId: string, from: number, to: number): CommittedEvent[];
}

/**
 * What appends need of recently written streams: the last hash (to chain the next event)
 * and the command ids with their spans (for idempotent replays). Kept for the most recently
 * used streams only, and extended by reading just the events appended since, so a command
 * on a long stream does not read the stream again.
 */
export class StreamCache {
  private readonly entries = new Map<string, CachedStream>();

  constructor(
    private readonly source: StreamSource,
    private readonly capacity = 4096,
  ) {}

  private entry(hazardId: string): CachedStream {
    const length = this.source.streamLength(hazardId);
    let e = this.entries.get(hazardId);
    if (e !== undefined) this.entries.delete(hazardId);
    if (e === undefined || e.length !== length) {
      const last = this.source.readStream(hazardId, length - 1, length - 1)[0];
      if (last === undefined) throw new Error(`${hazardId}: the last event of the stream cannot be read`);
      e =
        e === undefined || e.length > length
          ? { length, lastHash: last.event.hash, commands: undefined, commandsLength: 0 }
          : { ...e, length, lastHash: last.event.hash };
    }
    this.entries.set(hazardId, e);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return e;
  }

  lastHash(hazardId: string): string {
    return this.entry(hazardId).lastHash;
  }

  commandSpans(hazardId: string): ReadonlyMap<string, CommandSpan> {
    const e = this.entry(hazardId);
    if (e.commands !== undefined && e.commandsLength === e.length) return e.commands;
    const commands = e.commands ?? new Map<string, CommandSpan>();
    const from = e.commands === undefined ? 0 : e.commandsLength;
    const events = this.source.readStream(hazardId, from, e.length - 1);
    // Every append begins with an APPEND_START record, so the events read begin a span.
    const starts: number[] = [];
    events.forEach((c, i) => {
      if ((c.flags & FLAG_APPEND_START) !== 0 || i === 0) starts.push(from + i);
    });
    let span = 0;
    for (let i = 0; i < events.length; i++) {
      const seq = from + i;
      while (span + 1 < starts.length && (starts[span + 1] as number) <= seq) span++;
      const id = (events[i] as CommittedEvent).event.commandId;
      if (id !== undefined && !commands.has(id))
        commands.set(id, commandSpan(starts[span] as number, (starts[span + 1] ?? e.length) - 1));
    }
    e.commands = commands;
    e.commandsLength = e.length;
    return commands;
  }

  /** After this process wrote: the stream now ends at `length` with `lastHash`. */
  appended(hazardId: string, length: number, lastHash: string): void {
    const e = this.entries.get(hazardId);
    if (e !== undefined) {
      e.length = length;
      e.lastHash = lastHash;
    }
  }
}
