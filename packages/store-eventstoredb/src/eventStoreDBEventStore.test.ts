import {
  AccessDeniedError,
  NO_STREAM,
  START,
  STREAM_NAME,
  UnavailableError,
  WrongExpectedVersionError,
} from "@eventstore/db-client";
import {
  type AppendError,
  type NewHazardEvent,
  type RecordedHazardEvent,
  type StreamAppend,
  verifyStream,
} from "@hazard-ledger/core";
import { sampleProgress, sampleProgressEvents, sampleReported } from "@hazard-ledger/testing";
import * as E from "fp-ts/lib/Either.js";
import { v5 as uuidv5 } from "uuid";
import { afterEach, describe, expect, it, vi } from "vitest";
import { EventStoreDBDataError } from "./errors.js";
import { COMMAND_EVENT_ID_NAMESPACE } from "./eventIds.js";
import { type EventStoreDBEventStoreOptions, getEventStoreDBEventStore } from "./eventStoreDBEventStore.js";
import { FakeEventStoreDBClient, type FakeClientOptions } from "./fakeEventStoreDBClient.fixture.js";
import { decodePosition, encodePosition } from "./positions.js";
import { steppingClock } from "./steppingClock.fixture.js";

const right = <A>(result: E.Either<AppendError, A>): A => {
  if (E.isLeft(result)) throw new Error(`expected success, got ${result.left.message}`);
  return result.right;
};

const left = <A>(result: E.Either<AppendError, A>): AppendError => {
  if (E.isRight(result)) throw new Error("expected a failure, but the append succeeded");
  return result.left;
};

const collect = async <T>(iterable: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
};

const seqs = (events: readonly RecordedHazardEvent[]): number[] => events.map((e) => e.seq);
const notes = (events: readonly RecordedHazardEvent[]): string[] =>
  events.map((e) => (e.type === "ProgressReported" ? e.data.note : e.type));

const setup = (options: EventStoreDBEventStoreOptions = {}, fakeOptions: FakeClientOptions = {}) => {
  const fake = new FakeEventStoreDBClient(fakeOptions);
  const store = getEventStoreDBEventStore({ client: fake }, { now: steppingClock(), ...options });
  /** Another process writing to the same server: its own adapter, its own cache. */
  const other = getEventStoreDBEventStore(
    { client: fake },
    { now: steppingClock(Date.parse("2030-01-01T00:00:00Z")) },
  );
  return { fake, store, other };
};

const appendCalls = (fake: FakeEventStoreDBClient) => fake.calls.filter((c) => c.method === "appendToStream");

/** Runs `action` in the next append to the server, once (not in the appends it makes itself). */
const onceBeforeAppend = (fake: FakeEventStoreDBClient, action: () => Promise<unknown>): void => {
  let armed = true;
  fake.beforeAppend = async () => {
    if (!armed) return;
    armed = false;
    await action();
  };
};

