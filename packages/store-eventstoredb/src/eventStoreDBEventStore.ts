import {
  type AllStreamResolvedEvent,
  BACKWARDS,
  type BaseOptions,
  END,
  type Position,
  type ReadStreamOptions as ServerReadStreamOptions,
  type ResolvedEvent,
  START,
  streamNameFilter,
} from "@eventstore/db-client";
import {
  type AppendError,
  type AppendOptions,
  type AppendResult,
  type BatchResult,
  CURRENT_SCHEMA_VERSIONS,
  type EventStore,
  type EventSubscription,
  type ExpectedRevision,
  DEFAULT_HASH_ALGORITHM,
  type HashAlgorithm,
  type StoreDigest,
  type StoreDigestError,
  type NewHazardEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedHazardEvent,
  type StoredHazardEvent,
  type StreamAppend,
  type StreamAppendSource,
  type StreamRevision,
  type WrongExpectedRevision,
} from "@hazard-ledger/core";
import {
  FrontierKeeper,
  digestSize,
  frontierOfPrefix,
  storeDigestOf,
  BatchTally,
  pullBatch,
  checkAppendShape,
  commandFingerprint,
  commandIdReused,
  invalidAppend,
  isRepeatOf,
  matchesExpectedRevision,
  sealEvent,
  wrongExpectedRevision,
  readRange,
  spanFrom,
  spanTo,
} from "@hazard-ledger/core/store-kit";
import * as E from "fp-ts/lib/Either.js";
import type { EventStoreDBClientSeam } from "./clientSeam.js";
import { DEFAULT_MAX_APPEND_SIZE, chunkByCommand, serverEventSize } from "./appendSize.js";
import { readToEnd } from "./clientReads.js";
import { type EventStoreDBConnection, connect } from "./connection.js";
import {
  isStreamNotFoundError,
  isWrongExpectedVersionError,
  wrongExpectedRevisionFromServer,
} from "./errors.js";
import { serverEventId } from "./eventIds.js";
import { EventStoreDBServerVersionError, checkServerVersion } from "./serverVersion.js";
import { decodeNewEvents } from "./newEvents.js";
import { initLedgerSettings, readLedgerSettings } from "./ledgerSettingsStream.js";
import { decodePosition, encodePosition } from "./positions.js";
import { revisionFromServer, streamRevisionToServer } from "./revisions.js";
import { fromServerEvent, toServerEvent } from "./serverEvents.js";
import { type StreamHead, StreamHeadCache, emptyStreamHead, extendStreamHead } from "./streamHeads.js";
import {
  DEFAULT_STREAM_PREFIX,
  checkStreamPrefix,
  hazardIdOfStream,
  isOtherLedgersStream,
  streamNameOf,
} from "./streamNames.js";
import { type ResubscribeOptions, resubscribingSubscription } from "./subscription.js";

/** Options of {@link getEventStoreDBEventStore}. */
export interface EventStoreDBEventStoreOptions {
  /** The prefix of every hazard's stream; default `hazard-` (hazard `HZ-1` → stream `hazard-HZ-1`). */
  readonly streamPrefix?: string;
  /** The clock that stamps `recordedAt` on events that bring none; default the system clock. */
  readonly now?: () => Date;
  /**
   * Passed to every client call: `credentials` (a user other than the connection's),
   * `requiresLeader`, and `deadline` (milliseconds; the client applies it to appends, its
   * streaming reads have none).
   */
  readonly callOptions?: BaseOptions;
  /** How a dropped subscription is resumed. */
  readonly subscription?: ResubscribeOptions;
  /**
   * EventStoreDB has no transaction over several streams. `sequential` (the default) appends
   * a batch stream by stream: a failure in the middle (a concurrent writer, a lost
   * connection, a refused append or a throwing source of a streamed batch) leaves the streams
   * before it written, and the error says which. A batch given as an array has every expected
   * revision checked first, so one that does not fit is refused whole; a streamed batch is
   * checked append by append as it arrives. `reject` refuses any batch over more than one
   * stream (a streamed batch is held until it ends or names a second stream).
   */
  readonly multiStreamBatch?: "sequential" | "reject";
  /**
   * How many times an append with expected revision `any` or `stream_exists` is re-read,
   * re-sealed and retried when another writer moved the stream in between; default 10.
   */
  readonly maxAppendAttempts?: number;
  /**
   * How many streams' heads (length, last hash, commands) are kept between appends, so an
   * append reads only the events new since; default 10,000; 0 reads every stream whole.
   */
  readonly streamCacheSize?: number;
  /**
   * The server's `MaxAppendSize` in bytes; default 1 MiB, the server's default. One append is
   * one server write, so `appendToStream` refuses a larger one (INVALID_APPEND, before writing)
   * and `appendBatch` cuts each stream's append between commands into writes that fit.
   */
  readonly maxAppendSize?: number;
}

