import {
  closeSync,
  existsSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  openSync,
  readSync,
  renameSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import {
  MAX_HEADER_SIZE,
  headerProblemText,
  isHeaderProblem,
  readRecordHeader,
  recordPositionAt,
} from "../format/recordFormat.js";
import {
  SEGMENT_HEADER_SIZE,
  encodeSegmentHeader,
  segmentHeaderProblem,
  segmentHoldsCompact,
  segmentPath,
} from "../format/segmentFile.js";
import type { IndexSnapshot } from "../index/indexSnapshot.js";
import { LogIndex } from "../index/logIndex.js";
import { FileWindow } from "../scan/fileWindow.js";
import { findNextIntactRecord, isDamagedWholeRecord, scanTransactions } from "../scan/scanRecords.js";
import type { CorruptionSite } from "./errors.js";
import { fsyncDirectory } from "./ledgerManifest.js";

/** One segment file of the log, open for reading. */
export interface Segment {
  readonly number: number;
  readonly fd: number;
  /** Offset after the last committed record this process has indexed. */
  end: number;
  /** A version 2 segment: it may hold compact records (see `segmentFile.ts`). */
  readonly compact: boolean;
}

/** Bytes read ahead for a record of unknown length: most events fit. */
export const RECORD_PEEK = 4096;
/** The window of a scan of the log. */
const SCAN_WINDOW = 4 * 1024 * 1024;

const writeFully = (fd: number, buf: Buffer, length: number, position: number): void => {
  let done = 0;
  while (done < length) done += writeSync(fd, buf, done, length - done, position + done);
};

/**
 * The segment files of one ledger and the index of what they commit: opening them (adopting
 * a saved index when the files still agree with it), catching up with what other processes
 * appended, telling a torn tail from damage and cutting the tail, and starting segments.
 *
 * Recovery: the record headers are scanned to build the per-hazard index; a torn tail (a
 * record cut short, or a transaction without its commit record) is cut back to the last
 * commit, while a checksum failure with intact records after it is reported as damage
 * ({@link corruption}), never skipped.
 */
export class SegmentLog {
  readonly segments: Segment[] = [];
  index = new LogIndex();
  /** Damage found in the log: reads and writes are refused once it is set. */
  corruption: CorruptionSite | undefined;
  /**
   * True while this process writes a transaction under the writer lock: nobody else can
   * append then, and what is past the last commit is our own open transaction, so reads
   * (a batch's source may read) keep to the index instead of scanning it.
   */
  writing = false;
  private writeFd: number | undefined;
  private writeSegment = -1;

  constructor(readonly dir: string) {}

  /** Committed events this process has indexed. */
  get size(): number {
    return this.index.size;
  }

  /** The last segment (the one written to), once there is one. */
  get last(): Segment | undefined {
    return this.segments[this.segments.length - 1];
  }

  /** Bytes of committed records on disk, segment headers included. */
  get bytes(): number {
    return this.segments.reduce((n, s) => n + s.end, 0);
  }

  /**
   * Takes a saved index if the log still agrees with it: closed segments the same size, the
   * last segment no shorter, and its last event where it says, ending where it says.
   */
  adopt(snapshot: IndexSnapshot, segmentFiles: number): boolean {
    const { index, segmentEnds } = snapshot;
    if (segmentEnds.length === 0 || segmentEnds.length > segmentFiles) return false;
    const fds: number[] = [];
    const versions: boolean[] = [];
    try {
      for (let n = 0; n < segmentEnds.length; n++) {
        const { fd, compact } = this.openSegmentFile(n);
        fds.push(fd);
        versions.push(compact);
        const size = fstatSync(fd).size;
        const end = segmentEnds[n] as number;
        if (n < segmentEnds.length - 1 ? size !== end : size < end) throw new Error("segment size");
      }
      if (index.size > 0) {
        const { segment, offset } = index.locate(index.size - 1);
        const buf = Buffer.alloc(RECORD_PEEK);
        const got = readSync(fds[segment] as number, buf, 0, RECORD_PEEK, offset);
        const h = readRecordHeader(buf, 0, Math.min(got, MAX_HEADER_SIZE + 64));
        const length = isHeaderProblem(h) ? (h.kind === "incomplete" ? h.need : -1) : h.length;
        const position = isHeaderProblem(h) && h.kind === "bad_header" ? -1 : recordPositionAt(buf, 0);
        if (position !== index.size - 1 || offset + length !== segmentEnds[segment])
          throw new Error("last record");
      }
    } catch {
      for (const fd of fds) closeSync(fd);
      return false;
    }
    this.index = index;
    fds.forEach((fd, n) =>
      this.segments.push({ number: n, fd, end: segmentEnds[n] as number, compact: versions[n] as boolean }),
    );
    return true;
  }

  /**
   * Brings the index up to what is committed on disk, including what other processes
   * appended since the last look. Cheap when nothing changed: one fstat and one exists.
   */
  refresh(): void {
    if (this.corruption !== undefined || this.writing) return;
    if (this.segments.length === 0) {
      // A ledger without segments yet (a new one, or one `init` made): until another process commits.
      if (!existsSync(segmentPath(this.dir, 0))) return;
      this.openSegment(0);
    }
    for (;;) {
      const last = this.segments[this.segments.length - 1] as Segment;
      this.scanTail(last);
      if (this.corruption !== undefined) return;
      if (!existsSync(segmentPath(this.dir, last.number + 1))) return;
      // A writer starts a segment only once the one before is complete: read it to its end.
      this.scanTail(last);
      if (this.corruption !== undefined) return;
      const size = fstatSync(last.fd).size;
      if (size !== last.end) {
        this.corruption = {
          segment: last.number,
          offset: last.end,
          message: `${size - last.end} bytes after the last commit of a segment that is not the last`,
        };
        return;
      }
      this.openSegment(last.number + 1);
    }
  }

  private scanTail(segment: Segment): void {
    const size = fstatSync(segment.fd).size;
    if (size <= segment.end) return;
    // Sized to what is new, so that following another process's small appends stays cheap.
    const win = new FileWindow(
      segment.fd,
      size,
      Math.min(SCAN_WINDOW, Math.max(RECORD_PEEK, size - segment.end)),
    );
    const segmentIndex = segment.number;
    // Headers only: their checksums make the index sound and find torn tails (a torn write
    // cuts a record short; it never leaves a whole record with a wrong payload). Payload
    // checksums are checked on every read, and all of them by verify.
    const { stop, committedEnd } = scanTransactions(
      win,
      segment.end,
      (records) => {
        if (this.corruption !== undefined) return;
        for (const r of records) {
          const problem = this.index.add(r.header.hazardId, r.header.seq, r.header.position, r.offset);
          if (problem !== undefined) {
            this.corruption = { segment: segmentIndex, offset: r.offset, message: problem };
            return;
          }
        }
      },
      false,
    );
    if (this.corruption !== undefined) return;
    segment.end = committedEnd;
    if (stop.kind === "bad_payload")
      this.corruption = {
        segment: segmentIndex,
        offset: stop.offset,
        message: `${stop.header.hazardId} seq ${stop.header.seq}: payload checksum mismatch`,
      };
    else if (
      stop.kind === "bad_header" &&
      (findNextIntactRecord(win, stop.offset) !== undefined || isDamagedWholeRecord(win, stop.offset))
    )
      this.corruption = {
        segment: segmentIndex,
        offset: stop.offset,
        message: headerProblemText(stop.message, stop.named),
      };
    // Anything else past the last commit is a transaction being written, or a torn tail.
  }

  /** Bytes past the last commit of the last segment: a transaction being written, or a torn tail. */
  tornTailBytes(): number {
    const last = this.last;
    return last === undefined ? 0 : fstatSync(last.fd).size - last.end;
  }

  /** Under the writer lock: drops the bytes after the last commit (a writer died there). */
  cutTornTail(): void {
    if (this.tornTailBytes() <= 0) return;
    const fd = this.writableFd();
    ftruncateSync(fd, (this.last as Segment).end);
    fsyncSync(fd);
  }

  /** A writable descriptor of the last segment (another process may have started a new one). */
  writableFd(): number {
    const last = this.last as Segment;
    if (this.writeFd !== undefined && this.writeSegment !== last.number) {
      closeSync(this.writeFd);
      this.writeFd = undefined;
    }
    if (this.writeFd === undefined) {
      this.writeFd = openSync(segmentPath(this.dir, last.number), "r+");
      this.writeSegment = last.number;
    }
    return this.writeFd;
  }

  /** Starts the next segment (under the writer lock), of version 2 if `compact`. */
  roll(compact: boolean): void {
    const next = (this.last as Segment).number + 1;
    this.createSegmentFile(next, compact);
    this.openSegment(next);
  }

  /**
   * Under the writer lock, for a ledger with no segment yet: its first segment, under a
   * temporary name (renamed by the first commit, so a write that stores nothing creates
   * nothing). Returns the temporary path.
   */
  beginFirstSegment(compact: boolean): string {
    const tmp = `${segmentPath(this.dir, 0)}.tmp`;
    const writeFd = openSync(tmp, "w+");
    try {
      writeFully(writeFd, encodeSegmentHeader(0, compact), SEGMENT_HEADER_SIZE, 0);
      this.segments.push({ number: 0, fd: openSync(tmp, "r"), end: SEGMENT_HEADER_SIZE, compact });
    } catch (e) {
      closeSync(writeFd);
      unlinkSync(tmp);
      throw e;
    }
    this.index.addSegment();
    this.writeFd = writeFd;
    this.writeSegment = 0;
    return tmp;
  }

  /** The first segment got its first commit: it takes its name. */
  keepFirstSegment(tmp: string): void {
    renameSync(tmp, segmentPath(this.dir, 0));
    fsyncDirectory(this.dir);
  }

  /** A first segment that got no commit is removed: the ledger stays as it was (none). */
  dropFirstSegment(tmp: string): void {
    this.closeFiles();
    this.index = new LogIndex();
    try {
      unlinkSync(tmp);
    } catch {
      // Left behind it is harmless: the next first write truncates it.
    }
  }

  closeFiles(): void {
    for (const s of this.segments) closeSync(s.fd);
    this.segments.length = 0;
    if (this.writeFd !== undefined) closeSync(this.writeFd);
    this.writeFd = undefined;
  }

  private createSegmentFile(n: number, compact: boolean): void {
    const file = segmentPath(this.dir, n);
    const tmp = `${file}.tmp`;
    const fd = openSync(tmp, "w");
    try {
      writeFully(fd, encodeSegmentHeader(n, compact), SEGMENT_HEADER_SIZE, 0);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
    fsyncDirectory(this.dir);
  }

  /** Opens segment file `n` for reading, its header checked. */
  private openSegmentFile(n: number): { fd: number; compact: boolean } {
    const fd = openSync(segmentPath(this.dir, n), "r");
    const header = Buffer.alloc(SEGMENT_HEADER_SIZE);
    const got = readSync(fd, header, 0, SEGMENT_HEADER_SIZE, 0);
    const problem = segmentHeaderProblem(header.subarray(0, got), n);
    if (problem !== undefined) {
      closeSync(fd);
      throw new Error(`file event store ${this.dir}: segment ${n}: ${problem}`);
    }
    return { fd, compact: segmentHoldsCompact(header) };
  }

  private openSegment(n: number): Segment {
    const { fd, compact } = this.openSegmentFile(n);
    const segment = { number: n, fd, end: SEGMENT_HEADER_SIZE, compact };
    this.segments.push(segment);
    this.index.addSegment();
    return segment;
  }
}