describe("appendToStream", () => {
  it("writes a hazard's events to stream hazard-<id>, server revision n being seq n", async () => {
    const { fake, store } = setup();
    const first = right(
      await store.appendToStream("HZ-1", [sampleReported("HZ-1"), sampleProgress("HZ-1", "a")]),
    );
    expect(first.nextExpectedRevision).toBe(1);
    expect(seqs(first.events)).toEqual([0, 1]);
    expect(first.idempotentReplay).toBe(false);
    const call = appendCalls(fake)[0];
    expect(call?.args[0]).toBe("hazard-HZ-1");
    // The adapter always appends with the revision it knows: here, no stream yet.
    expect(call?.args[2]).toMatchObject({ expectedRevision: NO_STREAM });
    expect(fake.log.map((r) => [r.streamId, r.revision, r.type])).toEqual([
      ["hazard-HZ-1", 0n, "HazardReported"],
      ["hazard-HZ-1", 1n, "ProgressReported"],
    ]);
    // The data is the whole stored event; the metadata carries its seq and hashes.
    expect(fake.log[1]?.data).toMatchObject({ hazardId: "HZ-1", seq: 1, prevHash: first.events[0]?.hash });
    expect(fake.log[1]?.metadata).toEqual({
      seq: 1,
      hash: first.events[1]?.hash,
      prevHash: first.events[0]?.hash,
    });

    const second = right(
      await store.appendToStream("HZ-1", [sampleProgress("HZ-1", "b")], { expectedRevision: 1 }),
    );
    expect(second.nextExpectedRevision).toBe(2);
    expect(appendCalls(fake)[1]?.args[2]).toMatchObject({ expectedRevision: 1n });
    expect(second.events[0]?.position).toBe(
      encodePosition(fake.log[2]?.position ?? { commit: 0n, prepare: 0n }),
    );
  });

  it.each([
    ["no_stream", 0, "ok"],
    ["no_stream", 2, 1],
    ["stream_exists", 0, "no_stream"],
    ["stream_exists", 1, "ok"],
    ["any", 0, "ok"],
    ["any", 3, "ok"],
    [1, 2, "ok"],
    [0, 2, 1],
    [2, 2, 1],
    [0, 0, "no_stream"],
  ] as const)("expected revision %s on a stream of %i events: %s", async (expected, length, outcome) => {
    const { fake, store } = setup();
    if (length > 0)
      right(
        await store.appendToStream("HZ-1", [
          sampleReported("HZ-1"),
          ...Array.from({ length: length - 1 }, (_, i) => sampleProgress("HZ-1", `${i}`)),
        ]),
      );
    const before = fake.log.length;
    const result = await store.appendToStream("HZ-1", [sampleProgress("HZ-1", "x")], {
      expectedRevision: expected,
    });
    if (outcome === "ok") {
      expect(right(result).nextExpectedRevision).toBe(length);
    } else {
      expect(left(result)).toEqual({
        code: "WRONG_EXPECTED_REVISION",
        message: expect.stringContaining("HZ-1") as unknown,
        hazardId: "HZ-1",
        expected,
        actual: outcome,
      });
      expect(fake.log.length).toBe(before);
    }
  });

  it("turns the server's WrongExpectedVersionError into the core's error when a writer slips in", async () => {
    const { fake, store, other } = setup();
    right(await store.appendToStream("HZ-1", [sampleReported("HZ-1")]));
    onceBeforeAppend(fake, () => other.appendToStream("HZ-1", [sampleProgress("HZ-1", "theirs")]));
    const error = left(
      await store.appendToStream("HZ-1", [sampleProgress("HZ-1", "ours")], { expectedRevision: 0 }),
    );
    expect(error).toMatchObject({
      code: "WRONG_EXPECTED_REVISION",
      hazardId: "HZ-1",
      expected: 0,
      actual: 1,
    });
    // Ours reached the server (3 appends: ours first, theirs, ours refused) and was refused there.
    expect(appendCalls(fake)).toHaveLength(3);
    expect(notes(await store.readStream("HZ-1"))).toEqual(["HazardReported", "theirs"]);
  });

  it('maps actualVersion "no_stream" to actual "no_stream", never through BigInt', async () => {
    const { fake, store } = setup();
    right(await store.appendToStream("HZ-1", [sampleReported("HZ-1")]));
    fake.failNextAppend(
      new WrongExpectedVersionError(undefined, {
        streamName: "hazard-HZ-1",
        expected: 0n,
        current: "no_stream",
      }),
    );
    const error = left(
      await store.appendToStream("HZ-1", [sampleProgress("HZ-1", "x")], { expectedRevision: 0 }),
    );
    expect(error).toMatchObject({ code: "WRONG_EXPECTED_REVISION", expected: 0, actual: "no_stream" });
    expect(error.message).toMatch(/no_stream/);
  });

  it("maps a refused append of a client made with throwOnAppendFailure=false the same way, with the real revision", async () => {
    const { fake, store, other } = setup({}, { throwOnAppendFailure: false });
    right(await store.appendToStream("HZ-1", [sampleReported("HZ-1")]));
    // Three events: the client's own report (1n for any existing stream) would say 1.
    onceBeforeAppend(fake, () => other.appendToStream("HZ-1", sampleProgressEvents("HZ-1", 3, "theirs")));
    expect(
      left(await store.appendToStream("HZ-1", [sampleProgress("HZ-1", "ours")], { expectedRevision: 0 })),
    ).toMatchObject({
      code: "WRONG_EXPECTED_REVISION",
      expected: 0,
      actual: 3,
    });
  });

  it("retries an append that expects any, re-sealing it on top of the other writer's event", async () => {
    const { fake, store, other } = setup();
    right(await store.appendToStream("HZ-1", [sampleReported("HZ-1")]));
    onceBeforeAppend(fake, () => other.appendToStream("HZ-1", [sampleProgress("HZ-1", "theirs")]));
    const ours = right(await store.appendToStream("HZ-1", [sampleProgress("HZ-1", "ours")]));
    expect(seqs(ours.events)).toEqual([2]);
    const stream = await store.readStream("HZ-1");
    expect(notes(stream)).toEqual(["HazardReported", "theirs", "ours"]);
    expect(verifyStream(stream)).toEqual([]);
  });

  it("retries stream_exists the same way, and gives up after maxAppendAttempts", async () => {
    const { fake, store, other } = setup({ maxAppendAttempts: 3 });
    right(await store.appendToStream("HZ-1", [sampleReported("HZ-1")]));
    let theirs = 0;
    let inside = false;
    fake.beforeAppend = async () => {
      if (inside) return;
      inside = true;
      right(await other.appendToStream("HZ-1", [sampleProgress("HZ-1", `theirs-${theirs++}`)]));
      inside = false;
    };
    const error = left(
      await store.appendToStream("HZ-1", [sampleProgress("HZ-1", "ours")], {
        expectedRevision: "stream_exists",
      }),
    );
    expect(error).toMatchObject({ code: "WRONG_EXPECTED_REVISION", expected: "stream_exists", actual: 3 });
    expect(error.message).toMatch(/kept changing under 3 attempts/);
    expect(theirs).toBe(3);
  });

  it("rejects when the server fails otherwise (a store failure, not a Left)", async () => {
    const { fake, store } = setup();
    fake.failNextAppend(new UnavailableError(undefined, "14 UNAVAILABLE: No connection established"));
    await expect(store.appendToStream("HZ-1", [sampleReported("HZ-1")])).rejects.toThrow(/UNAVAILABLE/);
  });

  it("refuses malformed appends as INVALID_APPEND without calling the server", async () => {
    const { fake, store } = setup();
    expect(left(await store.appendToStream("HZ-1", []))).toMatchObject({
      code: "INVALID_APPEND",
      hazardId: "HZ-1",
    });
    expect(left(await store.appendToStream("HZ-1", [sampleReported("HZ-2")]))).toMatchObject({
      code: "INVALID_APPEND",
    });
    expect(left(await store.appendToStream("bad id!", [sampleReported("bad id!")]))).toMatchObject({
      code: "INVALID_APPEND",
    });
    expect(
      left(
        await store.appendToStream("HZ-1", [
          sampleReported("HZ-1"),
          sampleProgress("HZ-1", "a", { occurredAt: "2023-02-30T00:00:00Z" }),
        ]),
      ),
    ).toMatchObject({
      code: "INVALID_APPEND",
      message: expect.stringMatching(/^HZ-1: events\[1\]: occurredAt: .*2023-02-30/) as unknown,
    });
    expect(fake.calls).toEqual([]);
  });

  it("reads only what is new in a stream before each append, unless the cache is off", async () => {
    const { fake, store } = setup();
    right(await store.appendToStream("HZ-1", [sampleReported("HZ-1"), sampleProgress("HZ-1", "a")]));
    fake.calls.length = 0;
    right(await store.appendToStream("HZ-1", [sampleProgress("HZ-1", "b")]));
    const reads = fake.calls.filter((c) => c.method === "readStream").map((c) => c.args[1]);
    // The catch-up read from revision 2, then the read-back of the new event.
    expect(reads).toEqual([{ fromRevision: 2n }, { fromRevision: 2n, maxCount: 1n }]);

    const uncached = setup({ streamCacheSize: 0 });
    right(await uncached.store.appendToStream("HZ-1", [sampleReported("HZ-1")]));
    uncached.fake.calls.length = 0;
    right(await uncached.store.appendToStream("HZ-1", [sampleProgress("HZ-1", "b")]));
    expect(uncached.fake.calls.find((c) => c.method === "readStream")?.args[1]).toEqual({});
  });
});

