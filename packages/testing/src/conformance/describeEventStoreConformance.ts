import {
  type AppendError,
  CURRENT_SCHEMA_VERSIONS,
  DEFAULT_HASH_ALGORITHM,
  type EventStore,
  GENESIS_HASH,
  ledgerDigestOf,
  ledgerTreeOf,
  sealEvent,
  verifyConsistency,
  verifyInclusion,
  type NewHazardEvent,
  type RecordedHazardEvent,
  type StreamAppend,
  isInstant,
  verifyStream,
} from "@hazard-ledger/core";
import * as E from "fp-ts/lib/Either.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sampleProgress, sampleProgressEvents, sampleReported } from "../samples/sampleEvents.js";

/** Makes a fresh, empty store. Called once for every test. */
export type EventStoreFactory = () => Promise<EventStore> | EventStore;

/** Knobs of {@link describeEventStoreConformance}; the defaults are what the contract asks. */
export interface EventStoreConformanceOptions {
  /** Events in the long-stream test; default 100,000. */
  readonly longStreamEvents?: number;
  /** Events per append when the long stream is written; default 1,000. */
  readonly longStreamChunk?: number;
  /** Writers in the racing tests; default 8. */
  readonly racingWriters?: number;
  /** Appends each racing writer makes; default 10. */
  readonly appendsPerWriter?: number;
  /** Timeout of each test in ms; default 120,000 (the long stream needs the most). */
  readonly timeoutMs?: number;
  /**
   * Whether a batch whose source is streamed (an iterator, not an array) is all or nothing;
   * default true, as the contract asks. False only for a store that documents its batches as
   * written stream by stream (EventStoreDB): the tests that a streamed batch failing midway
   * leaves nothing are then skipped.
   */
  readonly atomicStreamedBatch?: boolean;
  /**
   * Whether a batch over several streams is one write with one commit time; default true. False
   * for a store that writes such a batch stream by stream (EventStoreDB: one server write, and
   * one `created` time, per stream).
   */
  readonly batchIsOneWrite?: boolean;
  /**
   * Whether the store refuses and marks backfills (writes recorded before its last commit);
   * default true, as the contract asks. False only for a store that documents that it does
   * not (EventStoreDB: the check cannot be one transaction with its appends).
   */
  readonly checksBackfills?: boolean;
}

/** Yields the appends one at a time, a turn of the event loop apart, as a reading import would. */
async function* streamed(
  appends: readonly StreamAppend[],
  onPull?: (n: number) => void,
): AsyncGenerator<StreamAppend> {
  let n = 0;
  for (const append of appends) {
    await new Promise((resolve) => setImmediate(resolve));
    onPull?.(++n);
    yield append;
  }
}

const right = <A>(result: E.Either<AppendError, A>): A => {
  if (E.isLeft(result)) throw new Error(`expected the append to succeed, got ${result.left.message}`);
  return result.right;
};

const left = <A>(result: E.Either<AppendError, A>): AppendError => {
  if (E.isRight(result)) throw new Error("expected the append to fail, but it succeeded");
  return result.left;
};

const collect = async <T>(iterable: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
};

const take = async <T>(iterator: AsyncIterator<T>, n: number): Promise<T[]> => {
  const out: T[] = [];
  while (out.length < n) {
    const step = await iterator.next();
    if (step.done === true) throw new Error(`the iteration ended after ${out.length} of ${n} items`);
    out.push(step.value);
  }
  return out;
};

const notes = (events: readonly RecordedHazardEvent[]): string[] =>
  events.map((e) => (e.type === "ProgressReported" ? e.data.note : e.type));

const seqs = (events: readonly RecordedHazardEvent[]): number[] => events.map((e) => e.seq);

const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

/**
 * Registers (with vitest `describe`/`it`) the tests every {@link EventStore} must pass, so
 * that a store is checked by calling this from its own test file:
 *
 * ```ts
 * describeEventStoreConformance("file store", async () => openFileStore(await freshDir()));
 * ```
 *
 * The factory contract: it is called once per test and must return a new, empty store that
 * shares nothing with the stores of other tests. The suite calls `close()` on it after the
 * test (exactly once; the test that checks a closed store makes and closes its own). Tests
 * do not depend on wall-clock time; positions are compared only by order, never by value.
 */
