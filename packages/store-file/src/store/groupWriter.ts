import { ftruncateSync, writeSync } from "node:fs";
import type { RecordedHazardEvent } from "@hazard-ledger/core";
import {
  CODEC_COMPACT,
  FLAG_COMMIT,
  decodePayload,
  encodeCompactPayload,
  isHeaderProblem,
  readRecordHeader,
  recordSize,
  writeRecordInto,
  writeTextRecordInto,
} from "../format/recordFormat.js";
import { ChunkedFloat64Array, ChunkedUint32Array } from "../index/chunkedArray.js";
import { readFully } from "../scan/readFully.js";
import type { PendingFrontier } from "./pendingFrontier.js";
import type { StagedEvent, StagedRecords } from "./staging.js";

const MAX_CHUNK = 4 * 1024 * 1024;
const MIN_CHUNK = 64 * 1024;
/** What a staged event holds beyond its event-log line: the store's, never the payload's. */
const NOT_IN_PAYLOAD: ReadonlySet<string> = new Set(["position", "committedAt", "backfill"]);

/** The event-log line of a staged event as JSON (`toEventLogLine` without building the object again). */
const eventLogText = (event: StagedEvent["event"]): string => {
  const { position: _p, committedAt: _c, backfill: _b, ...line } = event;
  return JSON.stringify(line);
};

/** Records a column chunk holds (1 Ki): most groups are one append of a few events. */
const COLUMN_CHUNK_BITS = 10;

const writeFully = (fd: number, buf: Buffer, length: number, position: number): void => {
  let done = 0;
  while (done < length) done += writeSync(fd, buf, done, length - done, position + done);
};

/**
 * Frames and writes the events of one group commit as they are sealed, so that a big
 * import holds its records in a few megabytes of buffer instead of all of them in memory.
 *
 * Transactions are written one after the other, each ending in a commit record. The last
 * event seen is held back until the next one comes or the transaction ends, since only then
 * is it known whether it carries the commit flag. A transaction that fails its checks
 * halfway is taken back: its bytes leave the buffer and, if some already reached the file,
 * the file is cut back at once, so that no stale record ever follows a later commit.
 * Nothing is durable or visible before the caller's fdatasync and index update.
 */
export class GroupWriter implements StagedRecords {
  private chunk: Buffer;
  /** File offset of chunk[0]. */
  private chunkStart: number;
  private used = 0;
  /** The last event seen, waiting for the one after it (which tells whether it ends its transaction). */
  private held: StagedEvent | undefined;
  private txnStart: number;
  private txnRecords = 0;
  /**
   * Records framed, in order (record k has position `firstPosition + k`): what the index learns
   * after the fsync, and where a streamed batch reads back the events it did not keep. Typed
   * columns, 16 bytes a record, and one id a stream in {@link streamIds}, never the events, so
   * a batch of millions of events stays small here.
   */
  private readonly streamOrdinals = new ChunkedUint32Array(COLUMN_CHUNK_BITS);
  private readonly seqs = new ChunkedUint32Array(COLUMN_CHUNK_BITS);
  private readonly offsets = new ChunkedFloat64Array(COLUMN_CHUNK_BITS);
  /** The hazard id of each stream ordinal ({@link streamOrdinal}). */
  private readonly streamIds: string[] = [];
  /** The commit time (ms) of the transaction being framed: every record of it carries it. */
  commitTime = 0;
  /**
   * The ledger digest's frontier, extended by every event framed, when the store's frontier
   * covered the whole log as the group began (else the store catches up from the log later).
   */
  frontier: PendingFrontier | undefined;

  constructor(
    private readonly fd: number,
    /** Where the group starts: the last commit of the segment. */
    readonly start: number,
    /** The position of the group's first event: the log's size as the group began. */
    readonly firstPosition: number,
    buffer?: Buffer,
    /** Payloads are written compact (codec 1) where that form holds them exactly; else JSON. */
    private readonly compact = true,
  ) {
    this.chunk = buffer ?? Buffer.allocUnsafe(MIN_CHUNK);
    this.chunkStart = start;
    this.txnStart = start;
  }

  /** The buffer, for the next group to reuse. */
  get buffer(): Buffer {
    return this.chunk;
  }

  /** Offset after the last record framed so far. */
  get end(): number {
    return this.chunkStart + this.used;
  }

  /** Records framed so far (the event held back is not one yet). */
  get records(): number {
    return this.offsets.length;
  }

  /** Record k's hazard id, seq, position and file offset: what the index learns of it. */
  hazardIdOf(k: number): string {
    return this.streamIds[this.streamOrdinals.get(k)] as string;
  }

  seqOf(k: number): number {
    return this.seqs.get(k);
  }

  positionOf(k: number): number {
    return this.firstPosition + k;
  }