describe("idempotency by command id", () => {
  it("sends uuid v5 of commandId:index as the server event ids", async () => {
    const { fake, store } = setup();
    right(
      await store.appendToStream("HZ-1", [
        sampleReported("HZ-1", { commandId: "cmd-1" }),
        sampleProgress("HZ-1", "a", { commandId: "cmd-1" }),
      ]),
    );
    expect(fake.log.map((r) => r.id)).toEqual([
      uuidv5("cmd-1:0", COMMAND_EVENT_ID_NAMESPACE),
      uuidv5("cmd-1:1", COMMAND_EVENT_ID_NAMESPACE),
    ]);
  });

  it("answers a repeated command with the events first stored, after the stream moved on", async () => {
    const { fake, store } = setup();
    const first = right(
      await store.appendToStream(
        "HZ-1",
        [sampleReported("HZ-1", { commandId: "c1" }), sampleProgress("HZ-1", "a", { commandId: "c1" })],
        {
          expectedRevision: "no_stream",
        },
      ),
    );
    right(await store.appendToStream("HZ-1", [sampleProgress("HZ-1", "b", { commandId: "c2" })]));
    const before = fake.log.length;
    const again = right(
      await store.appendToStream(
        "HZ-1",
        [sampleReported("HZ-1", { commandId: "c1" }), sampleProgress("HZ-1", "a", { commandId: "c1" })],
        {
          expectedRevision: "no_stream",
        },
      ),
    );
    expect(again).toEqual({
      hazardId: "HZ-1",
      nextExpectedRevision: 2,
      events: first.events,
      idempotentReplay: true,
    });
    expect(fake.log.length).toBe(before);
  });

  it("finds a command written by another process (no cache of it)", async () => {
    const { store, other } = setup();
    const first = right(await other.appendToStream("HZ-1", [sampleReported("HZ-1", { commandId: "c1" })]));
    const again = right(
      await store.appendToStream("HZ-1", [sampleReported("HZ-1", { commandId: "c1" })], {
        expectedRevision: 5,
      }),
    );
    expect(again.idempotentReplay).toBe(true);
    expect(again.events).toEqual(first.events);
  });

  it("relies on the server's own id check when the same command races itself", async () => {
    const { fake, store, other } = setup();
    const command = [sampleReported("HZ-1", { commandId: "c1" })];
    let theirs: RecordedHazardEvent[] = [];
    onceBeforeAppend(fake, async () => {
      theirs = [...right(await other.appendToStream("HZ-1", command)).events];
    });
    const ours = right(await store.appendToStream("HZ-1", command));
    expect(ours.idempotentReplay).toBe(true);
    expect(ours.events).toEqual(theirs);
    expect(fake.log).toHaveLength(1);
  });

  it("never deduplicates events without a command id", async () => {
    const { fake, store } = setup();
    right(await store.appendToStream("HZ-1", [sampleReported("HZ-1")]));
    right(await store.appendToStream("HZ-1", [sampleProgress("HZ-1", "same")]));
    right(await store.appendToStream("HZ-1", [sampleProgress("HZ-1", "same")]));
    expect(fake.log).toHaveLength(3);
    expect(new Set(fake.log.map((r) => r.id)).size).toBe(3);
  });
});

