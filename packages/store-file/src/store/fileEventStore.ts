import {
  type AppendOptions,
  type EventStore,
  type EventSubscription,
  DEFAULT_HASH_ALGORITHM,
  type HashAlgorithm,
  type LedgerSettings,
  type NewHazardEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedHazardEvent,
  type StreamAppendSource,
  type StreamRevision,
  type WriteOptions,
} from "@hazard-ledger/core";
import {
  catchUpSubscription,
  sameLedgerRules,
  settle,
  readRange,
  type CommandSpan,
} from "@hazard-ledger/core/store-kit";
import { readIndexSnapshot, writeIndexSnapshot } from "../index/indexSnapshot.js";
import { tryAcquireWriterLock } from "../lock/writerLock.js";
import { type VerifyReport, verifyStoreDirectory } from "../verify/verifyStore.js";
import { StoreCorruptError } from "./errors.js";
import {
  LedgerSettingsConflictError,
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
import { type RangeWindow, RecordReader } from "./recordReader.js";
import { SegmentLog } from "./segmentLog.js";
import type { CommittedEvent } from "./staging.js";
import { FileDigest } from "./fileDigest.js";
import { StreamCache } from "./streamCache.js";
import { type WriteTarget, WriteQueue } from "./writeQueue.js";

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
  /**
   * How new records hold their event: `compact` (the default: a binary form, about half the
   * bytes, read without JSON.parse) or `json` (the event-log line, as versions before wrote
   * it; the choice for a ledger that older versions of this program must still read). Either
   * reads back the same event, and a ledger may hold records of both.
   */
  readonly recordCodec?: "compact" | "json";
}

/**
 * What tests may set beside {@link FileEventStoreOptions} (not exported by the package): the
 * commandId hash of streamed batches, to prove their commandId rule exact when hashes collide.
 */
export interface FileEventStoreTestHooks {
  readonly commandHash?: (commandId: string) => number;
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
  /**
   * Writes this store made since it opened, each ending in one fdatasync: one per group of
   * appends committed together (group commit), one per batch.
   */
  readonly commits: number;
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

const READ_ALL_BATCH = 512;
/** An open that indexed this many events beyond the saved index saves it again at once. */
const SNAPSHOT_EVERY = 100_000;

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
    store.log.closeFiles();
    throw e;
  }
  return store.api();
};

/**
 * The store: the segment files and their index ({@link SegmentLog}), the reads of them
 * ({@link RecordReader}) and the group-committed writes ({@link WriteQueue}), with what they
 * share: the ledger's settings, the digest, the stream cache, the saved index, subscriptions.
 */
class FileStore implements WriteTarget {
  private readonly pollIntervalMs: number;
  readonly readOnly: boolean;
  private readonly ledger: LedgerSettings | undefined;
  /** The manifest as read from disk, once there is one (it never changes). */
  private manifest: LedgerSettings | undefined;
  /** The ledger holds events and has no manifest: it never will (see {@link hashAlgorithm}). */
  private noManifest = false;

  readonly log: SegmentLog;
  readonly reader: RecordReader;
  private readonly writes: WriteQueue;
  /** Events the saved index covers (what a snapshot at close would add to). */
  private snapshotSize = 0;
  readonly cache = new StreamCache(this);
  /** The ledger digest's frontier, kept up as groups commit. */
  readonly digest = new FileDigest(this);
  /** Events the saved frontier covers (a snapshot at close saves it again if it moved). */
  private snapshotDigestSize = 0;
  /** The last commit time (ms) as of a log of `size` events; re-read when the log moved. */
  private lastCommit: { readonly size: number; readonly ms: number | undefined } = { size: 0, ms: undefined };
  closed = false;
  private wakeUps: (() => void)[] = [];

