import * as E from "fp-ts/lib/Either.js";
import { GENESIS_HASH, type NewHazardEvent, type RecordedHazardEvent } from "../events/hazardEvent.js";
import { DEFAULT_HASH_ALGORITHM } from "../digest/hashAlgorithm.js";
import { deepFreeze, isDeepFrozen } from "../hashing/deepFreeze.js";
import { sealEvent } from "../hashing/hashChain.js";
import { CURRENT_SCHEMA_VERSIONS } from "../upcasting/schemaVersions.js";
import {
  checkAppendShape,
  isBackfill,
  matchesExpectedRevision,
  nextCommitTime,
  refusedBackfill,
  wrongExpectedRevision,
} from "./appendChecks.js";
import { checkCommandIds, commandFingerprint } from "./commandReplay.js";
import { BatchTally, pullBatch } from "./batchSource.js";
import { catchUpSubscription } from "./catchUpSubscription.js";
import type { LedgerSettings } from "./ledgerSettings.js";
import { type CommandSpan, commandSpan, spanFrom, spanTo } from "./commandSpan.js";
import { readRange } from "./readRange.js";
import { settle } from "./settle.js";
import { FrontierKeeper, digestSize, frontierOfPrefix, storeDigestOf } from "./storeDigest.js";
import type {
  AppendError,
  AppendOptions,
  AppendResult,
  BatchResult,
  EventStore,
  EventSubscription,
  ReadAllOptions,
  ReadStreamOptions,
  StreamAppend,
  StreamAppendSource,
  StreamRevision,
  WriteOptions,
} from "./eventStore.js";

/** Events a subscription takes from the log at a time. */
const SUBSCRIPTION_BATCH = 512;

/** Options of {@link getInMemoryEventStore}. */
export interface InMemoryEventStoreOptions {
  /** The clock that stamps `recordedAt` on events that bring none; default the system clock. */
  readonly now?: () => Date;
  /** The ledger's settings from the start (else the first `initLedger` keeps them). */
  readonly settings?: LedgerSettings;
}

interface Stream {
  readonly events: RecordedHazardEvent[];
  readonly commands: Map<string, CommandSpan>;
}

/** One stream's share of an append, checked and sealed but not yet visible. */
interface StagedStream {
  readonly hazardId: string;
  readonly base: Stream | undefined;
  readonly added: RecordedHazardEvent[];
  readonly addedCommands: Map<string, CommandSpan>;
}

type Plan =
  | { readonly kind: "write"; readonly staged: StagedStream; readonly from: number; readonly to: number }
  | {
      readonly kind: "replay";
      readonly hazardId: string;
      readonly commandId: string;
      readonly span: CommandSpan;
    };

/**
 * A copy of JSON-shaped data (what an event is): objects and arrays are new, strings and
 * numbers are shared, which is safe since they are immutable, and cheaper than structuredClone.
 */
const copyData = <T>(value: T): T => {
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) return value.map(copyData) as T;
  const copy: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) copy[k] = copyData(v);
  return copy as T;
};

const lengthOf = (s: StagedStream): number => (s.base?.events.length ?? 0) + s.added.length;

const eventAt = (s: StagedStream, seq: number): RecordedHazardEvent | undefined => {
  const baseLength = s.base?.events.length ?? 0;
  return seq < baseLength ? s.base?.events[seq] : s.added[seq - baseLength];
};

const spanOfCommand = (s: StagedStream, commandId: string): CommandSpan | undefined =>
  s.base?.commands.get(commandId) ?? s.addedCommands.get(commandId);

/** The events a stream holds under a commandId: those of its span that carry it. */
const eventsOfCommand = (s: StagedStream, commandId: string): RecordedHazardEvent[] => {
  const span = spanOfCommand(s, commandId);
  const out: RecordedHazardEvent[] = [];
  if (span === undefined) return out;
  for (let seq = spanFrom(span); seq <= spanTo(span); seq++) {
    const e = eventAt(s, seq);
    if (e !== undefined && e.commandId === commandId) out.push(e);
  }
  return out;
};

const revisionOf = (length: number): StreamRevision => (length === 0 ? "no_stream" : length - 1);