describe("reading streams", () => {
  it("reads ranges with both ends inclusive, an unknown hazard as nothing", async () => {
    const { store } = setup();
    right(
      await store.appendToStream("HZ-1", [
        sampleReported("HZ-1"),
        ...["a", "b", "c", "d"].map((n) => sampleProgress("HZ-1", n)),
      ]),
    );
    expect(seqs(await store.readStream("HZ-1", { fromRevision: 1, toRevision: 3 }))).toEqual([1, 2, 3]);
    expect(seqs(await store.readStream("HZ-1", { fromRevision: 3 }))).toEqual([3, 4]);
    expect(seqs(await store.readStream("HZ-1", { fromRevision: 3, toRevision: 99 }))).toEqual([3, 4]);
    expect(await store.readStream("HZ-1", { fromRevision: 5 })).toEqual([]);
    expect(await store.readStream("HZ-1", { fromRevision: 3, toRevision: 2 })).toEqual([]);
    expect(await store.readStream("HZ-404")).toEqual([]);
    await expect(store.readStream("HZ-1", { fromRevision: -1 })).rejects.toThrow(
      /fromRevision -1 is not a revision/,
    );
  });

  it("gives the revision of a stream, no_stream for an unknown one", async () => {
    const { store } = setup();
    expect(await store.streamRevision("HZ-1")).toBe("no_stream");
    right(await store.appendToStream("HZ-1", [sampleReported("HZ-1"), sampleProgress("HZ-1", "a")]));
    expect(await store.streamRevision("HZ-1")).toBe(1);
  });

  it("keeps the hash chain, recordedAt stamped or brought, through the server's JSON", async () => {
    const { store } = setup();
    right(await store.appendToStream("HZ-1", [sampleReported("HZ-1")]));
    right(
      await store.appendToStream("HZ-1", [
        sampleProgress("HZ-1", "kept", { recordedAt: "2023-03-02T01:00:00Z" }),
      ]),
    );
    const stream = await store.readStream("HZ-1");
    expect(verifyStream(stream)).toEqual([]);
    expect(stream[0]?.recordedAt).toBe("2024-05-01T00:00:01.000Z");
    expect(stream[1]?.recordedAt).toBe("2023-03-02T01:00:00Z");
  });

  it("refuses an event with keys outside the contract (INVALID_APPEND naming the key), and writes nothing", async () => {
    const { fake, store } = setup();
    const extra = {
      ...sampleProgress("HZ-1", "a"),
      data: { note: "a", colour: "red" },
    } as unknown as NewHazardEvent;
    const refused = await store.appendToStream("HZ-1", [sampleReported("HZ-1"), extra]);
    expect(E.isLeft(refused) && refused.left.code).toBe("INVALID_APPEND");
    expect(E.isLeft(refused) && refused.left.message).toMatch(/events\[1\]: data\.colour: unknown field/);
    expect(fake.log).toHaveLength(0);
  });

  it("fails loudly on an event in a hazard stream that is not a stored hazard event", async () => {
    const { fake, store } = setup();
    fake.writeForeign("hazard-HZ-9", "HazardReported", { title: "written by someone else" });
    const failure = store.readStream("HZ-9");
    await expect(failure).rejects.toBeInstanceOf(EventStoreDBDataError);
    await expect(failure).rejects.toThrow(/stream hazard-HZ-9 revision 0: not a stored hazard event/);
  });

  it("says which server version is needed when stream reads carry no position (before 22.6)", async () => {
    const { store } = setup({}, { noPositionsOnStreamReads: true });
    await expect(store.appendToStream("HZ-1", [sampleReported("HZ-1")])).rejects.toThrow(
      /no \$all position.*22\.6/,
    );
  });
});