  offsetOf(k: number): number {
    return this.offsets.get(k);
  }

  streamId(ordinal: number): string {
    return this.streamIds[ordinal] as string;
  }

  streamOrdinal(hazardId: string): number {
    return this.streamIds.push(hazardId) - 1;
  }

  ordinalOf(k: number): number {
    return k === this.records && this.held !== undefined ? this.held.stream : this.streamOrdinals.get(k);
  }

  recordAt(k: number): StagedEvent {
    if (k === this.records && this.held !== undefined) return this.held;
    if (k >= this.records) throw new Error(`record ${k} of the group is not staged`);
    const offset = this.offsets.get(k);
    const length = (k + 1 < this.records ? this.offsets.get(k + 1) : this.end) - offset;
    let buf: Buffer;
    let at: number;
    // A record is never split: it is in the buffer whole, or already written whole.
    if (offset >= this.chunkStart) {
      buf = this.chunk;
      at = offset - this.chunkStart;
    } else {
      buf = Buffer.allocUnsafe(length);
      at = 0;
      if (readFully(this.fd, buf, length, offset) < length)
        throw new Error(`record ${k} of the group is cut short in the file`);
    }
    const h = readRecordHeader(buf, at, length);
    if (isHeaderProblem(h)) throw new Error(`record ${k} of the group does not read back: ${h.kind}`);
    const event = decodePayload(buf, at + h.payloadStart, at + h.length, h.codec) as RecordedHazardEvent;
    return { event, flags: h.flags, stream: this.streamOrdinals.get(k) };
  }

  /** Takes the next sealed event of the current transaction. */
  add(staged: StagedEvent): void {
    if (this.held !== undefined) this.frame(this.held, 0);
    this.held = staged;
    this.frontier?.add(staged.event.hash);
  }

  /** Ends the current transaction: its last event gets the commit flag. */
  commit(): void {
    if (this.held !== undefined) this.frame(this.held, FLAG_COMMIT);
    this.held = undefined;
    this.txnStart = this.end;
    this.txnRecords = 0;
    this.frontier?.commit();
  }

  /** Takes back the current transaction. */
  rollback(): void {
    this.held = undefined;
    this.frontier?.rollback();
    const kept = this.records - this.txnRecords;
    for (const column of [this.streamOrdinals, this.seqs, this.offsets]) column.truncate(kept);
    this.txnRecords = 0;
    if (this.txnStart >= this.chunkStart) this.used = this.txnStart - this.chunkStart;
    else {
      ftruncateSync(this.fd, this.txnStart);
      this.chunkStart = this.txnStart;
      this.used = 0;
    }
  }

  /** Writes what is still in the buffer; returns the offset after the last record. */
  flush(): number {
    if (this.held !== undefined) throw new Error("a transaction was left open");
    if (this.used > 0) writeFully(this.fd, this.chunk, this.used, this.chunkStart);
    this.chunkStart += this.used;
    this.used = 0;
    return this.chunkStart;
  }

  private frame(staged: StagedEvent, commit: number): void {
    const { event, flags } = staged;
    // The payload is the event-log line: the sealed event, whose keys are already in the
    // line's order, without what the store added to it.
    const compact = this.compact ? encodeCompactPayload(event, NOT_IN_PAYLOAD) : undefined;
    const text = compact === undefined ? eventLogText(event) : "";
    const payloadBytes = compact?.length ?? Buffer.byteLength(text, "utf8");
    const size = recordSize(event.hazardId, payloadBytes);
    if (this.used + size > this.chunk.length) {
      if (this.used > 0) writeFully(this.fd, this.chunk, this.used, this.chunkStart);
      this.chunkStart += this.used;
      this.used = 0;
      if (size > this.chunk.length || this.chunk.length < MAX_CHUNK)
        this.chunk = Buffer.allocUnsafe(Math.max(size, Math.min(MAX_CHUNK, this.chunk.length * 4)));
    }
    const position = this.firstPosition + this.records;
    // Positions are implied by the order of records: staging hands them out one by one and
    // takes back those of a failed transaction, as rollback does its records.
    if (Number(event.position) !== position)
      throw new Error(`record of position ${event.position} framed where ${position} is next`);
    this.offsets.push(this.chunkStart + this.used);
    this.streamOrdinals.push(staged.stream);
    this.seqs.push(event.seq);
    this.txnRecords++;
    const record = {
      hazardId: event.hazardId,
      seq: event.seq,
      position,
      flags: flags | commit,
      committedAt: this.commitTime,
    };
    this.used =
      compact !== undefined
        ? writeRecordInto(this.chunk, this.used, { ...record, codec: CODEC_COMPACT, payload: compact })
        : writeTextRecordInto(this.chunk, this.used, record, text, payloadBytes);
  }
}
