import type { Either } from "fp-ts/lib/Either.js";
import type { NewHazardEvent, RecordedHazardEvent } from "../events/hazardEvent.js";
import type { LedgerSettings } from "./ledgerSettings.js";
import type { StoreDigest, StoreDigestError } from "./storeDigest.js";

/**
 * What an append expects of the stream, checked atomically with the write.
 * - `no_stream`: the hazard has no event yet;
 * - `stream_exists`: it has at least one;
 * - `any`: no check;
 * - a number: the revision (0-based seq) of the stream's last event. After one event the
 *   revision is 0, in every store.
 */
export type ExpectedRevision = "no_stream" | "stream_exists" | "any" | number;

/** The revision of a stream: the seq of its last event, or `no_stream`. */
export type StreamRevision = number | "no_stream";

/** The stream did not match the expected revision; nothing was written. */
export interface WrongExpectedRevision {
  readonly code: "WRONG_EXPECTED_REVISION";
  readonly message: string;
  readonly hazardId: string;
  readonly expected: ExpectedRevision;
  readonly actual: StreamRevision;
}

/** The append itself is malformed (an event of another hazard, an empty batch...). */
export interface InvalidAppend {
  readonly code: "INVALID_APPEND";
  readonly message: string;
  readonly hazardId: string;
}

/**
 * The append's commandId is already in the stream under a different event: nothing was
 * written. Only an identical repeat of a command is a no-op (see
 * {@link EventStore.appendToStream}); another event under a stored commandId would otherwise
 * be lost as a "repeat".
 */
export interface CommandIdReused {
  readonly code: "COMMAND_ID_REUSED";
  readonly message: string;
  readonly hazardId: string;
  readonly commandId: string;
}

/**
 * An event's `recordedAt` lies before the ledger's last commit time and the write did not
 * allow a backfill; nothing was written. Such a write would change what earlier known-at
 * views showed.
 */
export interface BackfillRefused {
  readonly code: "BACKFILL_REFUSED";
  readonly message: string;
  readonly hazardId: string;
  /** The seq the event would have had. */
  readonly seq: number;
  readonly recordedAt: string;
  /** The commit time of the ledger's last transaction. */
  readonly lastCommittedAt: string;
}

export type AppendError = WrongExpectedRevision | InvalidAppend | CommandIdReused | BackfillRefused;

/** What a write may allow beyond the usual. */
export interface WriteOptions {
  /**
   * Allows events whose `recordedAt` lies before the ledger's last commit time (a backfill);
   * they are stored marked as such (`backfill: true`). Without it such a write is refused
   * (`BACKFILL_REFUSED`). On a write that is not a backfill it changes nothing.
   */
  readonly backfill?: boolean;
}

export interface AppendOptions extends WriteOptions {
  /** Defaults to `any`. */
  readonly expectedRevision?: ExpectedRevision;
}

/** One stream's part of an append. */
export interface StreamAppend {
  readonly hazardId: string;
  readonly events: readonly NewHazardEvent[];
  /** Defaults to `any`. */
  readonly expectedRevision?: ExpectedRevision;
}

export interface AppendResult {
  readonly hazardId: string;
  /**
   * The revision to expect next time: the seq of the stream's last event (for a replay too,
   * which may be later than the original events if the stream has moved on since).
   */
  readonly nextExpectedRevision: number;
  /** The events as stored (seq, recordedAt, hash chain, position). */
  readonly events: readonly RecordedHazardEvent[];
  /**
   * True when the events' `commandId` was already in the stream: nothing new was written,
   * and `events` are the ones stored the first time (the stream's events with that commandId).
   */
  readonly idempotentReplay: boolean;
}

/**
 * What feeds {@link EventStore.appendBatch}: the appends of one batch, in order, pulled one at
 * a time (an array works; so does an async generator that validates a file as it reads it).
 */
export type StreamAppendSource = Iterable<StreamAppend> | AsyncIterable<StreamAppend>;

/**
 * The outcome of a whole batch. It holds no events (a batch may be a gigabyte): only counts
 * and, per stream the batch touched, the revision to expect next.
 */
export interface BatchResult {
  /** Events written (a replayed append writes none). */
  readonly appended: number;
  /** Distinct streams the batch named, replays included. */
  readonly streams: number;
  /** Global position of the last event written, or `null` when the batch wrote nothing. */
  readonly lastPosition: bigint | null;
  /** For each stream the batch named: the seq of its last event after the batch. */
  readonly nextExpectedRevisions: ReadonlyMap<string, number>;
}

/** A range of a stream by revision, both ends inclusive; a range means the same in every store. */
export interface ReadStreamOptions {
  /** First revision to read; default 0. */
  readonly fromRevision?: number;
  /** Last revision to read, inclusive; default the end of the stream. */
  readonly toRevision?: number;
}

/** Where to start reading the global log. */
export interface ReadAllOptions {
  /** Read events whose position is strictly greater than this; default: from the start. */
  readonly after?: bigint;
}

/** A catch-up subscription: past events first, then live ones, until closed. */
export interface EventSubscription extends AsyncIterable<RecordedHazardEvent> {
  /** Ends the iteration; pending `next()` calls resolve as done. */
  close(): Promise<void>;
}

