import { fdatasync, ftruncateSync } from "node:fs";
import { promisify } from "node:util";
import * as E from "fp-ts/lib/Either.js";
import type {
  AppendError,
  AppendResult,
  BatchResult,
  HashAlgorithm,
  StreamAppend,
  StreamAppendSource,
  WriteOptions,
} from "@hazard-ledger/core";
import { type BatchPull, BatchTally, nextCommitTime, pullBatch } from "@hazard-ledger/core/store-kit";
import { type HeldLock, acquireWriterLock } from "../lock/writerLock.js";
import { StoreCorruptError } from "./errors.js";
import type { FileDigest } from "./fileDigest.js";
import { GroupWriter } from "./groupWriter.js";
import { makeDirectory } from "./ledgerPath.js";
import type { RecordReader } from "./recordReader.js";
import type { Segment, SegmentLog } from "./segmentLog.js";
import { type CommitStamp, type CommittedLog, type StagedTransaction, Staging } from "./staging.js";
import type { StreamCache } from "./streamCache.js";

const fdatasyncAsync = promisify(fdatasync);

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

/** What the write queue needs of the store it writes for. */
export interface WriteTarget extends CommittedLog {
  readonly dir: string;
  readonly readOnly: boolean;
  readonly closed: boolean;
  readonly log: SegmentLog;
  readonly reader: RecordReader;
  readonly digest: FileDigest;
  readonly cache: StreamCache;
  hashAlgorithm(): HashAlgorithm;
  /** Under the writer lock, before a commit: keeps the ledger's settings, refuses other rules. */
  keepLedgerSettings(): void;
  /** The commit time (ms) of the last committed transaction, if any. */
  lastCommitMs(): number | undefined;
  /** A group committed: the log now holds `size` events and ends with a commit at `ms`. */
  committed(size: number, ms: number): void;
  /** Wakes the subscriptions waiting for more events. */
  wake(): void;
}

/** How the queue writes. */
export interface WriteQueueOptions {
  readonly now: () => Date;
  readonly lockTimeoutMs: number;
  readonly fsync: boolean;
  readonly segmentBytes: number;
  /** Whether records are written compact (codec 1) where that form holds the event exactly. */
  readonly compact: boolean;
  /** How a streamed batch hashes commandIds (tests only: one that collides); `commandIdHash` if not given. */
  readonly commandHash?: (commandId: string) => number;
}

/**
 * The store's writes, group-committed: appends that arrive while a write is on its way share
 * the next write and the next fdatasync. Each group takes the writer lock (a lock file shared
 * by every process), first reads what other processes appended, then checks expected
 * revisions, so two processes writing one store never lose an update. A streamed batch is a
 * group of its own.
 */
export class WriteQueue {
  private queue: Transaction[] = [];
  private flushing = false;
  /** The write buffer, kept from one group to the next. */
  private writeBuffer: Buffer | undefined;
  /** An error of the file system during a write: what is on disk is then unknown. */
  failure: unknown;
  /**
   * Writes that reached the disk since the store opened: one per group of appends committed
   * together (one fdatasync), one per batch. Appends over commits is the size of the groups.
   */
  commits = 0;

  constructor(
    private readonly store: WriteTarget,
    private readonly options: WriteQueueOptions,
  ) {}

