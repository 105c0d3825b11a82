import {
  ANY,
  type AllStreamResolvedEvent,
  type AppendResult,
  type AppendToStreamOptions,
  BACKWARDS,
  type CurrentRevision,
  END,
  type EventData,
  NO_STREAM,
  type Position,
  type ReadAllOptions,
  type ReadPosition,
  type ReadStreamOptions,
  type ResolvedEvent,
  START,
  STREAM_EXISTS,
  STREAM_NAME,
  MaxAppendSizeExceededError,
  StreamNotFoundError,
  type SubscribeToAllOptions,
  UnavailableError,
  WrongExpectedVersionError,
} from "@eventstore/db-client";
import { DEFAULT_MAX_APPEND_SIZE, serverEventSize } from "./appendSize.js";
import type { AllSubscriptionSeam, EventStoreDBClientSeam } from "./clientSeam.js";

/** An event as the fake server holds it. */
export interface FakeRecord {
  readonly streamId: string;
  readonly id: string;
  readonly revision: bigint;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: unknown;
  readonly isJson: true;
  readonly created: Date;
  readonly position: Position;
}

export interface FakeClientOptions {
  /** Like EventStoreDB before 22.6: events read from a stream carry no position. */
  readonly noPositionsOnStreamReads?: boolean;
  /**
   * Like a client made with `throwOnAppendFailure=false`, on the batch-append path client
   * 6.2 takes against every server from 21.10 on: a refused append resolves with
   * `success: false` and `nextExpectedRevision` = `BigInt(hasCurrentStreamRevision())`,
   * 1n when the stream exists and -1n when not, whatever its revision.
   */
  readonly throwOnAppendFailure?: boolean;
  /** The server's `MaxAppendSize`; default 1 MiB, the server's default. */
  readonly maxAppendSize?: number;
}

const comparePositions = (a: Position, b: Position): number =>
  a.commit !== b.commit
    ? a.commit < b.commit
      ? -1
      : 1
    : a.prepare === b.prepare
      ? 0
      : a.prepare < b.prepare
        ? -1
        : 1;

const jsonCopy = (value: unknown): unknown =>
  value === undefined ? undefined : JSON.parse(JSON.stringify(value));

const U64_MAX = (1n << 64n) - 1n;

/**
 * An in-memory stand-in for an EventStoreDB server behind the client seam, faithful where
 * the adapter depends on it: revisions from 0, `no_stream`, expected-revision checks that
 * throw the client's own WrongExpectedVersionError, StreamNotFoundError when reading a stream
 * with no event, JSON round trips of data and metadata, the server's idempotency on repeated
 * event ids, its `MaxAppendSize` (the client's MaxAppendSizeExceededError), and `$all`
 * positions as the server gives events written over gRPC: each event is a prepare record
 * committed by itself, so its commit and prepare positions are both its own log position.
 * Subscriptions are exclusive of their start position, reads of `$all` inclusive, as on the
 * server. The gRPC test server (src/testServer/) is the faithful one, over a real socket; this
 * fake stays for what is easier to inject at the seam.
 *
 * Test hooks: `beforeAppend` runs inside each append before it is checked (to slip in a
 * concurrent writer), `failNextAppend` throws from the next append, `dropSubscriptions`
 * fails every open subscription as a lost connection would.
 */
export class FakeEventStoreDBClient implements EventStoreDBClientSeam {
  readonly log: FakeRecord[] = [];
  readonly calls: { readonly method: string; readonly args: readonly unknown[] }[] = [];
  readonly subscriptions = new Set<FakeSubscription>();
  disposed = false;
  beforeAppend: ((streamName: string) => Promise<void> | void) | undefined;
  private nextPrepare = 1_000n;
  private appendFailure: Error | undefined;
  private readonly streams = new Map<string, FakeRecord[]>();

  constructor(private readonly options: FakeClientOptions = {}) {}

  failNextAppend(error: Error): void {
    this.appendFailure = error;
  }

  dropSubscriptions(
    error: Error = new UnavailableError(undefined, "14 UNAVAILABLE: Connection dropped"),
  ): void {
    for (const s of [...this.subscriptions]) s.drop(error);
  }

  /** Appends without any check, as another application writing to the same server would. */
  writeForeign(streamId: string, type: string, data: unknown): void {
    this.commit(streamId, [{ id: crypto.randomUUID(), type, data, metadata: undefined }]);
  }