  constructor(
    readonly dir: string,
    options: FileEventStoreOptions,
  ) {
    this.pollIntervalMs = options.pollIntervalMs ?? 200;
    this.readOnly = options.mode === "read";
    this.ledger = options.ledger;
    this.log = new SegmentLog(dir);
    this.reader = new RecordReader(this.log);
    this.writes = new WriteQueue(this, {
      now: options.now ?? (() => new Date()),
      lockTimeoutMs: options.lockTimeoutMs ?? 10_000,
      fsync: options.fsync ?? true,
      segmentBytes: options.segmentBytes ?? 256 * 1024 * 1024,
      compact: options.recordCodec !== "json",
      commandHash: (options as FileEventStoreTestHooks).commandHash,
    });
  }

  get size(): number {
    return this.log.size;
  }

  // ---------------------------------------------------------------- opening

  open(): void {
    const { log } = this;
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
    if (snapshot !== undefined && log.adopt(snapshot, numbers.length)) {
      this.snapshotSize = log.size;
      if (this.digest.adopt(snapshot.frontier)) this.snapshotDigestSize = this.digest.size;
    }
    log.refresh();
    if (this.readOnly) return;
    if (log.corruption === undefined && log.size - this.snapshotSize >= SNAPSHOT_EVERY) this.saveSnapshot();
    // A torn tail is cut now if no other process is writing; otherwise the next writer cuts it.
    if (log.corruption === undefined && log.tornTailBytes() > 0) {
      const lock = tryAcquireWriterLock(this.dir);
      if (lock !== undefined)
        try {
          log.refresh();
          log.cutTornTail();
        } finally {
          lock.release();
        }
    }
  }

  private saveSnapshot(): void {
    const frontier = this.digest.saved();
    writeIndexSnapshot(this.dir, {
      index: this.log.index,
      segmentEnds: this.log.segments.map((s) => s.end),
      ...(frontier !== undefined ? { frontier } : {}),
    });
    this.snapshotSize = this.log.size;
    this.snapshotDigestSize = this.digest.size;
  }

  /**
   * The ledger's hash algorithm: its manifest's, else the one this store's first write keeps.
   * A ledger that holds events without a manifest (one made before settings were kept) never
   * gets one (settings are written before the first commit), so its manifest is looked for
   * once, not at every write.
   */
  hashAlgorithm(): HashAlgorithm {
    if (this.manifest === undefined && !this.noManifest) {
      this.manifest = readLedgerManifest(this.dir);
      this.noManifest = this.manifest === undefined && this.log.size > 0;
    }
    return (this.manifest ?? this.ledger)?.hashAlgorithm ?? DEFAULT_HASH_ALGORITHM;
  }

  assertReadable(): void {
    if (this.closed) throw new Error(`file event store ${this.dir}: the store is closed`);
    this.log.refresh();
    if (this.log.corruption !== undefined) throw new StoreCorruptError(this.dir, this.log.corruption);
  }

  // ---------------------------------------------------------------- reading

  streamLength(hazardId: string): number {
    return this.log.index.streamLengthOf(hazardId);
  }

  lastHash(hazardId: string): string {
    return this.cache.lastHash(hazardId);
  }

  commandSpans(hazardId: string): ReadonlyMap<string, CommandSpan> {
    return this.cache.commandSpans(hazardId);
  }

  readStream(hazardId: string, from: number, to: number): CommittedEvent[] {
    return this.reader.readStream(hazardId, from, to);
  }

  readRange(from: number, end: number, max: number, win?: RangeWindow): RecordedHazardEvent[] {
    return this.reader.readRange(from, end, max, win);
  }

  /**
   * The commit time (ms) of the last committed transaction, read from the log's last record
   * when the log moved since; a ledger written before commit times were kept answers its last
   * event's `recordedAt` instead, the best bound on its last commit it holds.
   */
  lastCommitMs(): number | undefined {
    const size = this.log.size;
    if (this.lastCommit.size !== size) {
      const last = size === 0 ? undefined : this.readRange(size - 1, size, 1)[0];
      const text = last === undefined ? undefined : (last.committedAt ?? last.recordedAt);
      this.lastCommit = { size, ms: text === undefined ? undefined : Date.parse(text) };
    }
    return this.lastCommit.ms;
  }