/**
 * The event store contract, the same for every store (memory, file, EventStoreDB).
 *
 * Stream revisions are 0-based seqs, `number` (safe integers) everywhere. Positions in the
 * global log are `bigint`, strictly increasing in commit order; their values are
 * store-specific, so treat them as opaque checkpoints.
 *
 * Every write (one `appendToStream`, one `appendBatch`) is a transaction with a commit time
 * the store assigns from its clock, never decreasing in log order (if the clock goes back,
 * the last commit time is used again); stored events carry it as `committedAt`, and events
 * that bring no `recordedAt` are recorded at it.
 *
 * Expected failures (a concurrency conflict, a malformed append) are values (`Either`);
 * a rejected promise means the store itself failed (I/O, a closed store).
 */
export interface EventStore {
  /**
   * Appends events to one hazard's stream, atomically, if the stream is at the expected
   * revision.
   *
   * Idempotency by `commandId`, checked before the expected revision (so the retry of an
   * append that succeeded succeeds, whatever it expects):
   * - If the first event's `commandId` is already in the stream and the append repeats that
   *   command identically, nothing is written and the original events are returned
   *   (`idempotentReplay: true`). Identical means: every event of the append carries that
   *   commandId, and in order they have the same `hazardId`, `type`, `occurredAt` (as
   *   written), `actor`, `data` and `ext` (compared as canonical JSON, so key order does not
   *   count) as the events stored under it. `recordedAt` (a retry is recorded later), `seq`,
   *   the hashes, `schemaVersion` and `eventId` do not count.
   * - Any other append naming a commandId already in the stream is refused with
   *   `COMMAND_ID_REUSED`, and nothing is written.
   */
  appendToStream(
    hazardId: string,
    events: readonly NewHazardEvent[],
    options?: AppendOptions,
  ): Promise<Either<AppendError, AppendResult>>;

  /**
   * Appends to several streams as one atomic batch (an import): either every event is stored
   * or none is.
   *
   * The source is consumed lazily, one {@link StreamAppend} at a time, so a batch need not fit
   * in memory: the store checks and stages each append as it arrives and commits once the
   * source is done.
   * - Each append's shape and expected revision are checked as it arrives, against the
   *   committed log plus what this batch already staged (one stream may come several times).
   *   The first that fails ends the batch: nothing is stored, and that error is the result.
   * - An append whose first event's `commandId` is already in the stream (committed, or staged
   *   earlier in this batch) is a replay when it repeats that command identically (as in
   *   {@link appendToStream}): it writes nothing, whatever it expects. Otherwise it is
   *   `COMMAND_ID_REUSED`, which ends the batch like any refusal.
   * - If the source throws (or rejects), nothing is stored and the promise rejects with that
   *   error.
   * - Other writes of the same store wait until the batch ends, so the source must not itself
   *   append to the store (it may read: reads see the committed log, not the open batch).
   *
   * Stores without multi-stream transactions (EventStoreDB) document how they differ.
   */
  appendBatch(appends: StreamAppendSource, options?: WriteOptions): Promise<Either<AppendError, BatchResult>>;

  /** Reads a hazard's events in order; an unknown hazard reads as an empty array. */
  readStream(hazardId: string, options?: ReadStreamOptions): Promise<readonly RecordedHazardEvent[]>;

  /** The revision of a stream, or `no_stream`. */
  streamRevision(hazardId: string): Promise<StreamRevision>;

  /** Reads every event of every hazard in global order. */
  readAll(options?: ReadAllOptions): AsyncIterable<RecordedHazardEvent>;

  /**
   * The commit time of the ledger's last transaction (UTC, RFC 3339), or undefined when the
   * ledger is empty: a write whose `recordedAt` lies before it is a backfill. A file ledger
   * written before commit times were kept answers its last event's `recordedAt`.
   */
  lastCommittedAt(): Promise<string | undefined>;

  /**
   * The ledger digest of the first `upTo` events in log order (default: every committed
   * event), with the commit time of the last of them and the frontier behind it. Stores keep
   * the digest's Merkle frontier up as they commit (O(log n) state, about two hashes an
   * event), so the digest of the whole log costs O(log n), plus reading what other writers
   * committed since the store last looked; a shorter prefix is read from the log (O(upTo)).
   * The same log gives the same answer in every store. `DIGEST_BEYOND_LOG` when `upTo` is
   * more than the ledger holds; `HASH_ALGORITHM_UNAVAILABLE` when this Node.js lacks the
   * ledger's algorithm.
   */
  ledgerDigest(upTo?: number): Promise<Either<StoreDigestError, StoreDigest>>;

  /** Catch-up then live subscription to the global log; closing the store ends it too. */
  subscribe(options?: ReadAllOptions): EventSubscription;

  /**
   * The settings the ledger keeps for life (time zone, hash algorithm, who created it), or
   * `undefined` while nothing has created it (or for a ledger made before settings were kept).
   */
  ledgerSettings(): Promise<LedgerSettings | undefined>;

  /**
   * Keeps `settings` as the ledger's if it has none yet (creating an empty ledger where there
   * was none); answers the settings the ledger keeps now, which are the earlier ones when it
   * had some: settings are written once and never changed.
   */
  initLedger(settings: LedgerSettings): Promise<LedgerSettings>;

  /** Releases files, locks and connections. */
  close(): Promise<void>;
}
