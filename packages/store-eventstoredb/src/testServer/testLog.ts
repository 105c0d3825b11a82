/**
 * The transaction log of the gRPC test server: every record of `$all` in log order, the
 * streams as indexes into it, and the write rules of the real server. Each rule names the
 * server source it mirrors (EventStore/EventStore, `src/EventStore.Core/...`).
 */

/** An event as the test server stores it: what a real server's prepare record holds. */
export interface LogRecord {
  readonly streamId: string;
  readonly eventId: string;
  readonly revision: bigint;
  readonly type: string;
  readonly isJson: boolean;
  readonly data: Uint8Array;
  readonly metadata: Uint8Array;
  /** Ticks (100 ns) since the Unix epoch: `created` in the gRPC metadata map. */
  readonly createdTicks: bigint;
  /** Its log position: both halves of its `$all` position. */
  readonly logPosition: bigint;
}

/** An event of an append, as a proposed message carries it. */
export interface ProposedEvent {
  readonly eventId: string;
  readonly type: string;
  readonly isJson: boolean;
  readonly data: Uint8Array;
  readonly metadata: Uint8Array;
}

/** The expected version of an append, as the server reads it from the request's options. */
export type ExpectedVersion = "any" | "no_stream" | "stream_exists" | bigint;

/** What a write comes to, as `ClientMessage.WriteEventsCompleted` reports it. */
export type WriteResult =
  | {
      readonly kind: "written" | "idempotent";
      /** The last event number written (or recognised), -1 for an empty write to no stream. */
      readonly lastEventNumber: bigint;
      /** The log position of the last event, -1 when there is none. */
      readonly logPosition: bigint;
    }
  | { readonly kind: "wrong_expected_version"; readonly currentVersion: bigint }
  | { readonly kind: "max_append_size_exceeded"; readonly maxAppendSize: number };

/** The server's default `MaxAppendSize`: 1 MiB (`ClusterVNodeOptions.Database.MaxAppendSize`). */
export const DEFAULT_MAX_APPEND_SIZE = 1_048_576;

/**
 * `Event.SizeOnDisk` (`Data/Event.cs`): data + metadata + the event type counted twice (as
 * UTF-16 code units). This is what an append's size is summed from against `MaxAppendSize`.
 */
export const sizeOnDisk = (event: ProposedEvent): number =>
  event.data.length + event.metadata.length + event.type.length * 2;

/**
 * The bytes a prepare record takes in the log (`LogV2/PrepareLogRecord`): about 90 bytes of
 * header (positions, flags, correlation and event ids, expected version, timestamp, length
 * prefix and suffix) plus the stream name, the type, the data and the metadata. Positions in
 * the log advance by it, so they look like a real server's: large, sparse, increasing.
 */
const recordSize = (streamId: string, event: ProposedEvent): bigint =>
  BigInt(
    90 +
      Buffer.byteLength(streamId) +
      Buffer.byteLength(event.type) +
      event.data.length +
      event.metadata.length,
  );

/** The system events a fresh node writes before any user event (an epoch, the default users). */
const FRESH_NODE_RECORDS: readonly {
  readonly streamId: string;
  readonly type: string;
  readonly data: string;
}[] = [
  { streamId: "$epoch-information", type: "$epoch-information", data: '{"epochNumber":0}' },
  { streamId: "$users", type: "$UserCreated", data: '"admin"' },
  {
    streamId: "$user-admin",
    type: "$user",
    data: '{"loginName":"admin","fullName":"Event Store Administrator"}',
  },
  { streamId: "$users", type: "$UserCreated", data: '"ops"' },
  { streamId: "$user-ops", type: "$user", data: '{"loginName":"ops","fullName":"Event Store Operations"}' },
  { streamId: "$settings", type: "$settings", data: '{"$userStreamAcl":{},"$systemStreamAcl":{}}' },
];

const TICKS_PER_MILLISECOND = 10_000n;
/** A fresh log starts after the chunk header, as a real one does. */
const FIRST_LOG_POSITION = 128n;

