import { type StreamAppend, verifyStream } from "@hazard-ledger/core";
import { describe, expect, it } from "vitest";
import { sampleProgress, sampleProgressEvents, sampleReported } from "../samples/sampleEvents.js";
import {
  right,
  left,
  collect,
  seqs,
  streamed,
  seedStream,
  type ConformanceFeature,
  conformanceFeature,
} from "./conformanceSupport.js";

/**
 * `appendBatch`: one atomic write over several streams, from an array or a streamed source.
 */
export const describeBatchConformance: ConformanceFeature = conformanceFeature(
  "batches",
  (store, { atomicStreamedBatch }) => {
    const seed = (hazardId: string, count: number) => seedStream(store, hazardId, count);

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
  },
);