describe("readAll", () => {
  const seedMixed = async () => {
    const s = setup();
    right(await s.store.appendToStream("HZ-1", [sampleReported("HZ-1"), sampleProgress("HZ-1", "1a")]));
    s.fake.writeForeign("orders-1", "OrderPlaced", { id: 1 });
    s.fake.writeForeign("$stats-127.0.0.1:2113", "$statsCollected", {});
    s.fake.writeForeign("hazardous-1", "Whatever", {});
    right(await s.store.appendToStream("HZ-2", [sampleReported("HZ-2")]));
    right(await s.store.appendToStream("HZ-1", [sampleProgress("HZ-1", "1b"), sampleProgress("HZ-1", "1c")]));
    return s;
  };

  it("reads the hazards' events of $all in commit order, and nothing else", async () => {
    const { fake, store } = await seedMixed();
    const all = await collect(store.readAll());
    expect(all.map((e) => `${e.hazardId}@${e.seq}`)).toEqual([
      "HZ-1@0",
      "HZ-1@1",
      "HZ-2@0",
      "HZ-1@2",
      "HZ-1@3",
    ]);
    for (let i = 1; i < all.length; i++)
      expect((all[i] as RecordedHazardEvent).position > (all[i - 1] as RecordedHazardEvent).position).toBe(
        true,
      );
    // Each position is the server's, commit and prepare, losslessly.
    const hazardRecords = fake.log.filter((r) => r.streamId.startsWith("hazard-"));
    expect(all.map((e) => decodePosition(e.position))).toEqual(hazardRecords.map((r) => r.position));
    expect(all.filter((e) => e.hazardId === "HZ-1")).toEqual(await store.readStream("HZ-1"));
  });

  it("resumes strictly after a position, within an append's events too", async () => {
    const { fake, store } = await seedMixed();
    const all = await collect(store.readAll());
    for (let k = 0; k < all.length; k++) {
      const rest = await collect(store.readAll({ after: (all[k] as RecordedHazardEvent).position }));
      expect(rest).toEqual(all.slice(k + 1));
    }
    // The last two events came in one append: as over gRPC, each has its own position,
    // commit and prepare alike.
    const [a, b] = all.slice(-2).map((e) => decodePosition(e.position));
    expect(a?.commit).toBe(a?.prepare);
    expect(b?.commit).toBe(b?.prepare);
    expect((a?.commit ?? 0n) < (b?.commit ?? 0n)).toBe(true);
    const call = fake.calls.filter((c) => c.method === "readAll").at(-1);
    expect(call?.args[0]).toMatchObject({
      fromPosition: decodePosition((all.at(-1) as RecordedHazardEvent).position),
    });
  });

  it("reads only its own prefix", async () => {
    const fake = new FakeEventStoreDBClient();
    const a = getEventStoreDBEventStore({ client: fake }, { streamPrefix: "tenant-a.hazard-" });
    const b = getEventStoreDBEventStore({ client: fake }, { streamPrefix: "tenant-b.hazard-" });
    right(await a.appendToStream("HZ-1", [sampleReported("HZ-1")]));
    right(await b.appendToStream("HZ-1", [sampleReported("HZ-1")]));
    right(await b.appendToStream("HZ-2", [sampleReported("HZ-2")]));
    expect((await collect(a.readAll())).map((e) => e.hazardId)).toEqual(["HZ-1"]);
    expect((await collect(b.readAll())).map((e) => e.hazardId)).toEqual(["HZ-1", "HZ-2"]);
    expect(fake.log.map((r) => r.streamId)).toEqual([
      "tenant-a.hazard-HZ-1",
      "tenant-b.hazard-HZ-1",
      "tenant-b.hazard-HZ-2",
    ]);
  });

  it("refuses a prefix that would read system streams", () => {
    expect(() =>
      getEventStoreDBEventStore({ client: new FakeEventStoreDBClient() }, { streamPrefix: "$ce-" }),
    ).toThrow(/must not start with \$/);
  });
});

