import {
  closeSync,
  existsSync,
  fdatasync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  openSync,
  readSync,
  renameSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { promisify } from "node:util";
import * as E from "fp-ts/lib/Either.js";
import {
  type AppendError,
  type AppendOptions,
  type AppendResult,
  type BatchResult,
  type EventStore,
  type EventSubscription,
  DEFAULT_HASH_ALGORITHM,
  type HashAlgorithm,
  type LedgerSettings,
  type NewHazardEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedHazardEvent,
  type StreamAppend,
  type StreamAppendSource,
  type StreamRevision,
  type WriteOptions,
} from "@hazard-ledger/core";
import {
  type BatchPull,
  BatchTally,
  catchUpSubscription,
  nextCommitTime,
  pullBatch,
  sameLedgerRules,
  settle,
  readRange,
  type CommandSpan,
} from "@hazard-ledger/core/store-kit";
import { crc32 } from "node:zlib";
import {
  FLAG_BACKFILL,
  MAX_HEADER_SIZE,
  RECORD_HEADER_SIZE,
  RECORD_MAGIC,
  type RecordHeader,
  headerIntact,
  commitTimeOf,
  headerBytes,
  isHeaderProblem,
  payloadIntact,
  readRecordHeader,
} from "../format/recordFormat.js";
import {
  SEGMENT_HEADER_SIZE,
  encodeSegmentHeader,
  segmentHeaderProblem,
  segmentPath,
} from "../format/segmentFile.js";
import { type IndexSnapshot, readIndexSnapshot, writeIndexSnapshot } from "../index/indexSnapshot.js";
import { LogIndex } from "../index/logIndex.js";
import { type HeldLock, acquireWriterLock, tryAcquireWriterLock } from "../lock/writerLock.js";
import { FileWindow } from "../scan/fileWindow.js";
import { findNextIntactRecord, isDamagedWholeRecord, scanTransactions } from "../scan/scanRecords.js";
import { type VerifyReport, verifyStoreDirectory } from "../verify/verifyStore.js";
import { type CorruptionSite, StoreCorruptError } from "./errors.js";
import {
  LedgerSettingsConflictError,
  fsyncDirectory,
  readLedgerManifest,
  writeLedgerManifestOnce,
} from "./ledgerManifest.js";
import {
  LedgerPathError,
  inspectLedgerPath,
  makeDirectory,
  noLedgerError,
  notADirectory,
} from "./ledgerPath.js";
import {
  type CommitStamp,
  type CommittedEvent,
  type CommittedLog,
  type StagedEvent,
  type StagedTransaction,
  Staging,
} from "./staging.js";
import { GroupWriter } from "./groupWriter.js";
import { FileDigest } from "./fileDigest.js";
import { StreamCache } from "./streamCache.js";

const fdatasyncAsync = promisify(fdatasync);

/** Options of {@link openFileEventStore}. */
export interface FileEventStoreOptions {
  /** The clock that stamps `recordedAt` on events that bring none; default the system clock. */
  readonly now?: () => Date;
  /** How long an append waits for another process's writer lock; default 10 000 ms. */
  readonly lockTimeoutMs?: number;
  /**
   * Whether an append waits for its bytes to be on disk (fdatasync) before it resolves;
   * default true. Turn off only for throwaway stores (tests): a crash of the machine may
   * then lose acknowledged events (a crash of the process still loses nothing).
   */
  readonly fsync?: boolean;
  /** A segment is closed, and the next begun, once it holds this many bytes; default 256 MiB. */
  readonly segmentBytes?: number;
  /** How often a waiting subscription looks for events other processes appended; default 200 ms. */
  readonly pollIntervalMs?: number;
  /**
   * `write` (the default) may write: appends take the writer lock, a torn tail is cut, the
   * saved index is refreshed, and the ledger is created by its first commit if there is none
   * (no file appears before). `read` never writes a byte, never takes the lock and never cuts
   * a torn tail (it reads up to the last commit); it opens only an existing ledger
   * ({@link LedgerPathError} `NO_LEDGER` otherwise), and appends are refused.
   */
  readonly mode?: "read" | "write";
  /**
   * The settings of the ledger this store writes: kept in its manifest (`ledger.json`, written
   * durably before the commit that needs it) when it has none, and a commit into a ledger whose
   * manifest names another zone or hash is refused ({@link LedgerSettingsConflictError}).
   */
  readonly ledger?: LedgerSettings;
}

/** Figures about an open store. */
export interface FileEventStoreStats {
  readonly events: number;
  readonly hazards: number;
  readonly segments: number;
  /** Bytes of the index's arrays (the map of hazard ids comes on top). */
  readonly indexArrayBytes: number;
  /** Bytes of committed records on disk, segment headers included. */
  readonly logBytes: number;
}

/** The embedded durable event store: a directory of append-only segment files. */
export interface FileEventStore extends EventStore {
  /** The store's directory. */
  readonly dir: string;
  /**
   * Checks every record checksum and every hazard's hash chain; names the hazard and seq of
   * each break. Reads the whole log; safe while other processes write.
   */
  verify(): Promise<VerifyReport>;
  /** Counts of what is committed, as this process last saw it. */
  stats(): FileEventStoreStats;
  /** The mode it was opened in. */
  readonly mode: "read" | "write";
}

interface Segment {
  readonly number: number;
  readonly fd: number;
  /** Offset after the last committed record this process has indexed. */
  end: number;
}

/** The read window a sequential reader keeps between batches. */
interface RangeWindow {
  w: FileWindow | undefined;
  segment: number;
}

/** One append (group-committed with its neighbours), or a whole streamed batch (alone). */
type Transaction =
  | {
      readonly kind: "append";
      readonly append: StreamAppend;
      readonly options: WriteOptions;
      readonly resolve: (r: E.Either<AppendError, AppendResult>) => void;
      readonly reject: (e: unknown) => void;
    }
  | {
      readonly kind: "batch";
      readonly source: StreamAppendSource;
      readonly options: WriteOptions;
      readonly resolve: (r: E.Either<AppendError, BatchResult>) => void;
      readonly reject: (e: unknown) => void;
    };
type AppendTransaction = Extract<Transaction, { kind: "append" }>;
type BatchTransaction = Extract<Transaction, { kind: "batch" }>;

/** The window of a stream read: most hazards' neighbouring events fit. */
const RANDOM_READ_WINDOW = 16 * 1024;
const READ_ALL_BATCH = 512;
/** An open that indexed this many events beyond the saved index saves it again at once. */
const SNAPSHOT_EVERY = 100_000;
/** The window of a scan of the log. */
const SCAN_WINDOW = 4 * 1024 * 1024;
/** Bytes read ahead for a record of unknown length: most events fit. */
const RECORD_PEEK = 4096;

const writeFully = (fd: number, buf: Buffer, length: number, position: number): void => {
  let done = 0;
  while (done < length) done += writeSync(fd, buf, done, length - done, position + done);
};

/** Makes a new file's name durable. Windows cannot open a directory for that; it needs not. */
/**
 * Opens (creating it if needed) the file event store in `dir`.
 *
 * Layout: segment files `0000000000.seg`, `0000000001.seg`... of framed records, one per
 * event (see `recordFormat.ts`); the last record of each transaction (one append, or one
 * whole batch) carries a commit flag, so a transaction is visible entirely or not at all.
 * Opening scans the record headers to build the per-hazard index; a torn tail (a record cut
 * short, or a transaction without its commit record) is cut back to the last commit, while
 * a checksum failure with intact records after it is reported as damage, never skipped.
 *
 * Appends from this process are group-committed: those that arrive while a write is on
 * its way share the next write and the next fdatasync. Each group takes the writer lock
 * (a lock file shared by every process), first reads what other processes appended, then
 * checks expected revisions, so two processes writing one store never lose an update.
 * Readers never take the lock: they see committed records only.
 */
export const openFileEventStore = (
  dir: string,
  options: FileEventStoreOptions = {},
): Promise<FileEventStore> => settle(() => openNow(dir, options));

const openNow = (dir: string, options: FileEventStoreOptions): FileEventStore => {
  const state = inspectLedgerPath(dir);
  if (options.mode === "read") {
    const problem = noLedgerError(dir, state);
    if (problem !== undefined) throw problem;
  } else if (state.kind === "not_directory") throw notADirectory(dir, state.parent);
  else if (state.kind === "foreign")
    throw new LedgerPathError(
      "NOT_A_LEDGER",
      dir,
      `${dir} holds other files (e.g. ${state.example}) and no ledger: name a new or empty directory`,
    );
  const store = new FileStore(dir, options);
  try {
    store.open();
  } catch (e) {
    store.closeFiles();
    throw e;
  }
  return store.api();
};

class FileStore implements CommittedLog {
  private readonly now: () => Date;
  private readonly lockTimeoutMs: number;
  private readonly fsync: boolean;
  private readonly segmentBytes: number;
  private readonly pollIntervalMs: number;
  readonly readOnly: boolean;
  private readonly ledger: LedgerSettings | undefined;
  /** The manifest as read from disk, once there is one (it never changes). */
  private manifest: LedgerSettings | undefined;

  private readonly segments: Segment[] = [];
  private index = new LogIndex();
  /** Events the saved index covers (what a snapshot at close would add to). */
  private snapshotSize = 0;
  private readonly cache = new StreamCache(this);
  /** The ledger digest's frontier, kept up as groups commit. */
  private readonly digest = new FileDigest(this);
  /** Events the saved frontier covers (a snapshot at close saves it again if it moved). */
  private snapshotDigestSize = 0;
  private writeFd: number | undefined;
  /** The write buffer, kept from one group to the next. */
  private writeBuffer: Buffer | undefined;
  private readonly randomWindows = new Map<number, FileWindow>();
  private writeSegment = -1;
  /** The last commit time (ms) as of a log of `size` events; re-read when the log moved. */
  private lastCommit: { readonly size: number; readonly ms: number | undefined } = { size: 0, ms: undefined };
  /** The last commit time converted to text, for reads (a transaction's events share it). */
  private commitText: { ms: number; text: string } = { ms: Number.NaN, text: "" };
  private corruption: CorruptionSite | undefined;
  private failure: unknown;
  private closed = false;

  private queue: Transaction[] = [];
  private flushing = false;
  /**
   * True while this process writes a transaction under the writer lock: nobody else can
   * append then, and what is past the last commit is our own open transaction, so reads
   * (a batch's source may read) keep to the index instead of scanning it.
   */
  private writing = false;
  private wakeUps: (() => void)[] = [];

  constructor(
    readonly dir: string,
    options: FileEventStoreOptions,
  ) {
    this.now = options.now ?? (() => new Date());
    this.lockTimeoutMs = options.lockTimeoutMs ?? 10_000;
    this.fsync = options.fsync ?? true;
    this.segmentBytes = options.segmentBytes ?? 256 * 1024 * 1024;
    this.pollIntervalMs = options.pollIntervalMs ?? 200;
    this.readOnly = options.mode === "read";
    this.ledger = options.ledger;
  }

  get size(): number {
    return this.index.size;
  }

  // ---------------------------------------------------------------- opening and catching up

  open(): void {
    const state = inspectLedgerPath(this.dir);
    const numbers = state.kind === "ledger" ? state.segments : [];
    numbers.forEach((n, i) => {
      if (n !== i)
        throw new Error(
          `file event store ${this.dir}: segment ${i} is missing (found segment ${n} after it)`,
        );
    });
    // No segment yet: the first commit creates the first one (nothing is created before).
    if (numbers.length === 0) return;
    const snapshot = readIndexSnapshot(this.dir);
    if (snapshot !== undefined && this.adopt(snapshot, numbers.length)) {
      this.snapshotSize = this.index.size;
      if (this.digest.adopt(snapshot.frontier)) this.snapshotDigestSize = this.digest.size;
    }
    this.refresh();
    if (this.readOnly) return;
    if (this.corruption === undefined && this.index.size - this.snapshotSize >= SNAPSHOT_EVERY)
      this.saveSnapshot();
    // A torn tail is cut now if no other process is writing; otherwise the next writer cuts it.
    if (this.corruption === undefined && this.tornTailBytes() > 0) {
      const lock = tryAcquireWriterLock(this.dir);
      if (lock !== undefined)
        try {
          this.refresh();
          this.cutTornTail();
        } finally {
          lock.release();
        }
    }
  }

  /**
   * Takes a saved index if the log still agrees with it: closed segments the same size, the
   * last segment no shorter, and its last event where it says, ending where it says.
   */
  private adopt(snapshot: IndexSnapshot, segmentFiles: number): boolean {
    const { index, segmentEnds } = snapshot;
    if (segmentEnds.length === 0 || segmentEnds.length > segmentFiles) return false;
    const fds: number[] = [];
    try {
      for (let n = 0; n < segmentEnds.length; n++) {
        const fd = this.openSegmentFile(n);
        fds.push(fd);
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
        const position = isHeaderProblem(h) && h.kind === "bad_header" ? -1 : buf.readUInt32LE(12);
        if (position !== index.size - 1 || offset + length !== segmentEnds[segment])
          throw new Error("last record");
      }
    } catch {
      for (const fd of fds) closeSync(fd);
      return false;
    }
    this.index = index;
    fds.forEach((fd, n) => this.segments.push({ number: n, fd, end: segmentEnds[n] as number }));
    return true;
  }

  private saveSnapshot(): void {
    const frontier = this.digest.saved();
    writeIndexSnapshot(this.dir, {
      index: this.index,
      segmentEnds: this.segments.map((s) => s.end),
      ...(frontier !== undefined ? { frontier } : {}),
    });
    this.snapshotSize = this.index.size;
    this.snapshotDigestSize = this.digest.size;
  }

  /** The ledger's hash algorithm: its manifest's, else the one this store's first write keeps. */
  hashAlgorithm(): HashAlgorithm {
    this.manifest ??= readLedgerManifest(this.dir);
    return (this.manifest ?? this.ledger)?.hashAlgorithm ?? DEFAULT_HASH_ALGORITHM;
  }

  private createSegmentFile(n: number): void {
    const file = segmentPath(this.dir, n);
    const tmp = `${file}.tmp`;
    const fd = openSync(tmp, "w");
    try {
      writeFully(fd, encodeSegmentHeader(n), SEGMENT_HEADER_SIZE, 0);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
    fsyncDirectory(this.dir);
  }

  /** Opens segment file `n` for reading, its header checked. */
  private openSegmentFile(n: number): number {
    const fd = openSync(segmentPath(this.dir, n), "r");
    const header = Buffer.alloc(SEGMENT_HEADER_SIZE);
    const got = readSync(fd, header, 0, SEGMENT_HEADER_SIZE, 0);
    const problem = segmentHeaderProblem(header.subarray(0, got), n);
    if (problem !== undefined) {
      closeSync(fd);
      throw new Error(`file event store ${this.dir}: segment ${n}: ${problem}`);
    }
    return fd;
  }

  private openSegment(n: number): Segment {
    const fd = this.openSegmentFile(n);
    const segment = { number: n, fd, end: SEGMENT_HEADER_SIZE };
    this.segments.push(segment);
    this.index.addSegment();
    return segment;
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
      this.corruption = { segment: segmentIndex, offset: stop.offset, message: stop.message };
    // Anything else past the last commit is a transaction being written, or a torn tail.
  }

  private tornTailBytes(): number {
    const last = this.segments[this.segments.length - 1];
    return last === undefined ? 0 : fstatSync(last.fd).size - last.end;
  }

  /** Under the writer lock: drops the bytes after the last commit (a writer died there). */
  private cutTornTail(): void {
    if (this.tornTailBytes() <= 0) return;
    const fd = this.writableFd();
    ftruncateSync(fd, (this.segments[this.segments.length - 1] as Segment).end);
    fsyncSync(fd);
  }

  /** A writable descriptor of the last segment (another process may have started a new one). */
  private writableFd(): number {
    const last = this.segments[this.segments.length - 1] as Segment;
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

  assertReadable(): void {
    if (this.closed) throw new Error(`file event store ${this.dir}: the store is closed`);
    this.refresh();
    if (this.corruption !== undefined) throw new StoreCorruptError(this.dir, this.corruption);
  }

  // ---------------------------------------------------------------- reading

  streamLength(hazardId: string): number {
    return this.index.streamLengthOf(hazardId);
  }

  lastHash(hazardId: string): string {
    return this.cache.lastHash(hazardId);
  }

  commandSpans(hazardId: string): ReadonlyMap<string, CommandSpan> {
    return this.cache.commandSpans(hazardId);
  }

  /**
   * Reads records by position (page cache), checking every checksum. A small window per
   * segment serves neighbouring events of the stream (an imported hazard, a burst of
   * commands) from one read.
   */
  readStream(hazardId: string, from: number, to: number): CommittedEvent[] {
    const positions = this.index.streamPositions(hazardId, from, to);
    const out = new Array<CommittedEvent>(positions.length);
    let win: FileWindow | undefined;
    let winSegment = -1;
    for (let i = 0; i < positions.length; i++) {
      const position = positions[i] as number;
      const { segment, offset } = this.index.locate(position);
      const seg = this.segments[segment] as Segment;
      if (win === undefined || winSegment !== segment) {
        win = this.randomWindow(seg);
        winSegment = segment;
      }
      let v = win.view(offset, RECORD_PEEK);
      let h = readRecordHeader(v.buf, v.at, v.available);
      if (isHeaderProblem(h) && h.kind === "incomplete" && h.need <= seg.end - offset) {
        v = win.view(offset, h.need);
        h = readRecordHeader(v.buf, v.at, v.available);
      }
      const site = { segment, offset };
      if (isHeaderProblem(h)) this.damaged(site, h.kind === "bad_header" ? h.message : "record cut short");
      else if (h.position !== position || h.hazardId !== hazardId)
        this.damaged(
          site,
          `the index points at ${h.hazardId} position ${h.position}, not ${hazardId} ${position}`,
        );
      else out[i] = { event: this.decode(v.buf, v.at, h, site), flags: h.flags };
    }
    return out;
  }

  /**
   * A small read window per segment, kept between reads: bytes below a segment's committed
   * end never change, so what a window holds stays true; only its end moves.
   */
  private randomWindow(seg: Segment): FileWindow {
    let w = this.randomWindows.get(seg.number);
    if (w === undefined) {
      if (this.randomWindows.size >= 8) this.randomWindows.clear();
      w = new FileWindow(seg.fd, seg.end, RANDOM_READ_WINDOW);
      this.randomWindows.set(seg.number, w);
    }
    w.end = seg.end;
    return w;
  }

  private damaged(site: { segment: number; offset: number }, message: string): never {
    throw new StoreCorruptError(this.dir, { ...site, message });
  }

  private decode(
    buf: Buffer,
    at: number,
    h: RecordHeader,
    site: { segment: number; offset: number },
  ): RecordedHazardEvent {
    if (!payloadIntact(buf, at, h))
      this.damaged(site, `${h.hazardId} seq ${h.seq}: payload checksum mismatch`);
    const event = JSON.parse(
      buf.toString("utf8", at + h.payloadStart, at + h.length),
    ) as RecordedHazardEvent & {
      position: bigint;
    };
    event.position = BigInt(h.position);
    this.stampCommit(event, h.committedAt, h.flags);
    return event;
  }

  /** Adds what the record header says of the event's transaction. */
  private stampCommit(
    event: RecordedHazardEvent & { committedAt?: string; backfill?: true },
    committedAt: number | undefined,
    flags: number,
  ): void {
    if (committedAt !== undefined) event.committedAt = this.commitTimeText(committedAt);
    if ((flags & FLAG_BACKFILL) !== 0) event.backfill = true;
  }

  private commitTimeText(ms: number): string {
    if (this.commitText.ms !== ms) this.commitText = { ms, text: new Date(ms).toISOString() };
    return this.commitText.text;
  }

  /**
   * The commit time (ms) of the last committed transaction, read from the log's last record
   * when the log moved since; a ledger written before commit times were kept answers its last
   * event's `recordedAt` instead, the best bound on its last commit it holds.
   */
  lastCommitMs(): number | undefined {
    const size = this.index.size;
    if (this.lastCommit.size !== size) {
      const last = size === 0 ? undefined : this.readRange(size - 1, size, 1)[0];
      const text = last === undefined ? undefined : (last.committedAt ?? last.recordedAt);
      this.lastCommit = { size, ms: text === undefined ? undefined : Date.parse(text) };
    }
    return this.lastCommit.ms;
  }

  /**
   * Up to `max` committed events with positions in [from, end), in order, read sequentially
   * with big reads. `end` is a snapshot of the log's size taken by the caller. The records
   * were checked whole when they were indexed; here each must still be where the index says
   * and its payload must still match its checksum (what is decoded is what was written).
   */
  readRange(from: number, end: number, max: number, win?: RangeWindow): RecordedHazardEvent[] {
    const out: RecordedHazardEvent[] = [];
    let position = from;
    while (position < end && out.length < max) {
      const located = this.index.locate(position);
      const segment = located.segment;
      let offset = located.offset;
      const seg = this.segments[segment] as Segment;
      let w: FileWindow;
      if (win?.w !== undefined && win.segment === segment) {
        w = win.w;
        w.end = seg.end;
      } else {
        w = new FileWindow(seg.fd, seg.end);
        if (win !== undefined) {
          win.w = w;
          win.segment = segment;
        }
      }
      while (position < end && out.length < max && offset < seg.end) {
        let v = w.view(offset, RECORD_PEEK);
        const length = v.available >= RECORD_HEADER_SIZE ? v.buf.readUInt32LE(v.at) : 0;
        if (length < RECORD_HEADER_SIZE || length > v.available) {
          if (length >= RECORD_HEADER_SIZE && length <= seg.end - offset) v = w.view(offset, length);
          else this.damaged({ segment, offset }, "record cut short or out of place");
        }
        const { buf, at } = v;
        const idLength = buf[at + 7] as number;
        const recordPosition = buf.readUInt32LE(at + 12) + buf.readUInt32LE(at + 16) * 0x1_0000_0000;
        if (buf[at + 4] !== RECORD_MAGIC || recordPosition !== position)
          this.damaged({ segment, offset }, `position ${recordPosition} where ${position} was expected`);
        if (!headerIntact(buf, at)) this.damaged({ segment, offset }, "record header checksum mismatch");
        const flags = buf[at + 5] as number;
        const idStart = at + headerBytes(flags);
        const payloadStart = idStart + idLength;
        if (crc32(buf.subarray(payloadStart, at + length)) !== buf.readUInt32LE(at + 20))
          this.damaged(
            { segment, offset },
            `${buf.toString("latin1", idStart, payloadStart)} seq ${buf.readUInt32LE(at + 8)}: payload checksum mismatch`,
          );
        const event = JSON.parse(buf.toString("utf8", payloadStart, at + length)) as RecordedHazardEvent & {
          position: bigint;
        };
        event.position = BigInt(position);
        this.stampCommit(event, commitTimeOf(buf, at), flags);
        out.push(event);
        position++;
        offset += length;
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- writing

  private enqueue(t: Transaction): void {
    if (this.readOnly)
      return t.reject(new Error(`file event store ${this.dir}: opened read-only, nothing can be appended`));
    if (this.closed) return t.reject(new Error(`file event store ${this.dir}: the store is closed`));
    if (this.failure !== undefined)
      return t.reject(
        new Error(`file event store ${this.dir}: an earlier write failed; reopen the store`, {
          cause: this.failure,
        }),
      );
    this.queue.push(t);
    if (!this.flushing) {
      this.flushing = true;
      setImmediate(() => void this.flushLoop());
    }
  }

  appendOne(append: StreamAppend, options: WriteOptions): Promise<E.Either<AppendError, AppendResult>> {
    return new Promise((resolve, reject) =>
      this.enqueue({ kind: "append", append, options, resolve, reject }),
    );
  }

  appendBatch(
    source: StreamAppendSource,
    options: WriteOptions,
  ): Promise<E.Either<AppendError, BatchResult>> {
    return new Promise((resolve, reject) =>
      this.enqueue({ kind: "batch", source, options, resolve, reject }),
    );
  }

  /**
   * The commit of the next transaction (under the writer lock): its time on the writer, and
   * the line before which a `recordedAt` is a backfill.
   */
  private nextCommit(
    writer: GroupWriter,
    lastCommitMs: number | undefined,
    options: WriteOptions,
  ): CommitStamp {
    writer.commitTime = nextCommitTime(this.now(), lastCommitMs);
    return { committedAt: new Date(writer.commitTime).toISOString(), lastCommitMs, options };
  }

  private async flushLoop(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        // Appends waiting together share a group; a batch is a group of its own.
        const head = this.queue[0] as Transaction;
        const batchAt = this.queue.findIndex((t) => t.kind === "batch");
        const group = this.queue.splice(
          0,
          head.kind === "batch" ? 1 : batchAt < 0 ? this.queue.length : batchAt,
        );
        try {
          if (head.kind === "batch") await this.commitBatch(head);
          else await this.commitGroup(group as AppendTransaction[]);
        } catch (e) {
          for (const t of group) t.reject(e);
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  /**
   * Under the writer lock, with the log caught up and its torn tail cut: writes one group
   * through `write`, fdatasyncs, indexes it. Any throw takes the whole group back.
   */
  private async underLock<T>(
    activity: string,
    write: (writer: GroupWriter) => Promise<{ staging: Staging; outcome: T }>,
  ): Promise<T> {
    // The directory of a ledger's first write (the lock file lives in it).
    if (this.segments.length === 0) makeDirectory(this.dir);
    const lock: HeldLock = await acquireWriterLock(this.dir, this.lockTimeoutMs, activity);
    /** The first segment, written under a temporary name until its first commit. */
    let first: string | undefined;
    try {
      if (this.closed) throw new Error(`file event store ${this.dir}: the store is closed`);
      this.refresh();
      if (this.corruption !== undefined) throw new StoreCorruptError(this.dir, this.corruption);
      if (this.segments.length === 0) first = this.beginFirstSegment();
      else {
        this.cutTornTail();
        if ((this.segments[this.segments.length - 1] as Segment).end >= this.segmentBytes) this.roll();
      }
      const segment = this.segments[this.segments.length - 1] as Segment;
      const fd = this.writableFd();
      const writer = new GroupWriter(fd, segment.end, this.writeBuffer);
      writer.frontier = this.digest.beginGroup(this.index.size);
      let staged: { staging: Staging; outcome: T };
      this.writing = true;
      try {
        staged = await write(writer);
        // The ledger's settings are on disk before any commit that depends on them is.
        if (writer.positions.length > 0) this.keepLedgerSettings();
        const end = writer.flush();
        if (end > segment.end && this.fsync) await fdatasyncAsync(fd);
        if (first !== undefined && end > segment.end) {
          renameSync(first, segmentPath(this.dir, 0));
          fsyncDirectory(this.dir);
          first = undefined;
        }
      } catch (e) {
        // Nothing of the group is committed: cut back. After a failed write or fsync what is
        // on disk is unknown, so the store also refuses more writes.
        if (isIoError(e)) this.failure = e;
        try {
          ftruncateSync(fd, segment.end);
        } catch {
          // The store is marked failed either way.
        }
        throw e;
      } finally {
        this.writing = false;
        this.writeBuffer = writer.buffer;
      }
      this.indexWritten(writer, staged.staging);
      segment.end = writer.end;
      if (writer.positions.length > 0) {
        this.lastCommit = { size: this.index.size, ms: writer.commitTime };
        this.digest.endGroup(writer.frontier, new Date(writer.commitTime).toISOString());
      }
      return staged.outcome;
    } finally {
      if (first !== undefined) this.dropFirstSegment(first);
      lock.release();
    }
  }

  /**
   * Under the writer lock, for a ledger with no segment yet: its first segment, under a
   * temporary name (renamed by the first commit, so a write that stores nothing creates
   * nothing). Returns the temporary path.
   */
  private beginFirstSegment(): string {
    const tmp = `${segmentPath(this.dir, 0)}.tmp`;
    const writeFd = openSync(tmp, "w+");
    try {
      writeFully(writeFd, encodeSegmentHeader(0), SEGMENT_HEADER_SIZE, 0);
      this.segments.push({ number: 0, fd: openSync(tmp, "r"), end: SEGMENT_HEADER_SIZE });
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

  /** A first segment that got no commit is removed: the ledger stays as it was (none). */
  private dropFirstSegment(tmp: string): void {
    this.closeFiles();
    this.index = new LogIndex();
    this.randomWindows.clear();
    try {
      unlinkSync(tmp);
    } catch {
      // Left behind it is harmless: the next first write truncates it.
    }
  }

  /**
   * Under the writer lock, before a commit: the ledger's settings are kept on disk, and a
   * write under other rules than the ledger's is refused.
   */
  private keepLedgerSettings(): void {
    const asked = this.ledger;
    if (asked === undefined) return;
    const kept = this.manifest ?? readLedgerManifest(this.dir) ?? writeLedgerManifestOnce(this.dir, asked);
    this.manifest = kept;
    if (!sameLedgerRules(kept, asked)) throw new LedgerSettingsConflictError(this.dir, kept, asked);
  }

  private async commitGroup(group: readonly AppendTransaction[]): Promise<void> {
    const outcomes = await this.underLock("append", (writer) => {
      const staging = new Staging(this, true, this.hashAlgorithm());
      const sink = (staged: StagedEvent, text: string): void => writer.add(staged, text);
      let lastCommitMs = this.lastCommitMs();
      let lastWriterTime = writer.commitTime;
      const outcome = group.map((t) => {
        const written = writer.positions.length;
        const staged = staging.stage([t.append], this.nextCommit(writer, lastCommitMs, t.options), sink);
        if (E.isLeft(staged)) writer.rollback();
        else writer.commit();
        // The commit time moves on only with a transaction that wrote something; the writer
        // keeps the time of the last one, which the log now ends with.
        if (writer.positions.length > written) {
          lastCommitMs = writer.commitTime;
          lastWriterTime = writer.commitTime;
        } else writer.commitTime = lastWriterTime;
        return E.map((s: StagedTransaction) => s.results[0] as AppendResult)(staged);
      });
      return Promise.resolve({ staging, outcome });
    });
    group.forEach((t, i) => t.resolve(outcomes[i] as E.Either<AppendError, AppendResult>));
    if (outcomes.some(E.isRight)) this.wake();
  }

  /**
   * A streamed batch: each append is checked, sealed and framed as the source yields it (the
   * writer writes full buffers on), so the batch is never held whole; the last record gets
   * the commit flag once the source ends. A refusal, or a throw of the source, takes all of
   * it back (the file is cut back to where the batch began).
   */
  private async commitBatch(t: BatchTransaction): Promise<void> {
    type Outcome =
      Exclude<BatchPull, { kind: "done" }> | { readonly kind: "done"; readonly result: BatchResult };
    const outcome = await this.underLock<Outcome>("import", async (writer) => {
      const staging = new Staging(this, false, this.hashAlgorithm());
      const tally = new BatchTally();
      const commit = this.nextCommit(writer, this.lastCommitMs(), t.options);
      const sink = (staged: StagedEvent, text: string): void => writer.add(staged, text);
      const pulled = await pullBatch(t.source, (append) => {
        const staged = staging.stageStreamed(append, commit, sink);
        if (E.isRight(staged)) tally.add(staged.right.hazardId, staged.right.revision, staged.right.written);
        return staged;
      });
      if (pulled.kind !== "done") {
        writer.rollback();
        return { staging: new Staging(this), outcome: pulled };
      }
      writer.commit();
      const written = writer.positions.length;
      if (written > 0) tally.lastPosition = BigInt(writer.positions[written - 1] as number);
      return { staging, outcome: { kind: "done" as const, result: tally.result() } };
    });
    if (outcome.kind === "source_failed") t.reject(outcome.error);
    else if (outcome.kind === "refused") t.resolve(E.left(outcome.error));
    else {
      t.resolve(E.right(outcome.result));
      if (outcome.result.appended > 0) this.wake();
    }
  }

  private indexWritten(writer: GroupWriter, staging: Staging): void {
    for (let k = 0; k < writer.positions.length; k++) {
      const problem = this.index.add(
        writer.hazardIds[k] as string,
        writer.seqs[k] as number,
        writer.positions[k] as number,
        writer.offsets[k] as number,
      );
      if (problem !== undefined)
        throw new Error(`file event store ${this.dir}: index out of step: ${problem}`);
    }
    for (const s of staging.touched()) this.cache.appended(s.hazardId, s.length, s.lastHash);
  }

  /** Starts the next segment (under the writer lock). */
  private roll(): void {
    const next = (this.segments[this.segments.length - 1] as Segment).number + 1;
    this.createSegmentFile(next);
    this.openSegment(next);
  }

  // ---------------------------------------------------------------- the ledger's settings

  ledgerSettings(): LedgerSettings | undefined {
    if (this.closed) throw new Error(`file event store ${this.dir}: the store is closed`);
    this.manifest ??= readLedgerManifest(this.dir);
    return this.manifest;
  }

  initLedger(settings: LedgerSettings): LedgerSettings {
    if (this.readOnly)
      throw new Error(`file event store ${this.dir}: opened read-only, nothing can be written`);
    if (this.closed) throw new Error(`file event store ${this.dir}: the store is closed`);
    makeDirectory(this.dir);
    this.manifest =
      this.manifest ?? readLedgerManifest(this.dir) ?? writeLedgerManifestOnce(this.dir, settings);
    return this.manifest;
  }

  // ---------------------------------------------------------------- subscriptions

  private wake(): void {
    const woken = this.wakeUps;
    this.wakeUps = [];
    for (const w of woken) w();
  }

  subscribe(opts: ReadAllOptions): EventSubscription {
    let cursor = startPosition(opts.after);
    const win: RangeWindow = { w: undefined, segment: -1 };
    return catchUpSubscription({
      closed: () => this.closed,
      fetch: () => {
        this.assertReadable();
        if (cursor >= this.index.size) return [];
        const batch = this.readRange(cursor, this.index.size, READ_ALL_BATCH, win);
        cursor += batch.length;
        return batch;
      },
      waitForMore: (wake) => {
        // Appends of this process wake us at once; those of others are seen by polling.
        const timer = setTimeout(wake, this.pollIntervalMs);
        timer.unref();
        const stop = (): void => {
          clearTimeout(timer);
          wake();
        };
        this.wakeUps.push(stop);
        return stop;
      },
    });
  }

  // ---------------------------------------------------------------- closing

  closeFiles(): void {
    for (const s of this.segments) closeSync(s.fd);
    this.segments.length = 0;
    if (this.writeFd !== undefined) closeSync(this.writeFd);
    this.writeFd = undefined;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    // Appends already accepted are written before the files close.
    while (this.flushing) await new Promise((resolve) => setImmediate(resolve));
    this.closed = true;
    this.wake();
    if (
      !this.readOnly &&
      this.corruption === undefined &&
      this.failure === undefined &&
      (this.index.size !== this.snapshotSize || this.digest.size !== this.snapshotDigestSize)
    )
      this.saveSnapshot();
    this.closeFiles();
  }

  // ---------------------------------------------------------------- the public face

  api(): FileEventStore {
    const readStreamOf = (hazardId: string, opts: ReadStreamOptions = {}) =>
      settle(() => {
        const { from, to } = readRange(`file event store ${this.dir}`, opts);
        this.assertReadable();
        return this.readStream(hazardId, from, to ?? Number.MAX_SAFE_INTEGER).map((c) => c.event);
      });
    return {
      dir: this.dir,
      mode: this.readOnly ? "read" : "write",
      ledgerSettings: () => settle(() => this.ledgerSettings()),
      initLedger: (settings: LedgerSettings) => settle(() => this.initLedger(settings)),
      appendToStream: (hazardId: string, events: readonly NewHazardEvent[], opts: AppendOptions = {}) =>
        this.appendOne(
          {
            hazardId,
            events,
            ...(opts.expectedRevision !== undefined ? { expectedRevision: opts.expectedRevision } : {}),
          },
          opts,
        ),
      appendBatch: (source: StreamAppendSource, opts: WriteOptions = {}) => this.appendBatch(source, opts),
      lastCommittedAt: () =>
        settle(() => {
          this.assertReadable();
          const ms = this.lastCommitMs();
          return ms === undefined ? undefined : new Date(ms).toISOString();
        }),
      ledgerDigest: async (upTo?: number) => {
        this.assertReadable();
        return this.digest.digest(upTo);
      },
      readStream: readStreamOf,
      streamRevision: (hazardId: string) =>
        settle((): StreamRevision => {
          this.assertReadable();
          const length = this.index.streamLengthOf(hazardId);
          return length === 0 ? "no_stream" : length - 1;
        }),
      readAll: (opts: ReadAllOptions = {}) => ({ [Symbol.asyncIterator]: () => readAllOf(this, opts) }),
      subscribe: (opts: ReadAllOptions = {}) => this.subscribe(opts),
      close: () => this.close(),
      verify: async () => {
        if (this.closed) throw new Error(`file event store ${this.dir}: the store is closed`);
        return verifyStoreDirectory(this.dir);
      },
      stats: () => ({
        events: this.index.size,
        hazards: this.index.hazardCount,
        segments: this.segments.length,
        indexArrayBytes: this.index.arrayBytes,
        logBytes: this.segments.reduce((n, s) => n + s.end, 0),
      }),
    };
  }
}

/** An error of the file system (it has an errno code), as opposed to damage or a bug. */
const isIoError = (e: unknown): boolean =>
  e instanceof Error && typeof (e as NodeJS.ErrnoException).code === "string";

/** A snapshot read: what was committed when the read began, in commit order. */
// eslint-disable-next-line @typescript-eslint/require-await -- an async generator is how an AsyncIterable is written; its reads are synchronous
async function* readAllOf(store: FileStore, opts: ReadAllOptions): AsyncGenerator<RecordedHazardEvent> {
  store.assertReadable();
  const end = store.size;
  const win: RangeWindow = { w: undefined, segment: -1 };
  for (let p = startPosition(opts.after); p < end;) {
    const batch = store.readRange(p, end, READ_ALL_BATCH, win);
    p += batch.length;
    yield* batch;
  }
}

const startPosition = (after: bigint | undefined): number =>
  after === undefined || after < 0n ? 0 : Number(after) + 1;