  /** Resolves once the writes already accepted are written. */
  async drained(): Promise<void> {
    while (this.flushing) await new Promise((resolve) => setImmediate(resolve));
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

  private enqueue(t: Transaction): void {
    const { dir } = this.store;
    if (this.store.readOnly)
      return t.reject(new Error(`file event store ${dir}: opened read-only, nothing can be appended`));
    if (this.store.closed) return t.reject(new Error(`file event store ${dir}: the store is closed`));
    if (this.failure !== undefined)
      return t.reject(
        new Error(`file event store ${dir}: an earlier write failed; reopen the store`, {
          cause: this.failure,
        }),
      );
    this.queue.push(t);
    if (!this.flushing) {
      this.flushing = true;
      setImmediate(() => void this.flushLoop());
    }
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
    writer.commitTime = nextCommitTime(this.options.now(), lastCommitMs);
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
    const { store } = this;
    const { log, dir } = store;
    // The directory of a ledger's first write (the lock file lives in it).
    if (log.segments.length === 0) makeDirectory(dir);
    const lock: HeldLock = await acquireWriterLock(dir, this.options.lockTimeoutMs, activity);
    /** The first segment, written under a temporary name until its first commit. */
    let first: string | undefined;
    try {
      if (store.closed) throw new Error(`file event store ${dir}: the store is closed`);
      log.refresh();
      if (log.corruption !== undefined) throw new StoreCorruptError(dir, log.corruption);
      const { compact } = this.options;
      if (log.segments.length === 0) first = log.beginFirstSegment(compact);
      else {
        log.cutTornTail();
        const last = log.last as Segment;
        // Compact records go into a segment of the version that may hold them, never into one
        // that programs knowing only JSON records would read (they would cut them as a torn tail).
        if (last.end >= this.options.segmentBytes || (compact && !last.compact)) log.roll(compact);
      }
      const segment = log.last as Segment;
      const fd = log.writableFd();
      const writer = new GroupWriter(
        fd,
        segment.end,
        log.size,
        this.writeBuffer,
        this.options.compact && segment.compact,
      );
      writer.frontier = store.digest.beginGroup(log.size);
      let staged: { staging: Staging; outcome: T };
      log.writing = true;
      try {
        staged = await write(writer);
        // The ledger's settings are on disk before any commit that depends on them is.
        if (writer.records > 0) store.keepLedgerSettings();
        const end = writer.flush();
        if (end > segment.end && this.options.fsync) await fdatasyncAsync(fd);
        if (first !== undefined && end > segment.end) {
          log.keepFirstSegment(first);
          first = undefined;
        }
        if (end > segment.end) this.commits++;
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
        log.writing = false;
        this.writeBuffer = writer.buffer;
      }
      this.indexWritten(writer, staged.staging);
      segment.end = writer.end;
      if (writer.records > 0) {
        store.committed(log.size, writer.commitTime);
        store.digest.endGroup(writer.frontier, new Date(writer.commitTime).toISOString());
      }
      return staged.outcome;
    } finally {
      if (first !== undefined) {
        log.dropFirstSegment(first);
        store.reader.forget();
      }
      lock.release();
    }
  }

  private async commitGroup(group: readonly AppendTransaction[]): Promise<void> {
    const { store } = this;
    const outcomes = await this.underLock("append", (writer) => {
      const staging = new Staging(store, writer, true, store.hashAlgorithm());
      let lastCommitMs = store.lastCommitMs();
      let lastWriterTime = writer.commitTime;
      const outcome = group.map((t) => {
        const written = writer.records;
        const staged = staging.stage([t.append], this.nextCommit(writer, lastCommitMs, t.options));
        if (E.isLeft(staged)) writer.rollback();
        else writer.commit();
        // The commit time moves on only with a transaction that wrote something; the writer
        // keeps the time of the last one, which the log now ends with.
        if (writer.records > written) {
          lastCommitMs = writer.commitTime;
          lastWriterTime = writer.commitTime;
        } else writer.commitTime = lastWriterTime;
        return E.map((s: StagedTransaction) => s.results[0] as AppendResult)(staged);
      });
      return Promise.resolve({ staging, outcome });
    });
    group.forEach((t, i) => t.resolve(outcomes[i] as E.Either<AppendError, AppendResult>));
    if (outcomes.some(E.isRight)) store.wake();
  }

  /**
   * A streamed batch: each append is checked, sealed and framed as the source yields it (the
   * writer writes full buffers on), so the batch is never held whole; the last record gets
   * the commit flag once the source ends. A refusal, or a throw of the source, takes all of
   * it back (the file is cut back to where the batch began).
   */
  private async commitBatch(t: BatchTransaction): Promise<void> {
    const { store } = this;
    type Outcome =
      Exclude<BatchPull, { kind: "done" }> | { readonly kind: "done"; readonly result: BatchResult };
    const outcome = await this.underLock<Outcome>("import", async (writer) => {
      const staging = new Staging(store, writer, false, store.hashAlgorithm(), this.options.commandHash);
      const tally = new BatchTally();
      const commit = this.nextCommit(writer, store.lastCommitMs(), t.options);
      const pulled = await pullBatch(t.source, (append) => {
        const staged = staging.stageStreamed(append, commit);
        if (E.isRight(staged)) tally.add(staged.right.hazardId, staged.right.revision, staged.right.written);
        return staged;
      });
      if (pulled.kind !== "done") {
        writer.rollback();
        return { staging: new Staging(store, writer), outcome: pulled };
      }
      writer.commit();
      staging.endChecks();
      const written = writer.records;
      if (written > 0) tally.lastPosition = BigInt(writer.positionOf(written - 1));
      return { staging, outcome: { kind: "done" as const, result: tally.result() } };
    });
    if (outcome.kind === "source_failed") t.reject(outcome.error);
    else if (outcome.kind === "refused") t.resolve(E.left(outcome.error));
    else {
      t.resolve(E.right(outcome.result));
      if (outcome.result.appended > 0) store.wake();
    }
  }

  private indexWritten(writer: GroupWriter, staging: Staging): void {
    const { log, cache, dir } = this.store;
    for (let k = 0; k < writer.records; k++) {
      const problem = log.index.add(
        writer.hazardIdOf(k),
        writer.seqOf(k),
        writer.positionOf(k),
        writer.offsetOf(k),
      );
      if (problem !== undefined) throw new Error(`file event store ${dir}: index out of step: ${problem}`);
    }
    for (const s of staging.touched()) cache.appended(s.hazardId, s.length, s.lastHash);
  }
}

/** An error of the file system (it has an errno code), as opposed to damage or a bug. */
const isIoError = (e: unknown): boolean =>
  e instanceof Error && typeof (e as NodeJS.ErrnoException).code === "string";