describe("subscribe", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("delivers past then live hazard events, through a server-side prefix filter", async () => {
    const { fake, store } = setup();
    right(await store.appendToStream("HZ-1", [sampleReported("HZ-1")]));
    fake.writeForeign("orders-1", "OrderPlaced", {});
    const subscription = store.subscribe();
    const iterator = subscription[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toMatchObject({ hazardId: "HZ-1", seq: 0 });
    const pending = iterator.next();
    right(await store.appendToStream("HZ-2", [sampleReported("HZ-2")]));
    expect((await pending).value).toMatchObject({ hazardId: "HZ-2", seq: 0 });
    const call = fake.calls.find((c) => c.method === "subscribeToAll");
    expect(call?.args[0]).toMatchObject({
      fromPosition: START,
      filter: { filterOn: STREAM_NAME, prefixes: ["hazard-"] },
    });
    await subscription.close();
  });

  it("resumes after a dropped connection from the last event delivered: nothing lost, nothing twice", async () => {
    const { fake, store } = setup({ subscription: { delayMs: 0 } });
    right(await store.appendToStream("HZ-1", [sampleReported("HZ-1"), sampleProgress("HZ-1", "a")]));
    const subscription = store.subscribe();
    const iterator = subscription[Symbol.asyncIterator]();
    const delivered = [(await iterator.next()).value, (await iterator.next()).value] as RecordedHazardEvent[];
    fake.dropSubscriptions();
    // Written while the subscription is down.
    right(await store.appendToStream("HZ-1", [sampleProgress("HZ-1", "b"), sampleProgress("HZ-1", "c")]));
    delivered.push(
      (await iterator.next()).value as RecordedHazardEvent,
      (await iterator.next()).value as RecordedHazardEvent,
    );
    expect(notes(delivered)).toEqual(["HazardReported", "a", "b", "c"]);
    const opens = fake.calls
      .filter((c) => c.method === "subscribeToAll")
      .map((c) => (c.args[0] as { fromPosition: unknown }).fromPosition);
    expect(opens).toEqual([START, decodePosition((delivered[1] as RecordedHazardEvent).position)]);
    await subscription.close();
  });

  it("resumes from a checkpoint given to subscribe", async () => {
    const { store } = setup();
    right(
      await store.appendToStream("HZ-1", [
        sampleReported("HZ-1"),
        sampleProgress("HZ-1", "a"),
        sampleProgress("HZ-1", "b"),
      ]),
    );
    const [first] = await store.readStream("HZ-1");
    const subscription = store.subscribe({ after: (first as RecordedHazardEvent).position });
    const iterator = subscription[Symbol.asyncIterator]();
    expect(
      notes([(await iterator.next()).value, (await iterator.next()).value] as RecordedHazardEvent[]),
    ).toEqual(["a", "b"]);
    await subscription.close();
  });

  it("gives up after maxAttempts drops in a row, with the last error", async () => {
    const { fake, store } = setup({ subscription: { maxAttempts: 2, delayMs: 0 } });
    const spy = vi.spyOn(fake, "subscribeToAll").mockImplementation(() => ({
      [Symbol.asyncIterator]: () => ({
        next: () => Promise.reject(new UnavailableError(undefined, "14 UNAVAILABLE: connection refused")),
      }),
      unsubscribe: () => Promise.resolve(),
    }));
    await expect(collect(store.subscribe())).rejects.toThrow(/connection refused/);
    expect(spy).toHaveBeenCalledTimes(3);
  });

  it("does not retry what retrying cannot fix", async () => {
    const { fake, store } = setup({ subscription: { delayMs: 0 } });
    const spy = vi.spyOn(fake, "subscribeToAll").mockImplementation(() => ({
      [Symbol.asyncIterator]: () => ({
        next: () => Promise.reject(new AccessDeniedError(undefined, "Access denied")),
      }),
      unsubscribe: () => Promise.resolve(),
    }));
    await expect(collect(store.subscribe())).rejects.toBeInstanceOf(AccessDeniedError);
    expect(spy).toHaveBeenCalledTimes(1);

    const second = setup({ subscription: { delayMs: 0 } });
    second.fake.writeForeign("hazard-HZ-9", "HazardReported", { broken: true });
    await expect(collect(second.store.subscribe())).rejects.toBeInstanceOf(EventStoreDBDataError);
  });

  it("ends on close, releasing a waiting next(), and unsubscribes from the server", async () => {
    const { fake, store } = setup();
    const subscription = store.subscribe();
    const pending = subscription[Symbol.asyncIterator]().next();
    await new Promise((r) => setTimeout(r, 0));
    expect(fake.subscriptions.size).toBe(1);
    await subscription.close();
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(fake.subscriptions.size).toBe(0);
  });

  it("ends a for-await loop that closes it", async () => {
    const { store } = setup();
    right(
      await store.appendToStream("HZ-1", [
        sampleReported("HZ-1"),
        sampleProgress("HZ-1", "a"),
        sampleProgress("HZ-1", "b"),
      ]),
    );
    const subscription = store.subscribe();
    const seen: string[] = [];
    for await (const e of subscription) {
      seen.push(notes([e])[0] as string);
      if (seen.length === 2) await subscription.close();
    }
    expect(seen).toEqual(["HazardReported", "a"]);
  });
});

