import * as grpc from "@grpc/grpc-js";
import type * as StreamsGrpc from "@eventstore/db-client/generated/streams_grpc_pb.js";
import type * as Streams from "@eventstore/db-client/generated/streams_pb.js";
import type * as Shared from "@eventstore/db-client/generated/shared_pb.js";
import type * as ServerFeaturesGrpc from "@eventstore/db-client/generated/serverfeatures_grpc_pb.js";
import {
  GoogleEmpty,
  codePb,
  packAny,
  serverFeaturesGrpcPb,
  serverFeaturesPb,
  sharedPb,
  statusPb,
  streamsGrpcPb,
  streamsPb,
} from "./generatedCode.js";
import {
  DEFAULT_MAX_APPEND_SIZE,
  type ExpectedVersion,
  type LogRecord,
  type ProposedEvent,
  TestLog,
  type WriteResult,
} from "./testLog.js";

/**
 * A gRPC server on a loopback port that speaks EventStoreDB's client protocol (the
 * `event_store.client.streams.Streams` and `event_store.client.server_features.ServerFeatures`
 * services) through the protobuf code shipped inside `@eventstore/db-client`, so the real
 * client, unchanged, talks to it over a real socket.
 *
 * It implements what the adapter's client calls use: stream reads both ways, `$all` reads,
 * catch-up subscriptions to `$all` with a stream or event type filter and checkpoints, the
 * streaming `Append` and the `BatchAppend` (which client 6 uses whenever the server lists
 * it), each with the server's expected-version, idempotency and `MaxAppendSize` rules (see
 * `testLog.ts`). `Delete` and `Tombstone` answer UNIMPLEMENTED. There is no TLS, no
 * authentication and no cluster (gossip): connect with `esdb://127.0.0.1:<port>?tls=false`.
 *
 * Not a server to keep data in: a test double that is faithful where the adapter depends on
 * it, with hooks to fail it the ways a network and a server fail (see {@link TestServerFaults}).
 */
export interface EventStoreDBTestServerOptions {
  /**
   * The version it reports (`ServerFeatures.GetSupportedMethods`), and behaves as where
   * versions differ: before 21.10 it has no ServerFeatures and no BatchAppend service; before
   * 22.6 events read from a stream carry no position; from 23.10 on, subscriptions send a
   * `CaughtUp` message. Default 24.10.0.
   */
  readonly serverVersion?: string;
  /** `MaxAppendSize` in bytes; default 1 MiB, the server's default. */
  readonly maxAppendSize?: number;
  /** The server's clock (the `created` time of events); default the system clock. */
  readonly now?: () => Date;
  /**
   * The filtered subscription's checkpoint interval is `max search window × multiplier`
   * events read; the window defaults to 32 on the server (`ReadReq.Options.FilterOptions`, count).
   */
  readonly defaultMaxSearchWindow?: number;
}

/** Per gRPC method: calls, messages the server sent, and their bytes (protobuf, before framing). */
export interface WireCount {
  calls: number;
  messages: number;
  bytes: number;
}

/** The ways to make the server fail, each for the calls made after it is set. */
export interface TestServerFaults {
  /** Wait this long before handling each of the next `count` calls (all methods). */
  delayCalls(ms: number, count?: number): void;
  /**
   * The next call of `method` (`read` for reads and subscriptions, `batchAppend`, `append`)
   * fails with UNAVAILABLE, as a dropped connection does, after sending `afterMessages` messages.
   */
  dropNextCall(method: "read" | "append" | "batchAppend", afterMessages?: number): void;
  /**
   * The next `count` appends are written, but answered only after the deadline the client gave,
   * with the server's `Timeout`: the client sees a failed append that in fact succeeded.
   */
  lateReplies(count?: number): void;
  /** Ends every open subscription with UNAVAILABLE, as a lost connection does. */
  dropSubscriptions(): void;
  /**
   * Runs `hook` once, before the next append is decided (to slip in another writer between
   * the adapter's read of a stream and its write); the append waits for it.
   */
  beforeNextAppend(hook: () => Promise<void>): void;
}