/** The EventStoreDB store: the core's {@link EventStore}, and the client it talks through. */
export interface EventStoreDBEventStore extends EventStore {
  readonly client: EventStoreDBClientSeam;
  /**
   * Resolves once the server is reached and known to be new enough (EventStoreDB 22.6+ or
   * KurrentDB); rejects with {@link EventStoreDBServerVersionError} for an older one. Every
   * operation waits for it; {@link connectEventStoreDBEventStore} waits for it first.
   */
  ready(): Promise<void>;
}

type WriteOutcome =
  | { readonly kind: "written"; readonly nextExpectedRevision: bigint }
  | { readonly kind: "too_large"; readonly size: number }
  | { readonly kind: "conflict"; readonly error: WrongExpectedRevision };

/** How many events of `$all` one read asks for: a page of `readAll`. */
const READ_ALL_PAGE = 1_000;

/** How many streams `appendBatch` reads at once to check a batch. */
const BATCH_READ_CONCURRENCY = 16;

const revisionOfLength = (length: number): StreamRevision => (length === 0 ? "no_stream" : length - 1);

/**
 * An event store on EventStoreDB (22.6+) or KurrentDB, through `@eventstore/db-client`.
 *
 * Each hazard is a stream `<prefix><hazardId>`; a core revision is the server revision of the
 * same number. Each event is stored as JSON: the whole sealed event (hash chain included) as
 * data, its seq and hashes as metadata, under an id derived from its command id (uuid v5), so
 * a repeated command is recognised by the adapter and by the server. Positions are the `$all`
 * position encoded as `(commit << 64n) | prepare`.
 *
 * To seal an event the adapter must know the hash before it, so every append first reads
 * what is new in the stream (the stream's head is cached: only new events are read) and
 * appends with the revision it knows as the server's expected revision: a concurrent writer
 * makes the server refuse the append (WrongExpectedVersion), which becomes the core's
 * `WRONG_EXPECTED_REVISION` (or a transparent retry for `any`/`stream_exists`). An append
 * then reads its events back, for their `$all` positions: three calls in all.
 *
 * @param connection a connection string (with optional client options), client settings, or
 *   a client of the caller's own (not disposed by `close()`).
 */