/** The test server's log. */
export class TestLog {
  readonly records: LogRecord[] = [];
  private readonly streams = new Map<string, LogRecord[]>();
  /** Event id → its record: the server's `_committedEvents` cache of recent event ids. */
  private readonly byEventId = new Map<string, LogRecord>();
  private nextPosition = FIRST_LOG_POSITION;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly now: () => Date = () => new Date(),
    readonly maxAppendSize: number = DEFAULT_MAX_APPEND_SIZE,
  ) {
    for (const r of FRESH_NODE_RECORDS) this.writeSystemEvent(r.streamId, r.type, r.data);
  }

  /** The events of a stream, in revision order (empty for a stream that has none). */
  stream(streamId: string): readonly LogRecord[] {
    return this.streams.get(streamId) ?? [];
  }

  /** The position a new record would take: the end of the log. */
  get endPosition(): bigint {
    return this.nextPosition;
  }

  /** Called after every write (subscriptions wait on it). */
  onWrite(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * A system event written as the server itself writes them (statistics every 30 s in
   * `$stats-<node>`, scavenges, settings): in `$all` for every reader, never a user's.
   */
  writeSystemEvent(streamId: string, type: string, data: string): LogRecord {
    return this.commit(streamId, [
      {
        eventId: crypto.randomUUID(),
        type,
        isJson: true,
        data: Buffer.from(data, "utf8"),
        metadata: new Uint8Array(),
      },
    ])[0] as LogRecord;
  }

  /**
   * An append, decided as `IndexWriter.CheckCommit` (`Services/Storage/ReaderIndex/IndexWriter.cs`)
   * decides it, after the size check of the gRPC append (`Services/Transport/Grpc/Streams.Append.cs`
   * and `Streams.BatchAppend.cs`: the sum of `Event.SizeOnDisk` above `MaxAppendSize` refuses the
   * whole append with `MaximumAppendSizeExceeded`).
   */
  append(streamId: string, expected: ExpectedVersion, events: readonly ProposedEvent[]): WriteResult {
    const size = events.reduce((sum, e) => sum + sizeOnDisk(e), 0);
    if (size > this.maxAppendSize)
      return { kind: "max_append_size_exceeded", maxAppendSize: this.maxAppendSize };

    const stream = this.stream(streamId);
    const current = BigInt(stream.length) - 1n;

    // `StreamExists` on a stream without events (and without metadata) is a wrong expected version.
    if (expected === "stream_exists" && current < 0n)
      return { kind: "wrong_expected_version", currentVersion: current };

    // Idempotency for `Any` and `StreamExists`: every event id already in this stream, found
    // through the cache of committed event ids, makes the write idempotent; the first id unknown
    // makes it a new write; a later one unknown is `CorruptedIdempotency`, answered as a wrong
    // expected version (`StorageWriterService.ActOnCommitCheckFailure`).
    if (expected === "any" || expected === "stream_exists") {
      let first: LogRecord | undefined;
      let last: LogRecord | undefined;
      for (const e of events) {
        const known = this.byEventId.get(e.eventId);
        if (known === undefined || known.streamId !== streamId) {
          if (first === undefined) return this.written(streamId, events);
          return { kind: "wrong_expected_version", currentVersion: current };
        }
        first ??= known;
        last = known;
      }
      if (last === undefined) return this.written(streamId, events);
      return { kind: "idempotent", lastEventNumber: last.revision, logPosition: last.logPosition };
    }

    // An exact expected version (`NoStream` is -1).
    const expectedNumber = expected === "no_stream" ? -1n : expected;
    if (expectedNumber < current) {
      // Behind the stream: idempotent if the events after the expected version have these ids,
      // in order; else a wrong expected version (also when only the first ones match).
      let eventNumber = expectedNumber;
      for (const e of events) {
        eventNumber++;
        if (stream[Number(eventNumber)]?.eventId !== e.eventId)
          return { kind: "wrong_expected_version", currentVersion: current };
      }
      if (eventNumber === expectedNumber) return { kind: "wrong_expected_version", currentVersion: current };
      const last = stream[Number(eventNumber)] as LogRecord;
      return { kind: "idempotent", lastEventNumber: last.revision, logPosition: last.logPosition };
    }
    if (expectedNumber > current) return { kind: "wrong_expected_version", currentVersion: current };
    return this.written(streamId, events);
  }

  private written(streamId: string, events: readonly ProposedEvent[]): WriteResult {
    const records = this.commit(streamId, events);
    const last = records[records.length - 1];
    // `WriteEvents.ClientSuccessMsg` answers the log position of the commit acknowledgement
    // as both halves: for an implicit transaction, the last event's position.
    return last === undefined
      ? { kind: "written", lastEventNumber: BigInt(this.stream(streamId).length) - 1n, logPosition: -1n }
      : { kind: "written", lastEventNumber: last.revision, logPosition: last.logPosition };
  }

  /**
   * Writes the events as one implicit transaction (`StorageWriterService`: each event a prepare
   * record flagged `IsCommitted`), so each event's commit and prepare positions are both its
   * own log position. All events of one write carry the same `created` time, read once.
   */
  private commit(streamId: string, events: readonly ProposedEvent[]): LogRecord[] {
    const stream = this.streams.get(streamId) ?? [];
    this.streams.set(streamId, stream);
    const createdTicks = BigInt(this.now().getTime()) * TICKS_PER_MILLISECOND;
    const records = events.map((e, i): LogRecord => {
      const record: LogRecord = {
        streamId,
        eventId: e.eventId,
        revision: BigInt(stream.length + i),
        type: e.type,
        isJson: e.isJson,
        data: e.data,
        metadata: e.metadata,
        createdTicks,
        logPosition: this.nextPosition,
      };
      this.nextPosition += recordSize(streamId, e);
      return record;
    });
    for (const r of records) {
      stream.push(r);
      this.records.push(r);
      this.byEventId.set(r.eventId, r);
    }
    for (const listener of [...this.listeners]) listener();
    return records;
  }

  /** The index in `records` of the first record at or after a log position. */
  indexAtOrAfter(position: bigint): number {
    let lo = 0;
    let hi = this.records.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.records[mid] as LogRecord).logPosition < position) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