  committed(size: number, ms: number): void {
    this.lastCommit = { size, ms };
  }

  // ---------------------------------------------------------------- the ledger's settings

  /**
   * Under the writer lock, before a commit: the ledger's settings are kept on disk, and a
   * write under other rules than the ledger's is refused.
   */
  keepLedgerSettings(): void {
    const asked = this.ledger;
    if (asked === undefined) return;
    const kept = this.manifest ?? readLedgerManifest(this.dir) ?? writeLedgerManifestOnce(this.dir, asked);
    this.manifest = kept;
    if (!sameLedgerRules(kept, asked)) throw new LedgerSettingsConflictError(this.dir, kept, asked);
  }

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

  wake(): void {
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
        if (cursor >= this.log.size) return [];
        const batch = this.readRange(cursor, this.log.size, READ_ALL_BATCH, win);
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

  async close(): Promise<void> {
    if (this.closed) return;
    // Appends already accepted are written before the files close.
    await this.writes.drained();
    this.closed = true;
    this.wake();
    if (
      !this.readOnly &&
      this.log.corruption === undefined &&
      this.writes.failure === undefined &&
      (this.log.size !== this.snapshotSize || this.digest.size !== this.snapshotDigestSize)
    )
      this.saveSnapshot();
    this.log.closeFiles();
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
        this.writes.appendOne(
          {
            hazardId,
            events,
            ...(opts.expectedRevision !== undefined ? { expectedRevision: opts.expectedRevision } : {}),
          },
          opts,
        ),
      appendBatch: (source: StreamAppendSource, opts: WriteOptions = {}) =>
        this.writes.appendBatch(source, opts),
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
          const length = this.log.index.streamLengthOf(hazardId);
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
        events: this.log.size,
        hazards: this.log.index.hazardCount,
        segments: this.log.segments.length,
        indexArrayBytes: this.log.index.arrayBytes,
        logBytes: this.log.bytes,
        commits: this.writes.commits,
      }),
    };
  }
}

/**
 * A snapshot read: what was committed when the read began (its first `next`), in commit order.
 * An iterator of its own, not an async generator: the reads are synchronous, and a generator's
 * awaits per event cost about as much as a tenth of decoding the event. Like a generator, it
 * ends for good once it threw or was returned.
 */
const readAllOf = (store: FileStore, opts: ReadAllOptions): AsyncIterator<RecordedHazardEvent> => {
  const win: RangeWindow = { w: undefined, segment: -1 };
  let end = -1;
  let p = 0;
  let batch: RecordedHazardEvent[] = [];
  let i = 0;
  let finished = false;
  const done: IteratorReturnResult<undefined> = { done: true, value: undefined };
  const step = (): IteratorResult<RecordedHazardEvent> => {
    if (i < batch.length) return { done: false, value: batch[i++] as RecordedHazardEvent };
    if (finished) return done;
    if (end < 0) {
      store.assertReadable();
      end = store.size;
      p = startPosition(opts.after);
    }
    if (p < end) {
      batch = store.readRange(p, end, READ_ALL_BATCH, win);
      p += batch.length;
      i = 0;
      if (i < batch.length) return { done: false, value: batch[i++] as RecordedHazardEvent };
    }
    finished = true;
    return done;
  };
  return {
    // eslint-disable-next-line @typescript-eslint/require-await -- a throw of the read must reject the promise
    next: async () => {
      try {
        return step();
      } catch (e) {
        finished = true;
        batch = [];
        throw e;
      }
    },
    return: () => {
      finished = true;
      batch = [];
      return Promise.resolve(done);
    },
  };
};

const startPosition = (after: bigint | undefined): number =>
  after === undefined || after < 0n ? 0 : Number(after) + 1;