describe("appendBatch", () => {
  it("appends to each stream in turn and answers with counts and each stream's revision", async () => {
    const { fake, store } = setup();
    const result = right(
      await store.appendBatch([
        { hazardId: "HZ-1", events: [sampleReported("HZ-1")], expectedRevision: "no_stream" },
        { hazardId: "HZ-2", events: [sampleReported("HZ-2")], expectedRevision: "no_stream" },
        { hazardId: "HZ-1", events: [sampleProgress("HZ-1", "a")], expectedRevision: 0 },
      ]),
    );
    expect(result).toMatchObject({ appended: 3, streams: 2 });
    expect([...result.nextExpectedRevisions]).toEqual([
      ["HZ-1", 1],
      ["HZ-2", 0],
    ]);
    expect(appendCalls(fake)).toHaveLength(3);
    const all = [];
    for await (const e of store.readAll()) all.push(e);
    expect(result.lastPosition).toBe(all[all.length - 1]?.position);
  });

  it("writes a streamed batch as it arrives, and names what was written when the source then fails", async () => {
    const { store } = setup();
    const broken = new Error("the source broke");
    const source = (async function* () {
      yield { hazardId: "HZ-1", events: [sampleReported("HZ-1")] };
      yield { hazardId: "HZ-2", events: [sampleReported("HZ-2")] };
      await Promise.resolve();
      throw broken;
    })();
    const rejection = store.appendBatch(source);
    await expect(rejection).rejects.toThrow(
      /the source broke \(EventStoreDB appends a batch stream by stream: the batch's appends to HZ-1, HZ-2 were already written\)/,
    );
    await expect(rejection).rejects.toMatchObject({ cause: broken });
    expect(await store.streamRevision("HZ-2")).toBe(0);
  });

  it("rejects with the source's own error when it fails before anything was written", async () => {
    const { fake, store } = setup();
    const broken = new Error("nothing to read");
    // eslint-disable-next-line require-yield -- a source that fails at once
    const source = (async function* (): AsyncGenerator<StreamAppend> {
      await Promise.resolve();
      throw broken;
    })();
    await expect(store.appendBatch(source)).rejects.toBe(broken);
    expect(appendCalls(fake)).toEqual([]);
  });

  it("checks every expected revision before writing anything", async () => {
    const { fake, store } = setup();
    right(await store.appendToStream("HZ-2", [sampleReported("HZ-2")]));
    fake.calls.length = 0;
    const error = left(
      await store.appendBatch([
        { hazardId: "HZ-1", events: [sampleReported("HZ-1")], expectedRevision: "no_stream" },
        { hazardId: "HZ-2", events: [sampleProgress("HZ-2", "a")], expectedRevision: "no_stream" },
      ]),
    );
    expect(error).toMatchObject({ code: "WRONG_EXPECTED_REVISION", hazardId: "HZ-2", actual: 0 });
    expect(appendCalls(fake)).toEqual([]);
    expect(
      left(
        await store.appendBatch([
          { hazardId: "HZ-1", events: [sampleReported("HZ-1")] },
          { hazardId: "HZ-3", events: [] },
        ]),
      ),
    ).toMatchObject({ code: "INVALID_APPEND", hazardId: "HZ-3" });
    expect(appendCalls(fake)).toEqual([]);
  });

  it("checks a batch over many streams, read a few at a time, before writing any", async () => {
    const { fake, store } = setup();
    right(await store.appendToStream("HZ-37", [sampleReported("HZ-37")]));
    const batch = Array.from({ length: 40 }, (_, i) => ({
      hazardId: `HZ-${i}`,
      events: [sampleReported(`HZ-${i}`)],
      expectedRevision: "no_stream" as const,
    }));
    fake.calls.length = 0;
    expect(left(await store.appendBatch(batch))).toMatchObject({ hazardId: "HZ-37", actual: 0 });
    expect(appendCalls(fake)).toEqual([]);
    const fine = batch.filter((a) => a.hazardId !== "HZ-37");
    expect(right(await store.appendBatch(fine)).nextExpectedRevisions.size).toBe(fine.length);
  });

  it("is not atomic across streams: a writer slipping in mid-batch leaves the earlier streams written, and says so", async () => {
    const { fake, store, other } = setup();
    right(await store.appendToStream("HZ-2", [sampleReported("HZ-2")]));
    let armed = true;
    fake.beforeAppend = async (stream) => {
      if (!armed || stream !== "hazard-HZ-2") return;
      armed = false;
      right(await other.appendToStream("HZ-2", [sampleProgress("HZ-2", "theirs")]));
    };
    const error = left(
      await store.appendBatch([
        { hazardId: "HZ-1", events: [sampleReported("HZ-1")], expectedRevision: "no_stream" },
        { hazardId: "HZ-2", events: [sampleProgress("HZ-2", "ours")], expectedRevision: 0 },
      ]),
    );
    expect(error).toMatchObject({
      code: "WRONG_EXPECTED_REVISION",
      hazardId: "HZ-2",
      expected: 0,
      actual: 1,
    });
    expect(error.message).toMatch(/stream by stream: the batch's appends to HZ-1 were already written/);
    expect(await store.streamRevision("HZ-1")).toBe(0);
  });

  it('refuses a batch over several streams when multiStreamBatch is "reject"', async () => {
    const { fake, store } = setup({ multiStreamBatch: "reject" });
    expect(
      left(
        await store.appendBatch([
          { hazardId: "HZ-1", events: [sampleReported("HZ-1")] },
          { hazardId: "HZ-2", events: [sampleReported("HZ-2")] },
        ]),
      ),
    ).toMatchObject({
      code: "INVALID_APPEND",
      message: expect.stringMatching(/cannot be atomic on EventStoreDB/) as unknown,
    });
    expect(fake.calls).toEqual([]);
    right(
      await store.appendBatch([
        { hazardId: "HZ-1", events: [sampleReported("HZ-1"), sampleProgress("HZ-1", "a")] },
      ]),
    );
    const streamedTwo = (async function* () {
      await Promise.resolve();
      yield { hazardId: "HZ-2", events: [sampleReported("HZ-2")] };
      yield { hazardId: "HZ-2", events: [sampleProgress("HZ-2", "a")] };
      yield { hazardId: "HZ-3", events: [sampleReported("HZ-3")] };
    })();
    const callsBefore = appendCalls(fake).length;
    expect(left(await store.appendBatch(streamedTwo))).toMatchObject({
      code: "INVALID_APPEND",
      message: expect.stringMatching(/cannot be atomic on EventStoreDB/) as unknown,
    });
    expect(appendCalls(fake)).toHaveLength(callsBefore);
    expect(await store.streamRevision("HZ-2")).toBe("no_stream");
  });

  it("answers a repeated command inside a batch without writing it again", async () => {
    const { fake, store } = setup();
    const first = right(await store.appendToStream("HZ-1", [sampleReported("HZ-1", { commandId: "c1" })]));
    const result = right(
      await store.appendBatch([
        {
          hazardId: "HZ-1",
          events: [sampleReported("HZ-1", { commandId: "c1" })],
          expectedRevision: "no_stream",
        },
        { hazardId: "HZ-2", events: [sampleReported("HZ-2")] },
      ]),
    );
    expect(result).toMatchObject({ appended: 1, streams: 2 });
    expect(await store.readStream("HZ-1")).toEqual(first.events);
    expect(fake.log).toHaveLength(2);
  });
});

describe("client calls and closing", () => {
  it("passes call options (credentials, deadline, requiresLeader) to every client call", async () => {
    const callOptions = {
      credentials: { username: "ops", password: "pw" },
      deadline: 2_000,
      requiresLeader: true,
    };
    const { fake, store } = setup({ callOptions });
    right(await store.appendToStream("HZ-1", [sampleReported("HZ-1")]));
    await store.streamRevision("HZ-1");
    await collect(store.readAll());
    const subscription = store.subscribe();
    // The subscription opens once the first event is asked for (after the server check).
    expect((await subscription[Symbol.asyncIterator]().next()).done).toBe(false);
    await subscription.close();
    const methods = new Set(fake.calls.map((c) => c.method));
    expect(methods).toEqual(new Set(["readStream", "appendToStream", "readAll", "subscribeToAll"]));
    for (const call of fake.calls) expect(call.args.at(-1)).toMatchObject(callOptions);
  });

  it("fails operations on a closed store as rejected promises, and closes its subscriptions", async () => {
    const { fake, store } = setup();
    const subscription = store.subscribe();
    const pending = subscription[Symbol.asyncIterator]().next();
    await store.close();
    expect(await pending).toEqual({ done: true, value: undefined });
    await expect(store.appendToStream("HZ-1", [sampleReported("HZ-1")])).rejects.toThrow(/closed/);
    await expect(store.readStream("HZ-1")).rejects.toThrow(/closed/);
    // The caller's client is the caller's to dispose.
    expect(fake.disposed).toBe(false);
  });

  it("disposes a client it made itself", async () => {
    const store = getEventStoreDBEventStore({ connectionString: "esdb://localhost:2113?tls=false" });
    const dispose = vi.spyOn(store.client, "dispose");
    await store.close();
    expect(dispose).toHaveBeenCalledTimes(1);
  });
});