export const getEventStoreDBEventStore = (
  connection: EventStoreDBConnection,
  options: EventStoreDBEventStoreOptions = {},
): EventStoreDBEventStore => {
  const prefix = checkStreamPrefix(options.streamPrefix ?? DEFAULT_STREAM_PREFIX);
  const maxAppendAttempts = options.maxAppendAttempts ?? 10;
  if (!Number.isSafeInteger(maxAppendAttempts) || maxAppendAttempts < 1)
    throw new RangeError(`EventStoreDB maxAppendAttempts ${maxAppendAttempts} must be a whole number ≥ 1`);
  const multiStreamBatch = options.multiStreamBatch ?? "sequential";
  if (multiStreamBatch !== "sequential" && multiStreamBatch !== "reject")
    throw new RangeError(
      `EventStoreDB multiStreamBatch ${JSON.stringify(multiStreamBatch)} must be "sequential" or "reject"`,
    );
  const maxAppendSize = options.maxAppendSize ?? DEFAULT_MAX_APPEND_SIZE;
  if (!Number.isSafeInteger(maxAppendSize) || maxAppendSize < 1)
    throw new RangeError(`EventStoreDB maxAppendSize ${maxAppendSize} must be a whole number of bytes ≥ 1`);
  const now = options.now ?? (() => new Date());
  const callOptions: BaseOptions = options.callOptions ?? {};
  const { client, owned } = connect(connection);
  const subscriptions = new Set<EventSubscription>();
  const heads = new StreamHeadCache(options.streamCacheSize ?? 10_000);
  let closed = false;

  /**
   * The hash algorithm the ledger's chains and digest use: its settings', else sha256. Read
   * once per store (settings never change once written; `initLedger` through this store sets
   * it), so an append costs no extra call.
   */
  let algorithm: Promise<HashAlgorithm> | undefined;
  const hashAlgorithmOf = (): Promise<HashAlgorithm> => {
    algorithm ??= readLedgerSettings(client, prefix, callOptions).then(
      (kept) => kept?.hashAlgorithm ?? DEFAULT_HASH_ALGORITHM,
      (error: unknown) => {
        algorithm = undefined;
        throw error;
      },
    );
    return algorithm;
  };

  /**
   * The ledger digest's frontier over `$all` up to `digestAfter`. EventStoreDB appends of other
   * clients interleave with ours, so the frontier is not extended by our appends: a digest
   * asked reads only the events committed after the last one it covers (one pass, then
   * O(new events) per ask). Asks are serialised, so two never extend it twice.
   */
  const digestKeeper = new FrontierKeeper(DEFAULT_HASH_ALGORITHM);
  let digestAfter: bigint | undefined;
  let digestQueue: Promise<unknown> = Promise.resolve();

  const assertOpen = (): void => {
    if (closed) throw new Error("EventStoreDB event store: the store is closed");
  };

  // The server's version, checked once before the first call that needs the server (a
  // failure to reach it is not remembered: the next call checks again).
  let serverChecked: Promise<void> | undefined;
  const checkServer = (): Promise<void> => {
    serverChecked ??= checkServerVersion(client).catch((error: unknown) => {
      if (!(error instanceof EventStoreDBServerVersionError)) serverChecked = undefined;
      throw error;
    });
    return serverChecked;
  };
  /** The store is open and its server new enough. */
  const ready = async (): Promise<void> => {
    assertOpen();
    await checkServer();
  };

  const streamOf = (hazardId: string): string => streamNameOf(prefix, hazardId);

  /**
   * A hazard's events as the server has them; a stream with no event reads as none. `known`
   * are events just written from `base` on, which need no decoding if the server kept them.
   */
  const readServerStream = async (
    hazardId: string,
    read: ServerReadStreamOptions = {},
    known?: { readonly base: number; readonly events: readonly StoredHazardEvent[] },
  ): Promise<RecordedHazardEvent[]> => {
    let read_: ResolvedEvent[];
    try {
      read_ = await readToEnd(client.readStream(streamOf(hazardId), { ...callOptions, ...read }));
    } catch (error) {
      if (isStreamNotFoundError(error)) return [];
      throw error;
    }
    const events: RecordedHazardEvent[] = [];
    for (const resolved of read_)
      if (resolved.event !== undefined)
        events.push(
          fromServerEvent(
            resolved.event,
            prefix,
            known?.events[Number(resolved.event.revision) - known.base],
          ),
        );
    return events;
  };

  /** A server event of `$all` as a hazard event, or `undefined` when it is not a hazard's. */
  const hazardEventOf = (resolved: AllStreamResolvedEvent): RecordedHazardEvent | undefined => {
    const event = resolved.event;
    if (event === undefined || event.type.startsWith("$")) return undefined;
    if (hazardIdOfStream(prefix, event.streamId) === undefined) return undefined;
    // `$all` (and the server's prefix filter) also holds the streams of a ledger whose
    // prefix extends ours: they are skipped, not read as corrupt events of ours.
    const stored: unknown = event.isJson ? event.data : undefined;
    const storedHazardId =
      typeof stored === "object" && stored !== null ? (stored as { hazardId?: unknown }).hazardId : undefined;
    if (isOtherLedgersStream(prefix, event.streamId, storedHazardId)) return undefined;
    return fromServerEvent(event, prefix);
  };

  const write = async (
    hazardId: string,
    sealed: readonly StoredHazardEvent[],
    read: StreamRevision,
    expected: ExpectedRevision,
  ): Promise<WriteOutcome> => {
    const serverEvents = sealed.map((event, i) => toServerEvent(event, serverEventId(event, i)));
    const size = serverEvents.reduce((sum, e) => sum + serverEventSize(e), 0);
    if (size > maxAppendSize) return { kind: "too_large", size };
    try {
      const result = await client.appendToStream(streamOf(hazardId), serverEvents, {
        ...callOptions,
        expectedRevision: streamRevisionToServer(read),
      });
      // Only a client made with throwOnAppendFailure=false answers a conflict this way. Its
      // nextExpectedRevision cannot be trusted: on the batch-append path (the one client 6.2
      // takes on every server from 21.10 on) it is `BigInt(hasCurrentStreamRevision())`,
      // 1n or -1n, not the revision. So the stream's revision is read again.
      if (!result.success)
        return {
          kind: "conflict",
          error: wrongExpectedRevision(hazardId, expected, await streamRevisionOf(hazardId)),
        };
      return { kind: "written", nextExpectedRevision: result.nextExpectedRevision };
    } catch (error) {
      if (isWrongExpectedVersionError(error))
        return { kind: "conflict", error: wrongExpectedRevisionFromServer(error, hazardId, expected) };
      throw error;
    }
  };

  /** A stream's head, brought up to date with one read of the events new since last time. */
  const headOf = async (hazardId: string): Promise<StreamHead> => {
    const head = heads.get(hazardId) ?? emptyStreamHead();
    const fresh = await readServerStream(
      hazardId,
      head.length === 0 ? {} : { fromRevision: BigInt(head.length) },
    );
    extendStreamHead(head, fresh);
    heads.set(hazardId, head);
    return head;
  };

  /**
   * The events a command wrote first, as stored, when `events` repeat it identically;
   * COMMAND_ID_REUSED when they are other events under its commandId; undefined when the
   * stream does not hold the command.
   */
  const replayOf = async (
    hazardId: string,
    head: StreamHead,
    commandId: string,
    events: readonly NewHazardEvent[],
  ): Promise<E.Either<AppendError, AppendResult> | undefined> => {
    const span = head.commands.get(commandId);
    if (span === undefined) return undefined;
    const stored = (
      await readServerStream(hazardId, {
        fromRevision: BigInt(spanFrom(span)),
        maxCount: BigInt(spanTo(span) - spanFrom(span) + 1),
      })
    ).filter((e) => e.commandId === commandId);
    if (!isRepeatOf(events, commandId, commandFingerprint(stored)))
      return E.left(commandIdReused(hazardId, commandId));
    return E.right({
      hazardId,
      nextExpectedRevision: head.length - 1,
      events: stored,
      idempotentReplay: true,
    });
  };

  const appendOne = async (
    hazardId: string,
    events: readonly NewHazardEvent[],
    expected: ExpectedRevision,
  ): Promise<E.Either<AppendError, AppendResult>> => {
    const commandId = events[0]?.commandId;
    for (let attempt = 1; ; attempt++) {
      const head = await headOf(hazardId);
      // A repeated command is answered before the revision is checked: a retry of an append
      // that succeeded must not fail because the stream has moved on since.
      const replay = commandId === undefined ? undefined : await replayOf(hazardId, head, commandId, events);
      if (replay !== undefined) return replay;
      const reused = events.find(
        (e) => e.commandId !== undefined && e.commandId !== commandId && head.commands.has(e.commandId),
      );
      if (reused?.commandId !== undefined) return E.left(commandIdReused(hazardId, reused.commandId));
      const base = head.length;
      const actual = revisionOfLength(base);
      if (!matchesExpectedRevision(expected, actual))
        return E.left(wrongExpectedRevision(hazardId, expected, actual));

      const recordedAt = now().toISOString();
      let prevHash = head.lastHash;
      const hashAlgorithm = await hashAlgorithmOf();
      const sealed = events.map((event, i) => {
        const s = sealEvent(event, {
          seq: base + i,
          recordedAt,
          prevHash,
          schemaVersion: CURRENT_SCHEMA_VERSIONS[event.type],
          hashAlgorithm,
        });
        prevHash = s.hash;
        return s;
      });

      const outcome = await write(hazardId, sealed, actual, expected);
      if (outcome.kind === "too_large")
        return E.left(
          invalidAppend(
            hazardId,
            `the append's ${sealed.length} events take ${outcome.size} bytes, over the server's maximum of ${maxAppendSize} for one append (MaxAppendSize): nothing was written; split the command, or raise MaxAppendSize on the server and maxAppendSize here`,
          ),
        );
      if (outcome.kind === "written") {
        // The positions are the server's: read the events back rather than guess them.
        const back = await readServerStream(
          hazardId,
          { fromRevision: BigInt(base), maxCount: BigInt(sealed.length) },
          { base, events: sealed },
        );
        if (back.length !== sealed.length)
          throw new Error(
            `EventStoreDB stream ${streamOf(hazardId)}: appended ${sealed.length} events at revision ${base} but read back ${back.length}`,
          );
        extendStreamHead(head, back);
        return E.right({
          hazardId,
          nextExpectedRevision: revisionFromServer(
            outcome.nextExpectedRevision,
            `stream ${streamOf(hazardId)}`,
          ),
          events: back,
          // The server itself recognised the event ids (the same command raced itself) and
          // kept the events written first.
          idempotentReplay: back.some((e, i) => e.hash !== sealed[i]?.hash),
        });
      }
      // Another writer moved the stream between our read and our append. A stream that is
      // now shorter than we knew it (deleted, truncated) is read again from the start.
      const serverActual = outcome.error.actual;
      if (serverActual === "no_stream" || serverActual < base - 1) heads.delete(hazardId);
      if ((expected === "any" || expected === "stream_exists") && attempt < maxAppendAttempts) continue;
      if (commandId !== undefined) {
        // The writer in between may have been this very command, retried.
        const again = await replayOf(hazardId, await headOf(hazardId), commandId, events);
        if (again !== undefined) return again;
      }
      if (expected === "any" || expected === "stream_exists")
        return E.left({
          ...outcome.error,
          message: `${hazardId}: the stream kept changing under ${maxAppendAttempts} attempts to append (last seen ${
            serverActual === "no_stream" ? "with no events" : `at revision ${serverActual}`
          })`,
        });
      return E.left(outcome.error);
    }
  };

  const streamRevisionOf = async (hazardId: string): Promise<StreamRevision> => {
    let last: ResolvedEvent | undefined;
    try {
      // The read is bounded to one event and still read to its end (see readToEnd).
      [last] = await readToEnd(
        client.readStream(streamOf(hazardId), {
          ...callOptions,
          fromRevision: END,
          direction: BACKWARDS,
          maxCount: 1,
        }),
      );
    } catch (error) {
      if (isStreamNotFoundError(error)) return "no_stream";
      throw error;
    }
    return last?.event === undefined
      ? "no_stream"
      : revisionFromServer(last.event.revision, `stream ${streamOf(hazardId)}`);
  };

  /**
   * Checks a batch given whole (an array) before anything is written: every expected
   * revision against the streams as the batch would leave them, and the stream count of a
   * `reject` store. A streamed batch cannot be checked ahead.
   */
  const checkWholeBatch = async (given: readonly StreamAppend[]): Promise<E.Either<AppendError, void>> => {
    const appends: StreamAppend[] = [];
    for (const a of given) {
      const invalid = checkAppendShape(a.hazardId, a.events, a.expectedRevision ?? "any");
      if (invalid !== undefined) return E.left(invalid);
      const decoded = decodeNewEvents(a.hazardId, a.events);
      if (E.isLeft(decoded)) return decoded;
      appends.push({ ...a, events: decoded.right });
    }
    const hazardIds = [...new Set(appends.map((a) => a.hazardId))];
    if (hazardIds.length > 1 && multiStreamBatch === "reject")
      return E.left(notAtomic(hazardIds[0] as string, `${hazardIds.length} streams`));
    const projected = new Map<string, { length: number; commands: Set<string> }>();
    // The streams are read a few at a time: an import touches thousands of them.
    for (let i = 0; i < hazardIds.length; i += BATCH_READ_CONCURRENCY) {
      const chunk = hazardIds.slice(i, i + BATCH_READ_CONCURRENCY);
      const chunkHeads = await Promise.all(chunk.map(headOf));
      chunk.forEach((hazardId, j) => {
        const head = chunkHeads[j] as StreamHead;
        projected.set(hazardId, { length: head.length, commands: new Set(head.commands.keys()) });
      });
    }
    for (const a of appends) {
      const stream = projected.get(a.hazardId) as { length: number; commands: Set<string> };
      const commandId = a.events[0]?.commandId;
      if (commandId !== undefined && stream.commands.has(commandId)) continue;
      const expected = a.expectedRevision ?? "any";
      const actual = revisionOfLength(stream.length);
      if (!matchesExpectedRevision(expected, actual))
        return E.left(wrongExpectedRevision(a.hazardId, expected, actual));
      stream.length += a.events.length;
      for (const e of a.events) if (e.commandId !== undefined) stream.commands.add(e.commandId);
    }
    return E.right(undefined);
  };

  const notAtomic = (hazardId: string, what: string) =>
    invalidAppend(
      hazardId,
      `a batch over ${what} cannot be atomic on EventStoreDB (multiStreamBatch is "reject")`,
    );

  /**
   * Stream by stream, as the source yields (see `multiStreamBatch`): not atomic across
   * streams. What was written before a failure is named in the error.
   */
  const appendBatch = async (source: StreamAppendSource): Promise<E.Either<AppendError, BatchResult>> => {
    await ready();
    if (Array.isArray(source)) {
      const checked = await checkWholeBatch(source as readonly StreamAppend[]);
      if (E.isLeft(checked)) return checked;
    }
    const tally = new BatchTally();
    /** Streams written so far (a set of ids: what the errors name). */
    const written = new Set<string>();
    const partial = (): string => {
      if (written.size === 0) return "nothing of the batch was written";
      const names = [...written].slice(0, 20).join(", ");
      const more = written.size > 20 ? ` and ${written.size - 20} more` : "";
      return `EventStoreDB appends a batch stream by stream: the batch's appends to ${names}${more} were already written`;
    };
    const failedAfterWrites = (error: unknown): Error =>
      new Error(`${error instanceof Error ? error.message : String(error)} (${partial()})`, { cause: error });

    const write = async (a: StreamAppend): Promise<E.Either<AppendError, void>> => {
      // One server write holds at most maxAppendSize bytes: a long run of one stream (an
      // import) is written in several, cut between commands.
      let expected: ExpectedRevision = a.expectedRevision ?? "any";
      for (const chunk of chunkByCommand(a.events, maxAppendSize)) {
        let result: E.Either<AppendError, AppendResult>;
        try {
          result = await appendOne(a.hazardId, chunk, expected);
        } catch (error) {
          if (written.size === 0) throw error;
          throw failedAfterWrites(error);
        }
        if (E.isLeft(result)) return result;
        const { events, idempotentReplay, nextExpectedRevision } = result.right;
        const last = events[events.length - 1];
        if (!idempotentReplay && last !== undefined) {
          written.add(a.hazardId);
          tally.lastPosition = last.position;
        }
        tally.add(a.hazardId, nextExpectedRevision, idempotentReplay ? 0 : events.length);
        expected = nextExpectedRevision;
      }
      return E.right(undefined);
    };

    // A `reject` store holds a one-stream batch until its end: it may yet name a second.
    const held: StreamAppend[] = [];
    const pulled = await pullBatch(source, (a) => {
      const invalid = checkAppendShape(a.hazardId, a.events, a.expectedRevision ?? "any");
      if (invalid !== undefined) return E.left(invalid);
      const decoded = decodeNewEvents(a.hazardId, a.events);
      if (E.isLeft(decoded)) return decoded;
      const append: StreamAppend = { ...a, events: decoded.right };
      if (multiStreamBatch === "sequential") return write(append);
      const first = held[0];
      if (first !== undefined && first.hazardId !== a.hazardId)
        return E.left(notAtomic(first.hazardId, "more than one stream"));
      held.push(append);
      return E.right(undefined);
    });
    if (pulled.kind === "source_failed") {
      // Nothing written: the source's own error, as the contract says; else the error says what was.
      if (written.size === 0) throw pulled.error;
      throw failedAfterWrites(pulled.error);
    }
    if (pulled.kind === "refused")
      return E.left(
        written.size === 0
          ? pulled.error
          : { ...pulled.error, message: `${pulled.error.message} (${partial()})` },
      );
    for (const append of held) {
      const result = await write(append);
      if (E.isLeft(result))
        return E.left(
          written.size === 0
            ? result.left
            : { ...result.left, message: `${result.left.message} (${partial()})` },
        );
    }
    return E.right(tally.result());
  };

  const store: EventStoreDBEventStore = {
    client,
    ledgerSettings: () => readLedgerSettings(client, prefix, callOptions),
    initLedger: async (asked) => {
      const kept = await initLedgerSettings(client, prefix, asked);
      algorithm = Promise.resolve(kept.hashAlgorithm);
      return kept;
    },

    ledgerDigest: (upTo?: number) => {
      const answer = digestQueue.then(async (): Promise<E.Either<StoreDigestError, StoreDigest>> => {
        await ready();
        const available = digestKeeper.useAlgorithm(await hashAlgorithmOf());
        if (E.isLeft(available)) return available;
        for await (const e of store.readAll(digestAfter === undefined ? {} : { after: digestAfter })) {
          digestKeeper.add(e);
          digestAfter = e.position;
        }
        const size = digestSize(digestKeeper.size, upTo);
        if (E.isLeft(size)) return size;
        if (size.right === digestKeeper.size)
          return E.right(storeDigestOf(digestKeeper.frontier, digestKeeper.committedAt));
        const shorter = await frontierOfPrefix(digestKeeper.frontier.algorithm, store.readAll(), size.right);
        return E.right(storeDigestOf(shorter.frontier, shorter.committedAt));
      });
      digestQueue = answer.catch(() => undefined);
      return answer;
    },

    appendToStream: async (hazardId: string, events: readonly NewHazardEvent[], opts: AppendOptions = {}) => {
      await ready();
      const expected = opts.expectedRevision ?? "any";
      const invalid = checkAppendShape(hazardId, events, expected);
      if (invalid !== undefined) return E.left(invalid);
      const decoded = decodeNewEvents(hazardId, events);
      if (E.isLeft(decoded)) return decoded;
      return appendOne(hazardId, decoded.right, expected);
    },

    appendBatch,

    readStream: async (hazardId: string, opts: ReadStreamOptions = {}) => {
      await ready();
      const { from, to } = readRange("EventStoreDB event store", opts);
      if (to !== undefined && to < from) return [];
      return readServerStream(hazardId, {
        fromRevision: BigInt(from),
        ...(to !== undefined ? { maxCount: BigInt(to - from + 1) } : {}),
      });
    },

    streamRevision: async (hazardId: string) => {
      await ready();
      return streamRevisionOf(hazardId);
    },

    // The server's commit time of the last hazard event of $all. Backfills are not checked
    // here: appends to EventStoreDB are not one transaction with this read.
    lastCommittedAt: async () => {
      await ready();
      // Backwards a page at a time, each page read to its end (see readToEnd).
      let from: Position | typeof END = END;
      for (;;) {
        const page: AllStreamResolvedEvent[] = await readToEnd(
          client.readAll({
            ...callOptions,
            direction: BACKWARDS,
            fromPosition: from,
            maxCount: READ_ALL_PAGE,
          }),
        );
        for (const resolved of page) {
          const event = hazardEventOf(resolved);
          if (event !== undefined) return event.committedAt;
        }
        const oldest = page[page.length - 1]?.event?.position;
        if (page.length < READ_ALL_PAGE || oldest === undefined) return undefined;
        // A backwards read from a position starts before it.
        from = oldest;
      }
    },

    readAll: (opts: ReadAllOptions = {}) => ({
      [Symbol.asyncIterator]: async function* () {
        await ready();
        let after = opts.after !== undefined && opts.after >= 0n ? opts.after : undefined;
        // Page by page, each page read to its end before any of it is given out, so a caller
        // that stops early leaves no read open (see readToEnd). Client 6 has no server-side
        // filter on reads of $all (only on subscriptions), so the prefix is applied here.
        for (;;) {
          const page = await readToEnd(
            client.readAll({
              ...callOptions,
              fromPosition: after === undefined ? START : decodePosition(after),
              maxCount: READ_ALL_PAGE,
            }),
          );
          let last: bigint | undefined;
          for (const resolved of page) {
            const position = resolved.event?.position;
            if (position !== undefined) last = encodePosition(position);
            const event = hazardEventOf(resolved);
            // A read from a position starts at that position: it was delivered already.
            if (event === undefined || (after !== undefined && event.position <= after)) continue;
            yield event;
          }
          if (page.length < READ_ALL_PAGE || last === undefined || (after !== undefined && last <= after))
            return;
          after = last;
        }
      },
    }),

    subscribe: (opts: ReadAllOptions = {}) => {
      assertOpen();
      const subscription: EventSubscription = resubscribingSubscription({
        open: (fromPosition) =>
          client.subscribeToAll({
            ...callOptions,
            fromPosition,
            filter: streamNameFilter({ prefixes: [prefix] }),
          }),
        decode: hazardEventOf,
        ready: checkServer,
        ...(opts.after !== undefined ? { after: opts.after } : {}),
        ...(options.subscription !== undefined ? { retry: options.subscription } : {}),
        onEnd: () => subscriptions.delete(subscription),
      });
      subscriptions.add(subscription);
      return subscription;
    },

    ready,

    close: async () => {
      if (closed) return;
      closed = true;
      await Promise.all([...subscriptions].map((s) => s.close()));
      if (owned) await client.dispose();
    },
  };
  return store;
};

/**
 * {@link getEventStoreDBEventStore}, once the server has answered and is known to be new
 * enough: an older server (before 22.6) is refused here, at connect, with
 * {@link EventStoreDBServerVersionError}, and the client the store made is disposed.
 */
export const connectEventStoreDBEventStore = async (
  connection: EventStoreDBConnection,
  options: EventStoreDBEventStoreOptions = {},
): Promise<EventStoreDBEventStore> => {
  const store = getEventStoreDBEventStore(connection, options);
  try {
    await store.ready();
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
};
