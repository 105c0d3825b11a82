import { ftruncateSync, writeSync } from "node:fs";
import {
  CODEC_COMPACT,
  FLAG_COMMIT,
  encodeCompactPayload,
  recordSize,
  writeRecordInto,
  writeTextRecordInto,
} from "../format/recordFormat.js";
import type { PendingFrontier } from "./pendingFrontier.js";
import type { StagedEvent } from "./staging.js";

const MAX_CHUNK = 4 * 1024 * 1024;
const MIN_CHUNK = 64 * 1024;
/** What a staged event holds beyond its event-log line: the store's, never the payload's. */
const NOT_IN_PAYLOAD: ReadonlySet<string> = new Set(["position", "committedAt", "backfill"]);

/** The event-log line of a staged event as JSON (`toEventLogLine` without building the object again). */
const eventLogText = (event: StagedEvent["event"]): string => {
  const { position: _p, committedAt: _c, backfill: _b, ...line } = event;
  return JSON.stringify(line);
};

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
export class GroupWriter {
  private chunk: Buffer;
  /** File offset of chunk[0]. */
  private chunkStart: number;
  private used = 0;
  /** The last event seen, waiting for the one after it (which tells whether it ends its transaction). */
  private held: StagedEvent | undefined;
  private txnStart: number;
  private txnRecords = 0;
  /**
   * Records written, in order: what the index learns after the fsync. Kept as a few numbers
   * and a shared id each (what the index will hold anyway), never the events, so a batch of
   * millions of events costs tens of bytes per event here.
   */
  readonly hazardIds: string[] = [];
  readonly seqs: number[] = [];
  readonly positions: number[] = [];
  readonly offsets: number[] = [];
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
    for (const column of [this.hazardIds, this.seqs, this.positions, this.offsets])
      column.length -= this.txnRecords;
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
    this.offsets.push(this.chunkStart + this.used);
    this.hazardIds.push(event.hazardId);
    this.seqs.push(event.seq);
    this.positions.push(Number(event.position));
    this.txnRecords++;
    const record = {
      hazardId: event.hazardId,
      seq: event.seq,
      position: Number(event.position),
      flags: flags | commit,
      committedAt: this.commitTime,
    };
    this.used =
      compact !== undefined
        ? writeRecordInto(this.chunk, this.used, { ...record, codec: CODEC_COMPACT, payload: compact })
        : writeTextRecordInto(this.chunk, this.used, record, text, payloadBytes);
  }
}