/**
 * An event store held in memory: for tests, demos and the CLI's `memory:` store.
 *
 * Every operation is linear in what it returns, never in the size of the store: streams and
 * the global log are append-only arrays (amortised O(1) push), streams are found by hazard id
 * in a `Map`, and a command id is found in its stream's index, not by a scan. Events are
 * copied on the way in and frozen, so neither the caller's objects nor the events handed out
 * can change what is stored.
 *
 * An append does all its checks and sealing synchronously before it commits, so appends
 * are atomic and serialised without locks: a racing append sees the stream as it is.
 */
export const getInMemoryEventStore = (options: InMemoryEventStoreOptions = {}): EventStore => {
  const now = options.now ?? (() => new Date());
  let settings = options.settings;
  const streams = new Map<string, Stream>();
  const log: RecordedHazardEvent[] = [];
  /** The commit time of the last transaction that wrote an event (ms), if any did. */
  let lastCommitMs: number | undefined;
  /** The ledger digest's frontier over the whole log, extended at each commit. */
  const digest = new FrontierKeeper(settings?.hashAlgorithm ?? DEFAULT_HASH_ALGORITHM);
  /** Subscriptions waiting for the next commit. */
  let wakeUps: (() => void)[] = [];
  let closed = false;

  const assertOpen = (): void => {
    if (closed) throw new Error("in-memory event store: the store is closed");
  };

  /** A batch being staged: per-stream views and the plans to commit, in order. */
  interface Staging {
    /** The transaction's commit time, and the `recordedAt` of events that bring none. */
    readonly recordedAt: string;
    readonly commitMs: number;
    /** The commit time before this transaction: a `recordedAt` before it is a backfill. */
    readonly lastCommitMs: number | undefined;
    readonly options: WriteOptions;
    readonly stagedByHazard: Map<string, StagedStream>;
    readonly plans: Plan[];
    readonly tally: BatchTally;
  }

  const newStaging = (options: WriteOptions): Staging => {
    const commitMs = nextCommitTime(now(), lastCommitMs);
    return {
      recordedAt: new Date(commitMs).toISOString(),
      commitMs,
      lastCommitMs,
      options,
      stagedByHazard: new Map(),
      plans: [],
      tally: new BatchTally(),
    };
  };

  /** Checks and seals one append against the committed streams plus what `st` staged. */
  const stageOne = (st: Staging, append: StreamAppend): E.Either<AppendError, Plan> => {
    const { hazardId, events } = append;
    const expected = append.expectedRevision ?? "any";
    const invalid = checkAppendShape(hazardId, events, expected);
    if (invalid !== undefined) return E.left(invalid);
    let s = st.stagedByHazard.get(hazardId);
    if (s === undefined) {
      s = { hazardId, base: streams.get(hazardId), added: [], addedCommands: new Map() };
      st.stagedByHazard.set(hazardId, s);
    }
    // A repeated command is answered before the revision is checked: a retry of an
    // append that succeeded must not fail because the stream has moved on since.
    const stream = s;
    const checked = checkCommandIds(hazardId, events, {
      has: (id) => spanOfCommand(stream, id) !== undefined,
      fingerprint: (id) => commandFingerprint(eventsOfCommand(stream, id)),
    });
    if (E.isLeft(checked)) return checked;
    if (checked.right.kind === "replay") {
      const commandId = checked.right.commandId;
      const span = spanOfCommand(s, commandId) as CommandSpan;
      const plan: Plan = { kind: "replay", hazardId, commandId, span };
      st.plans.push(plan);
      st.tally.add(hazardId, lengthOf(s) - 1, 0);
      return E.right(plan);
    }
    const actual = revisionOf(lengthOf(s));
    if (!matchesExpectedRevision(expected, actual))
      return E.left(wrongExpectedRevision(hazardId, expected, actual));
    const from = lengthOf(s);
    const refused = refusedBackfill(hazardId, from, events, st.lastCommitMs, st.options);
    if (refused !== undefined) return E.left(refused);
    let prevHash = from === 0 ? GENESIS_HASH : (eventAt(s, from - 1)?.hash ?? GENESIS_HASH);
    for (const event of events) {
      const seq = lengthOf(s);
      // A frozen event (an import's) is kept as it is: no one can change it, and sealing the
      // very object lets sealEvent reuse the seal the import made instead of hashing again.
      const sealed = sealEvent(isDeepFrozen(event) ? event : copyData(event), {
        seq,
        recordedAt: st.recordedAt,
        prevHash,
        schemaVersion: CURRENT_SCHEMA_VERSIONS[event.type],
        hashAlgorithm: settings?.hashAlgorithm ?? DEFAULT_HASH_ALGORITHM,
      });
      // The position is set at commit; until then the staged event is private. The copy
      // also makes a compact object: the one sealEvent builds by spreads takes twice the memory.
      s.added.push({
        ...sealed,
        position: -1n,
        committedAt: st.recordedAt,
        ...(isBackfill(event, st.lastCommitMs) ? { backfill: true as const } : {}),
      });
      prevHash = sealed.hash;
    }
    const to = lengthOf(s) - 1;
    for (let seq = from; seq <= to; seq++) {
      const id = eventAt(s, seq)?.commandId;
      if (id !== undefined && spanOfCommand(s, id) === undefined)
        s.addedCommands.set(id, commandSpan(from, to));
    }
    const plan: Plan = { kind: "write", staged: s, from, to };
    st.plans.push(plan);
    st.tally.add(hazardId, to, to - from + 1);
    return E.right(plan);
  };

  const commit = (st: Staging): void => {
    const plans = st.plans;
    if (plans.some((p) => p.kind === "write")) {
      lastCommitMs = st.commitMs;
      digest.useAlgorithm(settings?.hashAlgorithm ?? DEFAULT_HASH_ALGORITHM);
    }
    for (const plan of plans) {
      if (plan.kind !== "write") continue;
      const s = plan.staged;
      const baseLength = s.base?.events.length ?? 0;
      for (let seq = plan.from; seq <= plan.to; seq++) {
        const event = s.added[seq - baseLength] as RecordedHazardEvent & { position: bigint };
        event.position = BigInt(log.length);
        log.push(deepFreeze(event));
        digest.add(event);
      }
    }
    for (const plan of plans) {
      if (plan.kind !== "write") continue;
      const s = plan.staged;
      let stream = streams.get(s.hazardId);
      if (stream === undefined) {
        stream = { events: [], commands: new Map() };
        streams.set(s.hazardId, stream);
      }
      const baseLength = s.base?.events.length ?? 0;
      for (let seq = plan.from; seq <= plan.to; seq++)
        stream.events.push(s.added[seq - baseLength] as RecordedHazardEvent);
      for (const [id, span] of s.addedCommands) if (!stream.commands.has(id)) stream.commands.set(id, span);
    }
    const woken = wakeUps;
    wakeUps = [];
    for (const wake of woken) wake();
  };

  const resultOf = (plan: Plan): AppendResult => {
    if (plan.kind === "write") {
      const stream = streams.get(plan.staged.hazardId) as Stream;
      return {
        hazardId: plan.staged.hazardId,
        nextExpectedRevision: stream.events.length - 1,
        events: stream.events.slice(plan.from, plan.to + 1),
        idempotentReplay: false,
      };
    }
    const stream = streams.get(plan.hazardId) as Stream;
    return {
      hazardId: plan.hazardId,
      nextExpectedRevision: stream.events.length - 1,
      events: stream.events
        .slice(spanFrom(plan.span), spanTo(plan.span) + 1)
        .filter((e) => e.commandId === plan.commandId),
      idempotentReplay: true,
    };
  };

  /**
   * The open batch, if any: a batch pulls its source across awaits, so other writes wait for
   * it to end; a single append is synchronous and so atomic by itself.
   */
  let batchOpen: Promise<void> | undefined;
  const noBatchOpen = async (): Promise<void> => {
    while (batchOpen !== undefined) await batchOpen;
  };

  const appendOne = (append: StreamAppend, options: WriteOptions): E.Either<AppendError, AppendResult> => {
    assertOpen();
    const st = newStaging(options);
    const staged = stageOne(st, append);
    if (E.isLeft(staged)) return staged;
    commit(st);
    return E.right(resultOf(staged.right));
  };

  const appendBatch = async (
    source: StreamAppendSource,
    options: WriteOptions = {},
  ): Promise<E.Either<AppendError, BatchResult>> => {
    await noBatchOpen();
    assertOpen();
    let release = (): void => undefined;
    batchOpen = new Promise<void>((resolve) => (release = resolve));
    try {
      const st = newStaging(options);
      // Buffered, then committed at once: an in-memory store holds every event anyway.
      const pulled = await pullBatch(source, (append) => stageOne(st, append));
      if (pulled.kind === "source_failed") throw pulled.error;
      if (pulled.kind === "refused") return E.left(pulled.error);
      assertOpen();
      const before = log.length;
      commit(st);
      if (log.length > before) st.tally.lastPosition = BigInt(log.length - 1);
      return E.right(st.tally.result());
    } finally {
      batchOpen = undefined;
      release();
    }
  };

  const subscribe = (opts: ReadAllOptions = {}): EventSubscription => {
    let cursor = startIndex(opts.after);
    return catchUpSubscription({
      closed: () => closed,
      fetch: () => {
        const batch = log.slice(cursor, cursor + SUBSCRIPTION_BATCH);
        cursor += batch.length;
        return batch;
      },
      waitForMore: (wake) => {
        wakeUps.push(wake);
        return wake;
      },
    });
  };

  const startIndex = (after: bigint | undefined): number =>
    after === undefined || after < 0n ? 0 : after >= BigInt(log.length) ? log.length : Number(after) + 1;

  return {
    appendToStream: (hazardId: string, events: readonly NewHazardEvent[], opts: AppendOptions = {}) => {
      const append: StreamAppend = {
        hazardId,
        events,
        ...(opts.expectedRevision !== undefined ? { expectedRevision: opts.expectedRevision } : {}),
      };
      return batchOpen === undefined
        ? settle(() => appendOne(append, opts))
        : noBatchOpen().then(() => appendOne(append, opts));
    },

    appendBatch,

    readStream: (hazardId: string, opts: ReadStreamOptions = {}) =>
      settle((): readonly RecordedHazardEvent[] => {
        assertOpen();
        const range = readRange("in-memory event store", opts);
        const from = range.from;
        const events = streams.get(hazardId)?.events;
        if (events === undefined) return [];
        const to = Math.min(range.to ?? events.length - 1, events.length - 1);
        return to < from ? [] : events.slice(from, to + 1);
      }),

    streamRevision: (hazardId: string) =>
      settle(() => {
        assertOpen();
        return revisionOf(streams.get(hazardId)?.events.length ?? 0);
      }),

    readAll: (opts: ReadAllOptions = {}) => ({
      [Symbol.asyncIterator]: (): AsyncIterator<RecordedHazardEvent> => {
        // A snapshot: what was committed when the read began, in commit order.
        let next: number | undefined;
        let end = 0;
        return {
          next: () =>
            settle((): IteratorResult<RecordedHazardEvent> => {
              if (next === undefined) {
                assertOpen();
                end = log.length;
                next = startIndex(opts.after);
              }
              return next < end
                ? { done: false, value: log[next++] as RecordedHazardEvent }
                : { done: true, value: undefined };
            }),
        };
      },
    }),

    lastCommittedAt: () =>
      settle(() => {
        assertOpen();
        return lastCommitMs === undefined ? undefined : new Date(lastCommitMs).toISOString();
      }),

    ledgerDigest: async (upTo?: number) => {
      assertOpen();
      const available = digest.useAlgorithm(settings?.hashAlgorithm ?? DEFAULT_HASH_ALGORITHM);
      if (E.isLeft(available)) return available;
      const size = digestSize(log.length, upTo);
      if (E.isLeft(size)) return size;
      if (size.right === digest.size) return E.right(storeDigestOf(digest.frontier, digest.committedAt));
      const prefix = await frontierOfPrefix(digest.frontier.algorithm, log, size.right);
      return E.right(storeDigestOf(prefix.frontier, prefix.committedAt));
    },

    subscribe,

    ledgerSettings: () => settle(() => (assertOpen(), settings)),

    initLedger: (asked: LedgerSettings) =>
      settle(() => {
        assertOpen();
        settings ??= asked;
        return settings;
      }),

    close: () => {
      closed = true;
      const woken = wakeUps;
      wakeUps = [];
      for (const wake of woken) wake();
      return Promise.resolve();
    },
  };
};