export const describeEventStoreConformance = (
  name: string,
  factory: EventStoreFactory,
  options: EventStoreConformanceOptions = {},
): void => {
  const longStreamEvents = options.longStreamEvents ?? 100_000;
  const longStreamChunk = options.longStreamChunk ?? 1_000;
  const racingWriters = options.racingWriters ?? 8;
  const appendsPerWriter = options.appendsPerWriter ?? 10;
  const timeout = options.timeoutMs ?? 120_000;
  const atomicStreamedBatch = options.atomicStreamedBatch ?? true;
  const batchIsOneWrite = options.batchIsOneWrite ?? true;
  const checksBackfills = options.checksBackfills ?? true;

  describe(`${name}: event store conformance`, () => {
    let store: EventStore;
    beforeEach(async () => {
      store = await factory();
    });
    afterEach(async () => {
      await store.close();
    });

    /** Appends `count` progress events to a new stream and returns what the store says. */
    const seed = async (hazardId: string, count: number) =>
      right(
        await store.appendToStream(
          hazardId,
          [sampleReported(hazardId), ...sampleProgressEvents(hazardId, count - 1)],
          { expectedRevision: "no_stream" },
        ),
      );

    describe("revisions", () => {
      it("numbers the first event 0 and ends a stream of n events at revision n - 1", async () => {
        const first = right(await store.appendToStream("HZ-1", [sampleReported("HZ-1")]));
        expect(first.nextExpectedRevision).toBe(0);
        expect(seqs(first.events)).toEqual([0]);
        const more = right(await store.appendToStream("HZ-1", sampleProgressEvents("HZ-1", 3)));
        expect(more.nextExpectedRevision).toBe(3);
        expect(seqs(more.events)).toEqual([1, 2, 3]);
        expect(await store.streamRevision("HZ-1")).toBe(3);
        expect(seqs(await store.readStream("HZ-1"))).toEqual([0, 1, 2, 3]);
      });

      it("gives an unknown stream the revision no_stream", async () => {
        await seed("HZ-1", 2);
        expect(await store.streamRevision("HZ-2")).toBe("no_stream");
      });
    });

    describe("expected revision", () => {
      it("no_stream: succeeds on a new stream, fails on an existing one naming its revision", async () => {
        right(
          await store.appendToStream("HZ-1", [sampleReported("HZ-1")], { expectedRevision: "no_stream" }),
        );
        right(await store.appendToStream("HZ-1", [sampleProgress("HZ-1", "a")]));
        const error = left(
          await store.appendToStream("HZ-1", [sampleProgress("HZ-1", "b")], {
            expectedRevision: "no_stream",
          }),
        );
        expect(error).toMatchObject({
          code: "WRONG_EXPECTED_REVISION",
          hazardId: "HZ-1",
          expected: "no_stream",
          actual: 1,
        });
        expect(error.message.length).toBeGreaterThan(0);
      });

      it("stream_exists: fails on a new stream with actual no_stream, succeeds on an existing one", async () => {
        const error = left(
          await store.appendToStream("HZ-1", [sampleReported("HZ-1")], { expectedRevision: "stream_exists" }),
        );
        expect(error).toMatchObject({
          code: "WRONG_EXPECTED_REVISION",
          hazardId: "HZ-1",
          expected: "stream_exists",
          actual: "no_stream",
        });
        await seed("HZ-1", 1);
        const ok = right(
          await store.appendToStream("HZ-1", [sampleProgress("HZ-1", "a")], {
            expectedRevision: "stream_exists",
          }),
        );
        expect(ok.nextExpectedRevision).toBe(1);
      });

      it("any, and no option at all: succeed whatever the stream", async () => {
        right(await store.appendToStream("HZ-1", [sampleReported("HZ-1")], { expectedRevision: "any" }));
        right(await store.appendToStream("HZ-1", [sampleProgress("HZ-1", "a")], { expectedRevision: "any" }));
        const last = right(await store.appendToStream("HZ-1", [sampleProgress("HZ-1", "b")]));
        expect(last.nextExpectedRevision).toBe(2);
      });

      it("a number: succeeds when it is the last seq, fails below or above it naming the actual revision", async () => {
        await seed("HZ-1", 3);
        for (const wrong of [0, 1, 3, 7]) {
          const error = left(
            await store.appendToStream("HZ-1", [sampleProgress("HZ-1", "x")], { expectedRevision: wrong }),
          );
          expect(error).toMatchObject({
            code: "WRONG_EXPECTED_REVISION",
            hazardId: "HZ-1",
            expected: wrong,
            actual: 2,
          });
        }
        const ok = right(
          await store.appendToStream("HZ-1", [sampleProgress("HZ-1", "y")], { expectedRevision: 2 }),
        );
        expect(ok.nextExpectedRevision).toBe(3);
        expect(notes(await store.readStream("HZ-1"))).toEqual(["HazardReported", "p0", "p1", "y"]);
      });

      it("a number on a stream that does not exist fails with actual no_stream (0 included)", async () => {
        for (const wrong of [0, 4]) {
          const error = left(
            await store.appendToStream("HZ-1", [sampleReported("HZ-1")], { expectedRevision: wrong }),
          );
          expect(error).toMatchObject({
            code: "WRONG_EXPECTED_REVISION",
            expected: wrong,
            actual: "no_stream",
          });
        }
        expect(await store.readStream("HZ-1")).toEqual([]);
      });

      it("a failed append writes nothing", async () => {
        await seed("HZ-1", 2);
        const before = await collect(store.readAll());
        left(
          await store.appendToStream("HZ-1", sampleProgressEvents("HZ-1", 3, "q"), { expectedRevision: 0 }),
        );
        left(
          await store.appendToStream("HZ-2", [sampleReported("HZ-2")], { expectedRevision: "stream_exists" }),
        );
        expect(await store.streamRevision("HZ-1")).toBe(1);
        expect(await store.streamRevision("HZ-2")).toBe("no_stream");
        expect(await collect(store.readAll())).toEqual(before);
      });
    });

    describe("malformed appends", () => {
      it("rejects an empty list of events as INVALID_APPEND", async () => {
        expect(left(await store.appendToStream("HZ-1", []))).toMatchObject({
          code: "INVALID_APPEND",
          hazardId: "HZ-1",
        });
        expect(await store.streamRevision("HZ-1")).toBe("no_stream");
      });

      it("rejects an event of another hazard as INVALID_APPEND and writes none of the append", async () => {
        const error = left(
          await store.appendToStream("HZ-1", [sampleReported("HZ-1"), sampleProgress("HZ-2", "stray")]),
        );
        expect(error).toMatchObject({ code: "INVALID_APPEND", hazardId: "HZ-1" });
        expect(error.message.length).toBeGreaterThan(0);
        expect(await collect(store.readAll())).toEqual([]);
      });
    });

    describe("idempotency by commandId", () => {
      it("answers a repeated command with the events first stored, and writes nothing", async () => {
        await seed("HZ-1", 1);
        const first = right(
          await store.appendToStream(
            "HZ-1",
            [
              sampleProgress("HZ-1", "a", { commandId: "cmd-1" }),
              sampleProgress("HZ-1", "b", { commandId: "cmd-1" }),
            ],
            { expectedRevision: 0 },
          ),
        );
        expect(first.idempotentReplay).toBe(false);
        const again = right(
          await store.appendToStream(
            "HZ-1",
            [
              // Recorded at another time, and with its keys in another order: still the same command.
              { ...sampleProgress("HZ-1", "a", { commandId: "cmd-1" }), recordedAt: "2030-01-01T00:00:00Z" },
              sampleProgress("HZ-1", "b", { commandId: "cmd-1" }),
            ],
            { expectedRevision: 0 },
          ),
        );
        expect(again.idempotentReplay).toBe(true);
        expect(again.events).toEqual(first.events);
        expect(again.nextExpectedRevision).toBe(2);
        expect(notes(await store.readStream("HZ-1"))).toEqual(["HazardReported", "a", "b"]);
      });

      it("a reused commandId loses an event (no more): another event under a stored commandId is COMMAND_ID_REUSED, nothing written", async () => {
        await seed("HZ-1", 1);
        right(
          await store.appendToStream("HZ-1", [
            sampleProgress("HZ-1", "a", { commandId: "cmd-1" }),
            sampleProgress("HZ-1", "b", { commandId: "cmd-1" }),
          ]),
        );
        const attempts: NewHazardEvent[][] = [
          // another event under it
          [sampleProgress("HZ-1", "other", { commandId: "cmd-1" })],
          // a part of the command, or the command with one more event
          [sampleProgress("HZ-1", "a", { commandId: "cmd-1" })],
          [
            sampleProgress("HZ-1", "a", { commandId: "cmd-1" }),
            sampleProgress("HZ-1", "b", { commandId: "cmd-1" }),
            sampleProgress("HZ-1", "c", { commandId: "cmd-1" }),
          ],
          // the same data with another ext, actor or occurredAt
          [
            { ...sampleProgress("HZ-1", "a", { commandId: "cmd-1" }), ext: { x: 1 } },
            sampleProgress("HZ-1", "b", { commandId: "cmd-1" }),
          ],
          [
            sampleProgress("HZ-1", "a", { commandId: "cmd-1", occurredAt: "2023-03-02T09:31:00+08:00" }),
            sampleProgress("HZ-1", "b", { commandId: "cmd-1" }),
          ],
          // a new command that carries the stored commandId on a later event
          [
            sampleProgress("HZ-1", "new", { commandId: "cmd-2" }),
            sampleProgress("HZ-1", "z", { commandId: "cmd-1" }),
          ],
          [sampleProgress("HZ-1", "new"), sampleProgress("HZ-1", "z", { commandId: "cmd-1" })],
        ];
        for (const events of attempts) {
          const refused = left(await store.appendToStream("HZ-1", events));
          expect(refused).toMatchObject({ code: "COMMAND_ID_REUSED", hazardId: "HZ-1", commandId: "cmd-1" });
        }
        expect(
          left(
            await store.appendBatch([
              { hazardId: "HZ-1", events: [sampleProgress("HZ-1", "x", { commandId: "cmd-1" })] },
            ]),
          ),
        ).toMatchObject({ code: "COMMAND_ID_REUSED" });
        expect(notes(await store.readStream("HZ-1"))).toEqual(["HazardReported", "a", "b"]);
      });

      it("within one batch, a repeat of a command staged earlier is a replay and another event under it is COMMAND_ID_REUSED", async () => {
        const appends = (note: string): StreamAppend[] => [
          { hazardId: "HZ-1", events: [sampleReported("HZ-1", { commandId: "cmd-1" })] },
          { hazardId: "HZ-1", events: [sampleProgress("HZ-1", "a", { commandId: "cmd-2" })] },
          { hazardId: "HZ-1", events: [sampleProgress("HZ-1", note, { commandId: "cmd-2" })] },
        ];
        expect(right(await store.appendBatch(streamed(appends("a"))))).toMatchObject({ appended: 2 });
        expect(notes(await store.readStream("HZ-1"))).toEqual(["HazardReported", "a"]);
        const fresh = appends("b").map((a) => ({
          hazardId: "HZ-2",
          events: a.events.map((e) => ({ ...e, hazardId: "HZ-2" })),
        }));
        expect(left(await store.appendBatch(streamed(fresh)))).toMatchObject({
          code: "COMMAND_ID_REUSED",
          commandId: "cmd-2",
        });
        if (atomicStreamedBatch) expect(await store.streamRevision("HZ-2")).toBe("no_stream");
        expect(left(await store.appendBatch(fresh))).toMatchObject({
          code: "COMMAND_ID_REUSED",
          commandId: "cmd-2",
        });
      });

      it("answers a repeat after the stream moved on, whatever revision it expects, with the revision now", async () => {
        await seed("HZ-1", 1);
        const first = right(
          await store.appendToStream("HZ-1", [sampleProgress("HZ-1", "a", { commandId: "cmd-1" })], {
            expectedRevision: 0,
          }),
        );
        right(await store.appendToStream("HZ-1", sampleProgressEvents("HZ-1", 2, "later")));
        for (const expectedRevision of [0, "no_stream", 1, "any"] as const) {
          const again = right(
            await store.appendToStream("HZ-1", [sampleProgress("HZ-1", "a", { commandId: "cmd-1" })], {
              expectedRevision,
            }),
          );
          expect(again.idempotentReplay).toBe(true);
          expect(again.events).toEqual(first.events);
          expect(again.nextExpectedRevision).toBe(3);
        }
        expect(await store.streamRevision("HZ-1")).toBe(3);
      });

      it("keeps commands per stream, and never deduplicates events without a commandId", async () => {
        right(await store.appendToStream("HZ-1", [sampleReported("HZ-1", { commandId: "cmd-1" })]));
        const other = right(
          await store.appendToStream("HZ-2", [sampleReported("HZ-2", { commandId: "cmd-1" })]),
        );
        expect(other.idempotentReplay).toBe(false);
        right(await store.appendToStream("HZ-1", [sampleProgress("HZ-1", "same")]));
        const twice = right(await store.appendToStream("HZ-1", [sampleProgress("HZ-1", "same")]));
        expect(twice.idempotentReplay).toBe(false);
        expect(notes(await store.readStream("HZ-1"))).toEqual(["HazardReported", "same", "same"]);
        expect(await store.streamRevision("HZ-2")).toBe(0);
      });

      it("answers a repeated command inside a batch without writing it again", async () => {
        const first = right(
          await store.appendToStream("HZ-1", [sampleReported("HZ-1", { commandId: "cmd-1" })]),
        );
        const result = right(
          await store.appendBatch([
            { hazardId: "HZ-1", events: [sampleReported("HZ-1", { commandId: "cmd-1" })] },
            { hazardId: "HZ-2", events: [sampleReported("HZ-2", { commandId: "cmd-2" })] },
            {
              hazardId: "HZ-2",
              events: [sampleReported("HZ-2", { commandId: "cmd-2" })],
              expectedRevision: 7,
            },
          ]),
        );
        expect(result).toMatchObject({ appended: 1, streams: 2 });
        expect([...result.nextExpectedRevisions]).toEqual([
          ["HZ-1", 0],
          ["HZ-2", 0],
        ]);
        expect(await store.readStream("HZ-1")).toEqual(first.events);
        expect(await store.streamRevision("HZ-1")).toBe(0);
        expect(await store.streamRevision("HZ-2")).toBe(0);
      });
    });

    describe("stored events", () => {
      it("seals events: seq, schema version, recordedAt and a hash chain that verifies", async () => {
        await seed("HZ-1", 5);
        const events = await store.readStream("HZ-1");
        expect(events).toHaveLength(5);
        for (const e of events) {
          expect(e.schemaVersion).toBe(CURRENT_SCHEMA_VERSIONS[e.type]);
          expect(isInstant(e.recordedAt)).toBe(true);
          expect(typeof e.position).toBe("bigint");
          expect(e.hazardId).toBe("HZ-1");
        }
        expect(verifyStream(events)).toEqual([]);
      });

      it("keeps the content of each event as given", async () => {
        const given = [
          sampleReported("HZ-1", { eventId: "ev-1", commandId: "cmd-1" }),
          sampleProgress("HZ-1", "进展", { eventId: "ev-2", occurredAt: "2023-03-05T10:00:00Z" }),
        ];
        await store.appendToStream("HZ-1", given);
        const read = await store.readStream("HZ-1");
        read.forEach((e, i) => {
          const { recordedAt: _, ...body } = given[i] as NewHazardEvent;
          expect(e).toMatchObject(body);
        });
      });

      it("keeps recordedAt when an event brings it, and stamps it when not", async () => {
        await store.appendToStream("HZ-1", [
          sampleReported("HZ-1", { recordedAt: "2023-03-01T02:05:11.120Z" }),
          sampleProgress("HZ-1", "a"),
        ]);
        const [kept, stamped] = await store.readStream("HZ-1");
        expect(kept?.recordedAt).toBe("2023-03-01T02:05:11.120Z");
        expect(isInstant(stamped?.recordedAt ?? "")).toBe(true);
        expect(verifyStream(await store.readStream("HZ-1"))).toEqual([]);
      });

      it("is not changed when the caller later changes the objects it appended", async () => {
        const event = sampleProgress("HZ-1", "original");
        await store.appendToStream("HZ-1", [event]);
        (event.data as { note: string }).note = "tampered";
        (event.actor as { id: string }).id = "someone-else";
        const [stored] = await store.readStream("HZ-1");
        expect(stored?.type === "ProgressReported" && stored.data.note).toBe("original");
        expect(stored?.actor.id).toBe("u-1001");
        expect(verifyStream(await store.readStream("HZ-1"))).toEqual([]);
      });
    });

    describe("reading a stream", () => {
      it("reads a range with both ends inclusive", async () => {
        await seed("HZ-1", 10);
        expect(seqs(await store.readStream("HZ-1", { fromRevision: 3, toRevision: 6 }))).toEqual([
          3, 4, 5, 6,
        ]);
        expect(seqs(await store.readStream("HZ-1", { fromRevision: 4, toRevision: 4 }))).toEqual([4]);
        expect(seqs(await store.readStream("HZ-1", { fromRevision: 7 }))).toEqual([7, 8, 9]);
        expect(seqs(await store.readStream("HZ-1", { toRevision: 2 }))).toEqual([0, 1, 2]);
      });

      it("cuts a range at the end of the stream and reads one past it as empty", async () => {
        await seed("HZ-1", 5);
        expect(seqs(await store.readStream("HZ-1", { fromRevision: 3, toRevision: 99 }))).toEqual([3, 4]);
        expect(await store.readStream("HZ-1", { fromRevision: 5 })).toEqual([]);
        expect(await store.readStream("HZ-1", { fromRevision: 50, toRevision: 60 })).toEqual([]);
        expect(await store.readStream("HZ-1", { fromRevision: 3, toRevision: 2 })).toEqual([]);
      });

      it("reads an unknown hazard as an empty array", async () => {
        await seed("HZ-1", 2);
        expect(await store.readStream("HZ-404")).toEqual([]);
        expect(await store.readStream("HZ-404", { fromRevision: 0, toRevision: 3 })).toEqual([]);
      });
    });

    describe("the global log", () => {
      it("reads every event in commit order, each stream in its own order", async () => {
        await store.appendToStream("HZ-A", [sampleReported("HZ-A")]);
        await store.appendToStream("HZ-B", [sampleReported("HZ-B"), sampleProgress("HZ-B", "b1")]);
        await store.appendToStream("HZ-A", [sampleProgress("HZ-A", "a1")]);
        await store.appendToStream("HZ-C", [sampleReported("HZ-C")]);
        await store.appendToStream("HZ-B", [sampleProgress("HZ-B", "b2")]);
        const all = await collect(store.readAll());
        expect(all.map((e) => `${e.hazardId}/${e.seq}`)).toEqual([
          "HZ-A/0",
          "HZ-B/0",
          "HZ-B/1",
          "HZ-A/1",
          "HZ-C/0",
          "HZ-B/2",
        ]);
        for (let i = 1; i < all.length; i++)
          expect(
            (all[i] as RecordedHazardEvent).position > (all[i - 1] as RecordedHazardEvent).position,
          ).toBe(true);
        const streamB = await store.readStream("HZ-B");
        expect(all.filter((e) => e.hazardId === "HZ-B")).toEqual(streamB);
      });

      it("resumes strictly after a position", async () => {
        for (const h of ["HZ-A", "HZ-B", "HZ-C"]) await seed(h, 2);
        const all = await collect(store.readAll());
        for (let k = 0; k < all.length; k++) {
          const after = (all[k] as RecordedHazardEvent).position;
          expect(await collect(store.readAll({ after }))).toEqual(all.slice(k + 1));
        }
        expect(await collect(store.readAll({}))).toEqual(all);
      });

      it("reads an empty store as nothing", async () => {
        expect(await collect(store.readAll())).toEqual([]);
      });
    });

    describe("appendBatch", () => {
      const threeStreams = (): StreamAppend[] => [
        { hazardId: "HZ-1", events: sampleProgressEvents("HZ-1", 2), expectedRevision: 0 },
        { hazardId: "HZ-2", events: [sampleReported("HZ-2")], expectedRevision: "no_stream" },
        { hazardId: "HZ-3", events: [sampleReported("HZ-3"), sampleProgress("HZ-3", "x")] },
      ];
      for (const [kind, source] of [
        ["an array", (a: StreamAppend[]) => a],
        ["an async iterable", (a: StreamAppend[]) => streamed(a)],
        [
          "a sync generator",
          function* (a: StreamAppend[]) {
            yield* a;
          },
        ],
      ] as const)
        it(`writes every append of ${kind}, in order, and answers with counts and revisions`, async () => {
          await seed("HZ-1", 1);
          const result = right(await store.appendBatch(source(threeStreams())));
          const all = await collect(store.readAll());
          expect(result).toEqual({
            appended: 5,
            streams: 3,
            lastPosition: all[all.length - 1]?.position,
            nextExpectedRevisions: new Map([
              ["HZ-1", 2],
              ["HZ-2", 0],
              ["HZ-3", 1],
            ]),
          });
          expect(all.slice(1).map((e) => `${e.hazardId}/${e.seq}`)).toEqual([
            "HZ-1/1",
            "HZ-1/2",
            "HZ-2/0",
            "HZ-3/0",
            "HZ-3/1",
          ]);
          for (const h of ["HZ-1", "HZ-2", "HZ-3"])
            expect(verifyStream(await store.readStream(h))).toEqual([]);
        });

      it("chains the same stream named several times in one batch", async () => {
        const result = right(
          await store.appendBatch(
            streamed([
              { hazardId: "HZ-1", events: [sampleReported("HZ-1")], expectedRevision: "no_stream" },
              { hazardId: "HZ-2", events: [sampleReported("HZ-2")], expectedRevision: "no_stream" },
              { hazardId: "HZ-1", events: sampleProgressEvents("HZ-1", 2), expectedRevision: 0 },
              { hazardId: "HZ-1", events: [sampleProgress("HZ-1", "last")], expectedRevision: 2 },
            ]),
          ),
        );
        expect(result.nextExpectedRevisions.get("HZ-1")).toBe(3);
        const stream = await store.readStream("HZ-1");
        expect(seqs(stream)).toEqual([0, 1, 2, 3]);
        expect(verifyStream(stream)).toEqual([]);
      });

      it("writes nothing, and answers with no position, for an empty batch", async () => {
        expect(right(await store.appendBatch(streamed([])))).toEqual({
          appended: 0,
          streams: 0,
          lastPosition: null,
          nextExpectedRevisions: new Map(),
        });
        expect(await collect(store.readAll())).toEqual([]);
      });

      it("pulls the source lazily: a refused append stops the pulling, and the source is closed", async () => {
        let pulled = 0;
        let closed = false;
        const appends = Array.from({ length: 1000 }, (_, i) => ({
          hazardId: `HZ-${i}`,
          events: [sampleReported(`HZ-${i}`)],
          expectedRevision: i === 3 ? 9 : ("no_stream" as const),
        }));
        const source = (async function* () {
          try {
            yield* streamed(appends, (n) => (pulled = n));
          } finally {
            closed = true;
          }
        })();
        expect(left(await store.appendBatch(source))).toMatchObject({ hazardId: "HZ-3" });
        expect(pulled).toBe(4);
        expect(closed).toBe(true);
      });

      it.skipIf(!atomicStreamedBatch)(
        "stores nothing, and rejects with the source's own error, when the source throws midway",
        async () => {
          await seed("HZ-1", 1);
          const broken = new Error("the source broke");
          const source = (async function* () {
            yield* streamed(threeStreams());
            yield* streamed(
              Array.from({ length: 200 }, (_, i) => ({
                hazardId: `HZ-x${i}`,
                events: sampleProgressEvents(`HZ-x${i}`, 20),
              })),
            );
            throw broken;
          })();
          await expect(store.appendBatch(source)).rejects.toBe(broken);
          expect(await collect(store.readAll())).toHaveLength(1);
          expect(await store.streamRevision("HZ-2")).toBe("no_stream");
          // The store goes on as if the batch never was.
          right(await store.appendBatch(streamed(threeStreams())));
          const all = await collect(store.readAll());
          expect(all).toHaveLength(6);
          expect(verifyStream(await store.readStream("HZ-1"))).toEqual([]);
        },
      );

      it.skipIf(!atomicStreamedBatch)(
        "stores nothing when an expected revision fails midway through a streamed batch",
        async () => {
          await seed("HZ-1", 1);
          const appends: StreamAppend[] = [
            ...threeStreams(),
            ...Array.from({ length: 100 }, (_, i) => ({
              hazardId: `HZ-x${i}`,
              events: sampleProgressEvents(`HZ-x${i}`, 10),
            })),
            { hazardId: "HZ-2", events: [sampleProgress("HZ-2", "late")], expectedRevision: 5 },
            { hazardId: "HZ-4", events: [sampleReported("HZ-4")] },
          ];
          expect(left(await store.appendBatch(streamed(appends)))).toMatchObject({
            code: "WRONG_EXPECTED_REVISION",
            hazardId: "HZ-2",
            actual: 0,
          });
          expect(await collect(store.readAll())).toHaveLength(1);
          for (const h of ["HZ-2", "HZ-3", "HZ-x0", "HZ-4"])
            expect(await store.streamRevision(h)).toBe("no_stream");
        },
      );

      it("writes nothing at all when one expected revision fails, wherever it is in the batch", async () => {
        await seed("HZ-1", 2);
        for (const failing of [0, 1, 2]) {
          const appends = [
            { hazardId: "HZ-2", events: [sampleReported("HZ-2")], expectedRevision: "no_stream" as const },
            { hazardId: "HZ-1", events: [sampleProgress("HZ-1", "x")], expectedRevision: 1 },
            { hazardId: "HZ-3", events: [sampleReported("HZ-3")], expectedRevision: "no_stream" as const },
          ].map((a, i) => (i === failing ? { ...a, expectedRevision: 5 } : a));
          const error = left(await store.appendBatch(appends));
          expect(error).toMatchObject({
            code: "WRONG_EXPECTED_REVISION",
            hazardId: appends[failing]?.hazardId,
          });
          expect(await store.streamRevision("HZ-1")).toBe(1);
          expect(await store.streamRevision("HZ-2")).toBe("no_stream");
          expect(await store.streamRevision("HZ-3")).toBe("no_stream");
          expect(await collect(store.readAll())).toHaveLength(2);
        }
      });

      it("writes nothing at all when one append is malformed", async () => {
        const error = left(
          await store.appendBatch([
            { hazardId: "HZ-1", events: [sampleReported("HZ-1")] },
            { hazardId: "HZ-2", events: [sampleReported("HZ-1")] },
          ]),
        );
        expect(error).toMatchObject({ code: "INVALID_APPEND", hazardId: "HZ-2" });
        expect(await collect(store.readAll())).toEqual([]);
      });
    });

    describe("subscriptions", () => {
      it("delivers the past, then live events, in the order of the log", async () => {
        await seed("HZ-1", 2);
        await seed("HZ-2", 1);
        const subscription = store.subscribe();
        const iterator = subscription[Symbol.asyncIterator]();
        const past = await take(iterator, 3);
        expect(past).toEqual(await collect(store.readAll()));
        const live = take(iterator, 3);
        await store.appendToStream("HZ-1", [sampleProgress("HZ-1", "live-1")]);
        await store.appendBatch([
          { hazardId: "HZ-3", events: [sampleReported("HZ-3")] },
          { hazardId: "HZ-2", events: [sampleProgress("HZ-2", "live-2")] },
        ]);
        expect((await live).map((e) => `${e.hazardId}/${e.seq}`)).toEqual(["HZ-1/2", "HZ-3/0", "HZ-2/1"]);
        expect([...past, ...(await live)]).toEqual(await collect(store.readAll()));
        await subscription.close();
      });

      it("resumes after a checkpoint position", async () => {
        await seed("HZ-1", 3);
        const all = await collect(store.readAll());
        const checkpoint = (all[1] as RecordedHazardEvent).position;
        const subscription = store.subscribe({ after: checkpoint });
        const iterator = subscription[Symbol.asyncIterator]();
        expect(await take(iterator, 1)).toEqual([all[2]]);
        await store.appendToStream("HZ-2", [sampleReported("HZ-2")]);
        const [next] = await take(iterator, 1);
        expect(next?.hazardId).toBe("HZ-2");
        expect((next as RecordedHazardEvent).position > checkpoint).toBe(true);
        await subscription.close();
      });

      it("ends the iteration on close, releasing a waiting next()", async () => {
        await seed("HZ-1", 1);
        const subscription = store.subscribe();
        const iterator = subscription[Symbol.asyncIterator]();
        await take(iterator, 1);
        const waiting = iterator.next();
        await subscription.close();
        expect(await waiting).toMatchObject({ done: true });
        expect(await iterator.next()).toMatchObject({ done: true });
      });

      it("ends a for-await loop on close", async () => {
        await seed("HZ-1", 2);
        const subscription = store.subscribe();
        const seen: RecordedHazardEvent[] = [];
        const loop = (async () => {
          for await (const e of subscription) {
            seen.push(e);
            if (seen.length === 3) await subscription.close();
          }
        })();
        await store.appendToStream("HZ-1", [sampleProgress("HZ-1", "live")]);
        await loop;
        expect(seqs(seen)).toEqual([0, 1, 2]);
      });
    });

    describe("concurrency", () => {
      it(
        "lets exactly one of many appends expecting the same revision win",
        async () => {
          await seed("HZ-1", 1);
          for (let round = 0; round < 3; round++) {
            const revision = round;
            const results = await Promise.all(
              range(1, racingWriters).map((w) =>
                store.appendToStream("HZ-1", [sampleProgress("HZ-1", `r${round}w${w}`)], {
                  expectedRevision: revision,
                }),
              ),
            );
            const winners = results.filter(E.isRight);
            expect(winners).toHaveLength(1);
            for (const loser of results.filter(E.isLeft))
              expect(loser.left).toMatchObject({ code: "WRONG_EXPECTED_REVISION", actual: revision + 1 });
          }
          const stream = await store.readStream("HZ-1");
          expect(seqs(stream)).toEqual([0, 1, 2, 3]);
          expect(verifyStream(stream)).toEqual([]);
        },
        timeout,
      );

      it(
        "loses no event when writers race with exact revisions and retry",
        async () => {
          await seed("HZ-1", 1);
          const writer = async (w: number): Promise<void> => {
            for (let n = 0; n < appendsPerWriter; n++) {
              for (;;) {
                const revision = await store.streamRevision("HZ-1");
                const result = await store.appendToStream("HZ-1", [sampleProgress("HZ-1", `w${w}n${n}`)], {
                  expectedRevision: revision,
                });
                if (E.isRight(result)) break;
                expect(result.left.code).toBe("WRONG_EXPECTED_REVISION");
              }
            }
          };
          await Promise.all(range(1, racingWriters).map(writer));
          const stream = await store.readStream("HZ-1");
          const total = racingWriters * appendsPerWriter;
          expect(seqs(stream)).toEqual(range(0, total));
          expect(new Set(notes(stream.slice(1))).size).toBe(total);
          for (let w = 1; w <= racingWriters; w++) {
            const own = notes(stream).filter((n) => n.startsWith(`w${w}n`));
            expect(own).toEqual(range(0, appendsPerWriter - 1).map((n) => `w${w}n${n}`));
          }
          expect(verifyStream(stream)).toEqual([]);
        },
        timeout,
      );

      it(
        "writes racing appends to different streams without conflict, in one total order",
        async () => {
          const hazards = range(1, racingWriters).map((w) => `HZ-${w}`);
          await Promise.all(
            hazards.map(async (h) => {
              right(await store.appendToStream(h, [sampleReported(h)], { expectedRevision: "no_stream" }));
              for (let n = 0; n < appendsPerWriter; n++)
                right(await store.appendToStream(h, [sampleProgress(h, `n${n}`)], { expectedRevision: n }));
            }),
          );
          const all = await collect(store.readAll());
          expect(all).toHaveLength(hazards.length * (appendsPerWriter + 1));
          expect(new Set(all.map((e) => e.position)).size).toBe(all.length);
          for (const h of hazards) {
            const stream = await store.readStream(h);
            expect(seqs(stream)).toEqual(range(0, appendsPerWriter));
            expect(all.filter((e) => e.hazardId === h)).toEqual(stream);
          }
        },
        timeout,
      );
    });

    describe("a long stream", () => {
      it(
        `reads ${longStreamEvents} events back in order, and any range of them`,
        async () => {
          let revision: number | "no_stream" = "no_stream";
          for (let from = 0; from < longStreamEvents; from += longStreamChunk) {
            const count = Math.min(longStreamChunk, longStreamEvents - from);
            const events = Array.from({ length: count }, (_, i) =>
              from + i === 0 ? sampleReported("HZ-LONG") : sampleProgress("HZ-LONG", `${from + i}`),
            );
            revision = right(
              await store.appendToStream("HZ-LONG", events, { expectedRevision: revision }),
            ).nextExpectedRevision;
          }
          expect(revision).toBe(longStreamEvents - 1);
          expect(await store.streamRevision("HZ-LONG")).toBe(longStreamEvents - 1);
          const stream = await store.readStream("HZ-LONG");
          expect(stream).toHaveLength(longStreamEvents);
          stream.forEach((e, i) => {
            if (e.seq !== i) throw new Error(`event ${i} has seq ${e.seq}`);
            if (i > 0 && (e.type !== "ProgressReported" || e.data.note !== `${i}`))
              throw new Error(`event ${i} is not the one appended at ${i}`);
          });
          expect(verifyStream(stream)).toEqual([]);
          const middle = Math.floor(longStreamEvents / 2);
          expect(
            seqs(await store.readStream("HZ-LONG", { fromRevision: middle, toRevision: middle + 9 })),
          ).toEqual(range(middle, Math.min(middle + 9, longStreamEvents - 1)));
          expect(seqs(await store.readStream("HZ-LONG", { fromRevision: longStreamEvents - 3 }))).toEqual(
            range(longStreamEvents - 3, longStreamEvents - 1),
          );
          expect(await store.readStream("HZ-LONG", { fromRevision: longStreamEvents })).toEqual([]);
        },
        timeout,
      );
    });

    describe("commit time", () => {
      it("stamps every event with its transaction's commit time, the same across one write, never decreasing in log order", async () => {
        right(
          await store.appendToStream("HZ-1", [sampleReported("HZ-1"), ...sampleProgressEvents("HZ-1", 2)]),
        );
        right(
          await store.appendBatch([
            { hazardId: "HZ-2", events: [sampleReported("HZ-2")] },
            { hazardId: "HZ-1", events: sampleProgressEvents("HZ-1", 1, "q") },
          ]),
        );
        right(await store.appendToStream("HZ-2", sampleProgressEvents("HZ-2", 1)));
        const all = await collect(store.readAll());
        const times = all.map((e) => e.committedAt);
        for (const t of times) expect(typeof t === "string" && isInstant(t)).toBe(true);
        const millis = times.map((t) => Date.parse(t as string));
        expect(millis).toEqual([...millis].sort((a, b) => a - b));
        // One write, one commit time: the append's three events, then the batch's two.
        expect(new Set(times.slice(0, 3)).size).toBe(1);
        if (batchIsOneWrite) expect(new Set(times.slice(3, 5)).size).toBe(1);
        expect((await store.readStream("HZ-1")).map((e) => e.committedAt)).toEqual(
          all.filter((e) => e.hazardId === "HZ-1").map((e) => e.committedAt),
        );
        expect(await store.lastCommittedAt()).toBe(times[times.length - 1]);
      });

      it("has no last commit time while empty", async () => {
        expect(await store.lastCommittedAt()).toBeUndefined();
      });

      it("leaves commit time and backfill out of the event's hash", async () => {
        right(
          await store.appendToStream("HZ-1", [sampleReported("HZ-1"), ...sampleProgressEvents("HZ-1", 2)]),
        );
        expect(verifyStream(await store.readStream("HZ-1"))).toEqual([]);
      });
    });

    describe.runIf(checksBackfills)("backfill", () => {
      /** Recorded long before any commit of a test run. */
      const backdated = (hazardId: string, note: string) =>
        sampleProgress(hazardId, note, { recordedAt: "2001-01-01T00:00:00Z" });

      it("refuses a write recorded before the last commit unless it allows a backfill, and stores nothing", async () => {
        await seed("HZ-1", 1);
        const before = await collect(store.readAll());
        const refused = left(await store.appendToStream("HZ-1", [backdated("HZ-1", "late")]));
        expect(refused).toMatchObject({ code: "BACKFILL_REFUSED", hazardId: "HZ-1", seq: 1 });
        expect(refused.message).toMatch(/^HZ-1 seq 1: recordedAt 2001-01-01T00:00:00Z is before/);
        const batch = left(
          await store.appendBatch(
            streamed([
              { hazardId: "HZ-2", events: [sampleReported("HZ-2")] },
              { hazardId: "HZ-1", events: [backdated("HZ-1", "late")] },
            ]),
          ),
        );
        expect(batch.code).toBe("BACKFILL_REFUSED");
        expect(await collect(store.readAll())).toEqual(before);
      });

      it("stores an allowed backfill marked as such, and only the backdated events", async () => {
        await seed("HZ-1", 1);
        right(
          await store.appendBatch(
            [{ hazardId: "HZ-1", events: [backdated("HZ-1", "late"), sampleProgress("HZ-1", "now")] }],
            { backfill: true },
          ),
        );
        const stream = await store.readStream("HZ-1");
        expect(stream.map((e) => e.backfill)).toEqual([undefined, true, undefined]);
        expect((await collect(store.readAll())).map((e) => e.backfill)).toEqual([undefined, true, undefined]);
        expect(verifyStream(stream)).toEqual([]);
      });

      it("takes the first write of an empty ledger, however old, as no backfill; the backfill option changes nothing on a write that is not one", async () => {
        right(
          await store.appendToStream("HZ-1", [
            sampleReported("HZ-1", { recordedAt: "2001-01-01T00:00:00Z" }),
          ]),
        );
        right(await store.appendToStream("HZ-1", [sampleProgress("HZ-1", "now")], { backfill: true }));
        expect((await store.readStream("HZ-1")).map((e) => e.backfill)).toEqual([undefined, undefined]);
      });
    });

    describe("the ledger digest", () => {
      /**
       * Three hazards' events interleaved, each bringing its own recordedAt (as an import does),
       * so that the log, and its digest, are the same in every store: the expected chain hashes
       * are sealed here, by the core, independently of the store.
       */
      const knownLog = (): { appends: StreamAppend[]; hashes: string[] } => {
        const appends: StreamAppend[] = [];
        const hashes: string[] = [];
        const last = new Map<string, { seq: number; hash: string }>();
        for (let round = 0; round < 4; round++)
          for (const [i, hazardId] of ["HZ-D1", "HZ-D2", "HZ-D3"].entries()) {
            const recordedAt = `2024-01-0${round + 1}T00:0${i}:00.000Z`;
            const event =
              round === 0
                ? sampleReported(hazardId, { recordedAt })
                : sampleProgress(hazardId, `round ${round}`, { recordedAt });
            const before = last.get(hazardId);
            const sealed = sealEvent(event, {
              seq: before === undefined ? 0 : before.seq + 1,
              recordedAt,
              prevHash: before?.hash ?? GENESIS_HASH,
              schemaVersion: CURRENT_SCHEMA_VERSIONS[event.type],
            });
            last.set(hazardId, { seq: sealed.seq, hash: sealed.hash });
            hashes.push(sealed.hash);
            appends.push({ hazardId, events: [event] });
          }
        return { appends, hashes };
      };

      const treeOf = (hashes: readonly string[]) => {
        const tree = ledgerTreeOf(DEFAULT_HASH_ALGORITHM, hashes);
        if (E.isLeft(tree)) throw new Error(tree.left.message);
        return tree.right;
      };
      const hashesOf = async (): Promise<string[]> => (await collect(store.readAll())).map((e) => e.hash);
      const digestOf = async (upTo?: number) => {
        const answer = await store.ledgerDigest(upTo);
        if (E.isLeft(answer)) throw new Error(`expected a digest, got ${answer.left.message}`);
        return answer.right;
      };

      it("is the RFC 9162 tree hash of the empty log for a new store", async () => {
        expect(await digestOf()).toEqual({
          ...ledgerDigestOf(DEFAULT_HASH_ALGORITHM, []),
          committedAt: null,
          frontier: [],
        });
      });

      it("of the first N events, for every N, is the same for the same log in every store", async () => {
        const { appends, hashes } = knownLog();
        right(await store.appendBatch(appends));
        expect(await hashesOf()).toEqual(hashes);
        for (let n = 0; n <= hashes.length; n++)
          expect(await digestOf(n)).toMatchObject(ledgerDigestOf(DEFAULT_HASH_ALGORITHM, hashes.slice(0, n)));
        const whole = await digestOf();
        expect(whole).toMatchObject({
          events: hashes.length,
          digest: ledgerDigestOf("sha256", hashes).digest,
        });
        expect(whole.frontier).toEqual(treeOf(hashes).frontier());
        expect(whole.committedAt).toBe((await collect(store.readAll())).at(-1)?.committedAt ?? null);
        expect(await store.ledgerDigest(hashes.length + 1)).toMatchObject(
          E.left({ code: "DIGEST_BEYOND_LOG", events: hashes.length, asked: hashes.length + 1 }),
        );
      });

      it("is kept up through appends, batches, refusals and replays", async () => {
        const matchesLog = async () => {
          const hashes = await hashesOf();
          expect(await digestOf()).toMatchObject(ledgerDigestOf(DEFAULT_HASH_ALGORITHM, hashes));
        };
        await matchesLog();
        right(await store.appendToStream("HZ-1", [sampleReported("HZ-1", { commandId: "c-1" })]));
        await matchesLog();
        right(
          await store.appendBatch([
            { hazardId: "HZ-2", events: [sampleReported("HZ-2")] },
            { hazardId: "HZ-1", events: sampleProgressEvents("HZ-1", 3) },
          ]),
        );
        await matchesLog();
        const before = await digestOf();
        left(await store.appendToStream("HZ-1", [sampleProgress("HZ-1", "late")], { expectedRevision: 0 }));
        right(await store.appendToStream("HZ-1", [sampleReported("HZ-1", { commandId: "c-1" })]));
        expect(await digestOf()).toEqual(before);
        right(await store.appendToStream("HZ-3", [sampleReported("HZ-3")]));
        await matchesLog();
        expect((await digestOf()).events).toBe(6);
      });

      it("proves every event included, and the log consistent with its earlier digests", async () => {
        const { appends, hashes } = knownLog();
        const earlier = [];
        for (const append of appends) {
          // Recorded in 2024, so every write after the first is a backfill.
          right(await store.appendBatch([append], { backfill: true }));
          earlier.push(await digestOf());
        }
        expect(await hashesOf()).toEqual(hashes);
        const now = await digestOf();
        const tree = treeOf(hashes);
        hashes.forEach((hash, i) => {
          const proof = tree.inclusionProof(i);
          expect(E.flatMap(proof, (p) => verifyInclusion(p, hash, now.digest))).toEqual(E.right(true));
        });
        for (const then of earlier) {
          const proof = tree.consistencyProof(then.events);
          expect(E.flatMap(proof, (p) => verifyConsistency(p, then.digest, now.digest))).toEqual(
            E.right(true),
          );
        }
        const other = hashes.slice();
        other[3] = hashes[4] as string;
        const wrong = tree.inclusionProof(3);
        expect(E.isLeft(E.flatMap(wrong, (p) => verifyInclusion(p, other[3] as string, now.digest)))).toBe(
          true,
        );
      });
    });

    describe("the ledger's settings", () => {
      const settings = {
        timeZone: "Asia/Shanghai",
        hashAlgorithm: "sha256",
        createdBy: "init",
        createdAt: "2026-01-01T00:00:00.000Z",
      } as const;

      it("has none in a new store, keeps the first it is given, and never changes them", async () => {
        expect(await store.ledgerSettings()).toBeUndefined();
        expect(await store.initLedger(settings)).toEqual(settings);
        expect(await store.initLedger({ ...settings, timeZone: "UTC", createdBy: "import" })).toEqual(
          settings,
        );
        expect(await store.ledgerSettings()).toEqual(settings);
      });

      it("keeps them beside the events, which they do not change", async () => {
        await seed("HZ-1", 2);
        await store.initLedger(settings);
        expect((await store.readStream("HZ-1")).length).toBe(2);
        expect(await store.ledgerSettings()).toEqual(settings);
      });
    });

    describe("closing", () => {
      it("fails operations on a closed store as a rejected promise, not as a Left", async () => {
        const closing = await factory();
        await closing.appendToStream("HZ-1", [sampleReported("HZ-1")]);
        await closing.close();
        await expect(closing.appendToStream("HZ-1", [sampleProgress("HZ-1", "late")])).rejects.toThrow();
        await expect(closing.readStream("HZ-1")).rejects.toThrow();
      });

      it("ends a subscription when the store is closed", async () => {
        const closing = await factory();
        await closing.appendToStream("HZ-1", [sampleReported("HZ-1")]);
        const iterator = closing.subscribe()[Symbol.asyncIterator]();
        await take(iterator, 1);
        const waiting = iterator.next();
        await closing.close();
        expect(await waiting).toMatchObject({ done: true });
      });
    });
  });
};
