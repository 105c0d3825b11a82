import {
  CURRENT_SCHEMA_VERSIONS,
  type NewHazardEvent,
  type StreamAppend,
  verifyStream,
  Instant,
} from "@hazard-ledger/core";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { sampleProgress, sampleProgressEvents, sampleReported } from "../samples/sampleEvents.js";
import {
  right,
  left,
  collect,
  notes,
  seqs,
  range,
  streamed,
  seedStream,
  type ConformanceFeature,
  conformanceFeature,
} from "./conformanceSupport.js";

/**
 * Appends to one stream: revisions, expected revisions (optimistic concurrency), malformed appends, idempotency by commandId, what a stored event holds, and racing writers.
 */
export const describeAppendConformance: ConformanceFeature = conformanceFeature(
  "appends and optimistic concurrency",
  (store, { racingWriters, appendsPerWriter, timeout, atomicStreamedBatch }) => {
    const seed = (hazardId: string, count: number) => seedStream(store, hazardId, count);

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
          expect(Instant.is(e.recordedAt)).toBe(true);
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
        expect(Instant.is(stamped?.recordedAt ?? "")).toBe(true);
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
  },
);