  async appendToStream(
    streamName: string,
    events: EventData | EventData[],
    options: AppendToStreamOptions = {},
  ): Promise<AppendResult> {
    this.calls.push({ method: "appendToStream", args: [streamName, events, options] });
    await this.beforeAppend?.(streamName);
    if (this.appendFailure !== undefined) {
      const error = this.appendFailure;
      this.appendFailure = undefined;
      throw error;
    }
    const list = Array.isArray(events) ? events : [events];
    const size = list.reduce((sum, e) => sum + serverEventSize(e), 0);
    const maxAppendSize = this.options.maxAppendSize ?? DEFAULT_MAX_APPEND_SIZE;
    if (size > maxAppendSize) throw MaxAppendSizeExceededError.fromMaxAppendSize(maxAppendSize);
    const stream = this.streams.get(streamName) ?? [];
    const current: CurrentRevision = stream.length === 0 ? NO_STREAM : BigInt(stream.length - 1);
    const expected = options.expectedRevision ?? ANY;

    // The server's idempotency: the same ids again, right after the same expected revision.
    if (expected === NO_STREAM || typeof expected === "bigint") {
      const start = expected === NO_STREAM ? 0 : Number(expected) + 1;
      if (stream.length >= start + list.length && list.every((e, i) => stream[start + i]?.id === e.id)) {
        const last = stream[start + list.length - 1] as FakeRecord;
        return { success: true, nextExpectedRevision: last.revision, position: last.position };
      }
    }
    const ok =
      expected === ANY ||
      (expected === NO_STREAM && current === NO_STREAM) ||
      (expected === STREAM_EXISTS && current !== NO_STREAM) ||
      expected === current;
    if (!ok) {
      if (this.options.throwOnAppendFailure === false)
        return {
          success: false,
          nextExpectedRevision: current === NO_STREAM ? -1n : 1n,
          position: undefined,
        };
      throw new WrongExpectedVersionError(undefined, { streamName, expected, current });
    }
    const written = this.commit(
      streamName,
      list.map((e) => ({ id: e.id, type: e.type, data: e.data, metadata: e.metadata })),
    );
    const last = written[written.length - 1] as FakeRecord;
    return { success: true, nextExpectedRevision: last.revision, position: last.position };
  }

  private commit(
    streamName: string,
    events: readonly { id: string; type: string; data: unknown; metadata: unknown }[],
  ): FakeRecord[] {
    const stream = this.streams.get(streamName) ?? [];
    this.streams.set(streamName, stream);
    // Each event its own log position, records of uneven sizes apart.
    const positions = events.map((_, i) => this.nextPrepare + BigInt(i) * 317n);
    this.nextPrepare += BigInt(events.length) * 317n + 211n;
    const written = events.map((e, i): FakeRecord => ({
      streamId: streamName,
      id: e.id,
      revision: BigInt(stream.length + i),
      type: e.type,
      data: jsonCopy(e.data),
      metadata:
        e.metadata instanceof Uint8Array
          ? JSON.parse(Buffer.from(e.metadata).toString("utf8"))
          : jsonCopy(e.metadata),
      isJson: true,
      created: new Date(0),
      position: { commit: positions[i] as bigint, prepare: positions[i] as bigint },
    }));
    stream.push(...written);
    this.log.push(...written);
    for (const s of this.subscriptions) s.wake();
    return written;
  }

  readStream(streamName: string, options: ReadStreamOptions = {}): AsyncIterable<ResolvedEvent> {
    this.calls.push({ method: "readStream", args: [streamName, options] });
    const stream = this.streams.get(streamName);
    const noPositions = this.options.noPositionsOnStreamReads === true;
    return {
      // eslint-disable-next-line @typescript-eslint/require-await -- an async generator is how an AsyncIterable is written; the fake reads memory
      [Symbol.asyncIterator]: async function* () {
        if (stream === undefined || stream.length === 0) throw new StreamNotFoundError(undefined, streamName);
        const snapshot = [...stream];
        const backwards = options.direction === BACKWARDS;
        const from = options.fromRevision ?? START;
        let i =
          from === START
            ? 0
            : from === END
              ? backwards
                ? snapshot.length - 1
                : snapshot.length
              : Number(from);
        let left = options.maxCount === undefined ? Number.MAX_SAFE_INTEGER : Number(options.maxCount);
        while (left > 0 && i >= 0 && i < snapshot.length) {
          const record = snapshot[i] as FakeRecord;
          yield {
            event: noPositions
              ? { ...record, position: { commit: U64_MAX, prepare: U64_MAX } }
              : { ...record },
          } as ResolvedEvent;
          left--;
          i += backwards ? -1 : 1;
        }
      },
    };
  }