export interface EventStoreDBTestServer {
  readonly port: number;
  /** `esdb://127.0.0.1:<port>?tls=false` */
  readonly connectionString: string;
  readonly log: TestLog;
  readonly faults: TestServerFaults;
  /** What crossed the wire from the server, per method. */
  readonly wire: Readonly<Record<string, WireCount>>;
  resetWireCounts(): void;
  /** Closes every connection and listens again on the same port, with the same log. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

const MAX_U64 = (1n << 64n) - 1n;

const compareVersions = (a: string, b: string): number => {
  const pa = a.split(".").map((x) => Number.parseInt(x, 10) || 0);
  const pb = b.split(".").map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
};

const serviceError = (code: grpc.status, details: string): Partial<grpc.StatusObject> => ({ code, details });

/** A `google.rpc.Status` as the server's `Status` helpers make it (`Services/Transport/Grpc/Status.cs`). */
const rpcStatus = (
  code: number,
  message: string,
  details: { serializeBinary(): Uint8Array },
  typeName: string,
): InstanceType<typeof statusPb.Status> => {
  const status = new statusPb.Status();
  status.setCode(code);
  status.setMessage(message);
  status.setDetails(packAny(details, typeName));
  return status;
};

const streamName = (identifier: Shared.StreamIdentifier | undefined): string =>
  identifier === undefined ? "" : Buffer.from(identifier.getStreamName_asU8()).toString("utf8");

const streamIdentifier = (name: string): Shared.StreamIdentifier => {
  const id = new sharedPb.StreamIdentifier();
  id.setStreamName(Buffer.from(name, "utf8"));
  return id;
};

/** A proposed message as the server reads it (`FromProposedMessage`): type and content type from its metadata. */
const proposedEvent = (
  message: Streams.AppendReq.ProposedMessage | Streams.BatchAppendReq.ProposedMessage,
): ProposedEvent => {
  const metadata = message.getMetadataMap();
  const id = message.getId();
  return {
    eventId: id?.getString() ?? "",
    type: metadata.get("type") ?? "",
    isJson: metadata.get("content-type") === "application/json",
    data: message.getData_asU8(),
    metadata: message.getCustomMetadata_asU8(),
  };
};

/** `WrongExpectedVersion.Create` (`Services/Transport/Grpc/WrongExpectedVersion.cs`). */
const wrongExpectedVersionDetails = (
  current: bigint,
  expected: ExpectedVersion,
): Shared.WrongExpectedVersion => {
  const details = new sharedPb.WrongExpectedVersion();
  if (current < 0n) details.setCurrentNoStream(new sharedPb.Empty());
  else details.setCurrentStreamRevision(current.toString());
  if (expected === "any") details.setExpectedAny(new sharedPb.Empty());
  else if (expected === "no_stream") details.setExpectedNoStream(new sharedPb.Empty());
  else if (expected === "stream_exists") details.setExpectedStreamExists(new sharedPb.Empty());
  else details.setExpectedStreamPosition(expected.toString());
  return details;
};

/** Starts a test server on a free loopback port. */
export const startEventStoreDBTestServer = async (
  options: EventStoreDBTestServerOptions = {},
): Promise<EventStoreDBTestServer> => {
  const serverVersion = options.serverVersion ?? "24.10.0";
  const atLeast = (version: string): boolean => compareVersions(serverVersion, version) >= 0;
  const log = new TestLog(options.now, options.maxAppendSize ?? DEFAULT_MAX_APPEND_SIZE);
  const defaultMaxSearchWindow = options.defaultMaxSearchWindow ?? 32;
  const wire: Record<string, WireCount> = {};
  const count = (method: string): void => {
    (wire[method] ??= { calls: 0, messages: 0, bytes: 0 }).calls++;
  };
  /**
   * A service definition whose response serializers also count what they send, so the
   * bytes are counted where gRPC serializes them, once.
   */
  const counted = <D extends grpc.ServiceDefinition>(definition: D): D =>
    Object.fromEntries(
      Object.entries(definition).map(([name, method]) => [
        name,
        {
          ...method,
          responseSerialize: (value: unknown): Buffer => {
            const bytes = method.responseSerialize(value);
            const c = (wire[name] ??= { calls: 0, messages: 0, bytes: 0 });
            c.messages++;
            c.bytes += bytes.length;
            return bytes;
          },
        },
      ]),
    ) as D;

  // Fault state.
  let delay = { ms: 0, left: 0 };
  const drops = new Map<string, number>();
  let lateReplies = 0;
  let beforeAppend: (() => Promise<void>) | undefined;
  const runBeforeAppend = async (): Promise<void> => {
    const hook = beforeAppend;
    beforeAppend = undefined;
    await hook?.();
  };
  const subscriptions = new Set<(error: Partial<grpc.StatusObject>) => void>();

  const beforeCall = async (method: string): Promise<number | undefined> => {
    count(method);
    if (delay.left > 0) {
      delay.left--;
      await new Promise((resolve) => setTimeout(resolve, delay.ms));
    }
    const drop = drops.get(method);
    drops.delete(method);
    return drop;
  };
  const unavailable = serviceError(grpc.status.UNAVAILABLE, "Connection dropped (test server fault)");

  // --- reads --------------------------------------------------------------------------------

  const recordedEvent = (
    record: LogRecord,
    withPosition: boolean,
  ): Streams.ReadResp.ReadEvent.RecordedEvent => {
    const e = new streamsPb.ReadResp.ReadEvent.RecordedEvent();
    const id = new sharedPb.UUID();
    id.setString(record.eventId);
    e.setId(id);
    e.setStreamIdentifier(streamIdentifier(record.streamId));
    e.setStreamRevision(record.revision.toString());
    // `ConvertToRecordedEvent` (`Streams.Read.cs`): a record without a position (stream reads
    // before 22.6) gets `Position.FromInt64(-1, -1)`, both halves 2^64 - 1.
    const position = withPosition ? record.logPosition : MAX_U64;
    e.setCommitPosition(position.toString());
    e.setPreparePosition(position.toString());
    const metadata = e.getMetadataMap();
    metadata.set("type", record.type);
    metadata.set("created", record.createdTicks.toString());
    metadata.set("content-type", record.isJson ? "application/json" : "application/octet-stream");
    e.setData(record.data);
    e.setCustomMetadata(record.metadata);
    return e;
  };

  const readResp = (record: LogRecord, fromAll: boolean): Streams.ReadResp => {
    const event = new streamsPb.ReadResp.ReadEvent();
    event.setEvent(recordedEvent(record, fromAll || atLeast("22.6.0")));
    // The original position: events read from `$all` have one; stream reads say `NoPosition`.
    if (fromAll) event.setCommitPosition(record.logPosition.toString());
    else event.setNoPosition(new sharedPb.Empty());
    const resp = new streamsPb.ReadResp();
    resp.setEvent(event);
    return resp;
  };

  /** The filter of a read (`ConvertToEventFilter`): a prefix list or a regex, on stream name or event type. */
  const filterOf = (
    options: Streams.ReadReq.Options,
  ): { readonly matches: (r: LogRecord) => boolean; readonly checkpointEvery: number } | undefined => {
    if (!options.hasFilter()) return undefined;
    const filter = options.getFilter() as Streams.ReadReq.Options.FilterOptions;
    const onStream = filter.hasStreamIdentifier();
    const expression = onStream ? filter.getStreamIdentifier() : filter.getEventType();
    const regex = expression?.getRegex() ?? "";
    const prefixes = expression?.getPrefixList() ?? [];
    const test =
      regex !== ""
        ? (s: string) => new RegExp(regex).test(s)
        : (s: string) => prefixes.some((p) => s.startsWith(p));
    const window = filter.hasMax() ? filter.getMax() : defaultMaxSearchWindow;
    return {
      matches: (r) => test(onStream ? r.streamId : r.type),
      checkpointEvery: Math.max(1, window * Math.max(1, filter.getCheckpointintervalmultiplier())),
    };
  };

  const read: StreamsGrpc.IStreamsServer["read"] = (call) => {
    void (async () => {
      const dropAfter = await beforeCall("read");
      let sent = 0;
      const send = (resp: Streams.ReadResp): boolean => {
        if (dropAfter !== undefined && sent >= dropAfter) {
          call.emit("error", unavailable);
          return false;
        }
        if (call.cancelled || call.destroyed) return false;
        sent++;
        call.write(resp);
        return true;
      };
      const options = call.request.getOptions();
      if (options === undefined) {
        call.emit("error", serviceError(grpc.status.INVALID_ARGUMENT, "ReadReq without options"));
        return;
      }
      const backwards = options.getReadDirection() === streamsPb.ReadReq.Options.ReadDirection.BACKWARDS;
      const limit = options.hasCount() ? BigInt(options.getCount()) : MAX_U64;

      if (options.hasStream()) {
        const stream = options.getStream() as Streams.ReadReq.Options.StreamOptions;
        const name = streamName(stream.getStreamIdentifier());
        const events = log.stream(name);
        // `ReadResponse.StreamNotFound` for a stream without events, then the call ends.
        if (events.length === 0) {
          const resp = new streamsPb.ReadResp();
          const notFound = new streamsPb.ReadResp.StreamNotFound();
          notFound.setStreamIdentifier(streamIdentifier(name));
          resp.setStreamNotFound(notFound);
          if (send(resp)) call.end();
          return;
        }
        let i = stream.hasStart()
          ? backwards
            ? -1
            : 0
          : stream.hasEnd()
            ? backwards
              ? events.length - 1
              : events.length
            : Number(BigInt(stream.getRevision()));
        if (backwards && stream.hasStart()) i = -1;
        let left = limit;
        const snapshot = events.slice();
        while (left > 0n && i >= 0 && i < snapshot.length) {
          if (!send(readResp(snapshot[i] as LogRecord, false))) return;
          left--;
          i += backwards ? -1 : 1;
        }
        call.end();
        return;
      }

      const all = options.getAll() as Streams.ReadReq.Options.AllOptions;
      const filter = filterOf(options);
      if (options.hasSubscription()) {
        await subscribeToAll(call, all, filter, send);
        return;
      }
      // A read of `$all`: forwards from a position includes the event at that position; the
      // filter, when there is one, is applied on the server (`ReadAllForwardsFiltered`).
      const records = log.records.slice();
      let i: number;
      if (backwards) {
        i = all.hasStart()
          ? -1
          : all.hasEnd()
            ? records.length - 1
            : log.indexAtOrAfter(
                BigInt((all.getPosition() as Streams.ReadReq.Options.Position).getCommitPosition()),
              ) - 1;
      } else {
        i = all.hasStart()
          ? 0
          : all.hasEnd()
            ? records.length
            : log.indexAtOrAfter(
                BigInt((all.getPosition() as Streams.ReadReq.Options.Position).getCommitPosition()),
              );
      }
      let left = limit;
      while (left > 0n && i >= 0 && i < records.length) {
        const record = records[i] as LogRecord;
        i += backwards ? -1 : 1;
        if (filter !== undefined && !filter.matches(record)) continue;
        if (!send(readResp(record, true))) return;
        left--;
      }
      call.end();
    })().catch((error: unknown) => {
      call.emit("error", serviceError(grpc.status.INTERNAL, String(error)));
    });
  };

  /**
   * A catch-up subscription to `$all` (`Enumerators.AllSubscription` / `AllSubscriptionFiltered`):
   * a confirmation, the events after the start position (exclusive, unlike a read), `CaughtUp`
   * (23.10+), then live events as they are written. A filtered one sends a checkpoint every
   * `window × multiplier` events it reads, matching or not, so a client can resume past a long
   * run of events it does not want.
   */
  const subscribeToAll = async (
    call: grpc.ServerWritableStream<Streams.ReadReq, Streams.ReadResp>,
    all: Streams.ReadReq.Options.AllOptions,
    filter: ReturnType<typeof filterOf>,
    send: (resp: Streams.ReadResp) => boolean,
  ): Promise<void> => {
    const confirmation = new streamsPb.ReadResp();
    const confirmed = new streamsPb.ReadResp.SubscriptionConfirmation();
    confirmed.setSubscriptionId(crypto.randomUUID());
    confirmation.setConfirmation(confirmed);
    if (!send(confirmation)) return;
    let cursor = all.hasStart()
      ? 0
      : all.hasEnd()
        ? log.records.length
        : log.indexAtOrAfter(
            BigInt((all.getPosition() as Streams.ReadReq.Options.Position).getCommitPosition()) + 1n,
          );
    let scanned = 0;
    let caughtUp = false;
    let wake: (() => void) | undefined;
    let ended = false;
    const end = (error?: Partial<grpc.StatusObject>): void => {
      if (ended) return;
      ended = true;
      if (error !== undefined && !call.cancelled) call.emit("error", error);
      wake?.();
    };
    subscriptions.add(end);
    const stopListening = log.onWrite(() => wake?.());
    call.on("cancelled", () => end());
    try {
      while (!ended && !call.cancelled) {
        const record = log.records[cursor];
        if (record === undefined) {
          if (!caughtUp && atLeast("23.10.0")) {
            const resp = new streamsPb.ReadResp();
            resp.setCaughtUp(new streamsPb.ReadResp.CaughtUp());
            if (!send(resp)) return;
          }
          caughtUp = true;
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
          wake = undefined;
          continue;
        }
        cursor++;
        scanned++;
        if (filter === undefined || filter.matches(record)) {
          if (!send(readResp(record, true))) return;
        } else if (scanned % filter.checkpointEvery === 0) {
          const resp = new streamsPb.ReadResp();
          const checkpoint = new streamsPb.ReadResp.Checkpoint();
          checkpoint.setCommitPosition(record.logPosition.toString());
          checkpoint.setPreparePosition(record.logPosition.toString());
          resp.setCheckpoint(checkpoint);
          if (!send(resp)) return;
        }
      }
    } finally {
      stopListening();
      subscriptions.delete(end);
    }
  };

  // --- appends ------------------------------------------------------------------------------

  const deadlineReached = (deadline: Date | undefined): Promise<void> =>
    new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, (deadline?.getTime() ?? Date.now()) - Date.now()) + 5),
    );

  /** `Append` (`Streams.Append.cs`): options first, then one proposed message per request. */
  const append: StreamsGrpc.IStreamsServer["append"] = (call, callback) => {
    let expected: ExpectedVersion = "any";
    let name = "";
    const events: ProposedEvent[] = [];
    const started = beforeCall("append");
    call.on("data", (req: Streams.AppendReq) => {
      if (req.hasOptions()) {
        const o = req.getOptions() as Streams.AppendReq.Options;
        name = streamName(o.getStreamIdentifier());
        expected = o.hasRevision()
          ? BigInt(o.getRevision())
          : o.hasNoStream()
            ? "no_stream"
            : o.hasStreamExists()
              ? "stream_exists"
              : "any";
      } else if (req.hasProposedMessage())
        events.push(proposedEvent(req.getProposedMessage() as Streams.AppendReq.ProposedMessage));
    });
    call.on("end", () => {
      void (async () => {
        const drop = await started;
        if (drop !== undefined) return callback(unavailable);
        await runBeforeAppend();
        const result = log.append(name, expected, events);
        if (lateReplies > 0) {
          lateReplies--;
          await deadlineReached(
            call.getDeadline() instanceof Date ? (call.getDeadline() as Date) : undefined,
          );
          return callback(serviceError(grpc.status.DEADLINE_EXCEEDED, "Timeout"));
        }
        const resp = new streamsPb.AppendResp();
        if (result.kind === "max_append_size_exceeded")
          return callback({
            code: grpc.status.INVALID_ARGUMENT,
            details: `Maximum Append Size of ${result.maxAppendSize} Exceeded.`,
            metadata: exceptionMetadata("maximum-append-size-exceeded", {
              "maximum-append-size": String(result.maxAppendSize),
            }),
          });
        if (result.kind === "wrong_expected_version") {
          const w = new streamsPb.AppendResp.WrongExpectedVersion();
          if (result.currentVersion < 0n) w.setCurrentNoStream(new sharedPb.Empty());
          else w.setCurrentRevision(result.currentVersion.toString());
          if (expected === "any") w.setExpectedAny(new sharedPb.Empty());
          else if (expected === "no_stream") w.setExpectedNoStream(new sharedPb.Empty());
          else if (expected === "stream_exists") w.setExpectedStreamExists(new sharedPb.Empty());
          else w.setExpectedRevision(expected.toString());
          resp.setWrongExpectedVersion(w);
        } else {
          const success = new streamsPb.AppendResp.Success();
          if (result.lastEventNumber < 0n) success.setNoStream(new sharedPb.Empty());
          else success.setCurrentRevision(result.lastEventNumber.toString());
          if (result.logPosition < 0n) success.setNoPosition(new sharedPb.Empty());
          else {
            const p = new streamsPb.AppendResp.Position();
            p.setCommitPosition(result.logPosition.toString());
            p.setPreparePosition(result.logPosition.toString());
            success.setPosition(p);
          }
          resp.setSuccess(success);
        }
        callback(null, resp);
      })();
    });
  };

  /** The trailers of an `RpcException` the server throws (`RpcExceptions.cs`): the exception name and its details. */
  const exceptionMetadata = (exception: string, extra: Record<string, string> = {}): grpc.Metadata => {
    const m = new grpc.Metadata();
    m.set("exception", exception);
    for (const [k, v] of Object.entries(extra)) m.set(k, v);
    return m;
  };

  /**
   * `BatchAppend` (`Streams.BatchAppend.cs`): one long-lived duplex call per client carrying many
   * appends, each a correlation id with options in its first request and `is_final` on its last;
   * the size is checked as requests arrive, the write made on the final one, and each append
   * answered (success or a `google.rpc.Status` error) under its correlation id.
   */
  const batchAppend: StreamsGrpc.IStreamsServer["batchAppend"] = (call) => {
    const pending = new Map<
      string,
      {
        name: string;
        expected: ExpectedVersion;
        events: ProposedEvent[];
        deadline: Date | undefined;
        size: number;
      }
    >();
    let dropAfter: number | undefined;
    const started = beforeCall("batchAppend").then((d) => {
      dropAfter = d;
    });
    let answered = 0;
    const respond = (resp: Streams.BatchAppendResp): void => {
      if (call.cancelled || call.destroyed) return;
      if (dropAfter !== undefined && answered >= dropAfter) {
        call.emit("error", unavailable);
        return;
      }
      answered++;
      call.write(resp);
    };
    call.on("data", (req: Streams.BatchAppendReq) => {
      void started.then(async () => {
        const correlation = req.getCorrelationId() as Shared.UUID;
        const key = correlation.getString();
        const base = (): Streams.BatchAppendResp => {
          const resp = new streamsPb.BatchAppendResp();
          resp.setCorrelationId(correlation);
          return resp;
        };
        if (req.hasOptions()) {
          const o = req.getOptions() as Streams.BatchAppendReq.Options;
          const ts = o.getDeadline();
          pending.set(key, {
            name: streamName(o.getStreamIdentifier()),
            expected: o.hasStreamPosition()
              ? BigInt(o.getStreamPosition())
              : o.hasNoStream()
                ? "no_stream"
                : o.hasStreamExists()
                  ? "stream_exists"
                  : "any",
            events: [],
            deadline: ts === undefined ? undefined : ts.toDate(),
            size: 0,
          });
        }
        const write = pending.get(key);
        if (write === undefined) return;
        for (const m of req.getProposedMessagesList()) {
          const e = proposedEvent(m);
          write.events.push(e);
          write.size += e.data.length + e.metadata.length + e.type.length * 2;
        }
        if (write.size > log.maxAppendSize) {
          pending.delete(key);
          const details = new sharedPb.MaximumAppendSizeExceeded();
          details.setMaxappendsize(log.maxAppendSize);
          const resp = base();
          resp.setStreamIdentifier(streamIdentifier(write.name));
          resp.setError(
            rpcStatus(
              codePb.Code.INVALID_ARGUMENT,
              "MaximumAppendSizeExceeded",
              details,
              "event_store.client.MaximumAppendSizeExceeded",
            ),
          );
          respond(resp);
          return;
        }
        if (!req.getIsFinal()) return;
        pending.delete(key);
        await runBeforeAppend();
        const result: WriteResult = log.append(write.name, write.expected, write.events);
        const resp = base();
        resp.setStreamIdentifier(streamIdentifier(write.name));
        if (lateReplies > 0) {
          // The write is made; the answer comes after the deadline, as the server's `Timeout`
          // (a commit that took longer than the client waited).
          lateReplies--;
          await deadlineReached(write.deadline);
          resp.setError(
            rpcStatus(
              codePb.Code.DEADLINE_EXCEEDED,
              "Timeout",
              new sharedPb.Timeout(),
              "event_store.client.Timeout",
            ),
          );
          respond(resp);
          return;
        }
        if (result.kind === "wrong_expected_version")
          resp.setError(
            rpcStatus(
              codePb.Code.ALREADY_EXISTS,
              "WrongExpectedVersion",
              wrongExpectedVersionDetails(result.currentVersion, write.expected),
              "event_store.client.WrongExpectedVersion",
            ),
          );
        else if (result.kind === "max_append_size_exceeded") {
          const details = new sharedPb.MaximumAppendSizeExceeded();
          details.setMaxappendsize(result.maxAppendSize);
          resp.setError(
            rpcStatus(
              codePb.Code.INVALID_ARGUMENT,
              "MaximumAppendSizeExceeded",
              details,
              "event_store.client.MaximumAppendSizeExceeded",
            ),
          );
        } else {
          // `BatchAppendResp.Types.Success.Completed`: the current revision and the position.
          const success = new streamsPb.BatchAppendResp.Success();
          if (result.lastEventNumber < 0n) success.setNoStream(new GoogleEmpty());
          else success.setCurrentRevision(result.lastEventNumber.toString());
          if (result.logPosition < 0n) success.setNoPosition(new GoogleEmpty());
          else {
            const p = new sharedPb.AllStreamPosition();
            p.setCommitPosition(result.logPosition.toString());
            p.setPreparePosition(result.logPosition.toString());
            success.setPosition(p);
          }
          resp.setSuccess(success);
        }
        respond(resp);
      });
    });
    call.on("end", () => {
      void started.then(() => {
        if (!call.destroyed) call.end();
      });
    });
  };

  const unimplemented = (_call: unknown, callback: (error: Partial<grpc.StatusObject>) => void): void =>
    callback(serviceError(grpc.status.UNIMPLEMENTED, "not implemented by the test server"));

  const streamsService: StreamsGrpc.IStreamsServer = {
    read,
    append,
    batchAppend,
    delete: unimplemented,
    tombstone: unimplemented,
  };

  /** `ServerFeatures.GetSupportedMethods` (`Services/Transport/Grpc/ServerFeatures.cs`), lower-cased names. */
  const serverFeatures: ServerFeaturesGrpc.IServerFeaturesServer = {
    getSupportedMethods: (_call, callback) => {
      count("getSupportedMethods");
      const methods = new serverFeaturesPb.SupportedMethods();
      methods.setEventStoreServerVersion(serverVersion);
      const method = (service: string, name: string, features: string[] = []) => {
        const m = new serverFeaturesPb.SupportedMethod();
        m.setServiceName(service);
        m.setMethodName(name);
        m.setFeaturesList(features);
        return m;
      };
      const streams = "event_store.client.streams.streams";
      methods.setMethodsList([
        method(streams, "read", ["position", "events"]),
        method(streams, "append"),
        method(streams, "delete"),
        method(streams, "tombstone"),
        method(streams, "batchappend", ["deadline_duration"]),
        method("event_store.client.server_features.serverfeatures", "getsupportedmethods"),
      ]);
      callback(null, methods);
    },
  };

  let server: grpc.Server | undefined;
  let port = 0;
  const listen = async (): Promise<void> => {
    const s = new grpc.Server();
    // Before 21.10 there was no ServerFeatures service (the client then gets UNIMPLEMENTED and
    // assumes an old server) and no BatchAppend.
    if (atLeast("21.10.0")) {
      s.addService(counted(streamsGrpcPb.StreamsService), streamsService);
      s.addService(counted(serverFeaturesGrpcPb.ServerFeaturesService), serverFeatures);
    } else {
      s.addService(counted(streamsGrpcPb.StreamsService), {
        ...streamsService,
        batchAppend: undefined as never,
      });
    }
    port = await new Promise<number>((resolve, reject) =>
      s.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (error, bound) =>
        error === null ? resolve(bound) : reject(error),
      ),
    );
    server = s;
  };
  await listen();

  const shutdown = (): void => {
    for (const end of [...subscriptions]) end(unavailable);
    server?.forceShutdown();
    server = undefined;
  };

  return {
    get port() {
      return port;
    },
    get connectionString() {
      return `esdb://127.0.0.1:${port}?tls=false`;
    },
    log,
    wire,
    resetWireCounts: () => {
      for (const key of Object.keys(wire)) delete wire[key];
    },
    faults: {
      delayCalls: (ms, n = 1) => {
        delay = { ms, left: n };
      },
      dropNextCall: (method, afterMessages = 0) => {
        drops.set(method, afterMessages);
      },
      lateReplies: (n = 1) => {
        lateReplies = n;
      },
      dropSubscriptions: () => {
        for (const end of [...subscriptions]) end(unavailable);
      },
      beforeNextAppend: (hook) => {
        beforeAppend = hook;
      },
    },
    restart: async () => {
      shutdown();
      await listen();
    },
    stop: () => {
      shutdown();
      return Promise.resolve();
    },
  };
};