  readAll(options: ReadAllOptions = {}): AsyncIterable<AllStreamResolvedEvent> {
    this.calls.push({ method: "readAll", args: [options] });
    const from = options.fromPosition ?? START;
    const backwards = options.direction === BACKWARDS;
    const snapshot = backwards ? [...this.log].reverse() : [...this.log];
    let left = options.maxCount === undefined ? Number.MAX_SAFE_INTEGER : Number(options.maxCount);
    return {
      // eslint-disable-next-line @typescript-eslint/require-await -- an async generator is how an AsyncIterable is written; the fake reads memory
      [Symbol.asyncIterator]: async function* () {
        for (const record of snapshot) {
          if (left <= 0) return;
          if (backwards) {
            if (from !== END && from !== START && comparePositions(record.position, from) > 0) continue;
            left--;
            yield { event: { ...record }, commitPosition: record.position.commit } as AllStreamResolvedEvent;
            continue;
          }
          if (from === END) return;
          if (from !== START && comparePositions(record.position, from) < 0) continue;
          left--;
          yield { event: { ...record }, commitPosition: record.position.commit } as AllStreamResolvedEvent;
        }
      },
    };
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): AllSubscriptionSeam {
    this.calls.push({ method: "subscribeToAll", args: [options] });
    const subscription = new FakeSubscription(this, options);
    this.subscriptions.add(subscription);
    return subscription;
  }

  async dispose(): Promise<void> {
    this.calls.push({ method: "dispose", args: [] });
    this.disposed = true;
    for (const s of [...this.subscriptions]) await s.unsubscribe();
  }

  /** The records of `$all` from index `i`, for subscriptions. */
  recordAt(i: number): FakeRecord | undefined {
    return this.log[i];
  }

  /** The index of the first record after `from` (exclusive, as subscriptions start). */
  indexAfter(from: ReadPosition): number {
    if (from === START) return 0;
    if (from === END) return this.log.length;
    const i = this.log.findIndex((r) => comparePositions(r.position, from) > 0);
    return i === -1 ? this.log.length : i;
  }
}

/** A catch-up subscription of the fake: past events after its start, then live ones. */
export class FakeSubscription implements AllSubscriptionSeam {
  private cursor: number;
  private ended = false;
  private failure: Error | undefined;
  private waiting: (() => void) | undefined;
  readonly options: SubscribeToAllOptions;

  constructor(
    private readonly client: FakeEventStoreDBClient,
    options: SubscribeToAllOptions,
  ) {
    this.options = options;
    this.cursor = client.indexAfter(options.fromPosition ?? START);
  }

  wake(): void {
    const w = this.waiting;
    this.waiting = undefined;
    w?.();
  }

  drop(error: Error): void {
    this.failure = error;
    this.wake();
  }

  private matches(record: FakeRecord): boolean {
    const filter = this.options.filter;
    if (filter === undefined) return true;
    const subject = filter.filterOn === STREAM_NAME ? record.streamId : record.type;
    return "prefixes" in filter
      ? filter.prefixes.some((p) => subject.startsWith(p))
      : new RegExp(filter.regex).test(subject);
  }

  private async next(): Promise<IteratorResult<AllStreamResolvedEvent>> {
    for (;;) {
      if (this.failure !== undefined) {
        const error = this.failure;
        this.failure = undefined;
        this.ended = true;
        this.client.subscriptions.delete(this);
        throw error;
      }
      if (this.ended) return { done: true, value: undefined };
      const record = this.client.recordAt(this.cursor);
      if (record !== undefined) {
        this.cursor++;
        if (this.matches(record))
          return {
            done: false,
            value: { event: { ...record }, commitPosition: record.position.commit } as AllStreamResolvedEvent,
          };
        continue;
      }
      await new Promise<void>((resolve) => {
        this.waiting = resolve;
      });
    }
  }

  [Symbol.asyncIterator](): AsyncIterator<AllStreamResolvedEvent> {
    return {
      next: () => this.next(),
      return: async () => {
        await this.unsubscribe();
        return { done: true, value: undefined };
      },
    };
  }

  unsubscribe(): Promise<void> {
    this.ended = true;
    this.client.subscriptions.delete(this);
    this.wake();
    return Promise.resolve();
  }
}
