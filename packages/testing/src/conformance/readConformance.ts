import { type RecordedHazardEvent, verifyStream } from "@hazard-ledger/core";
import { describe, expect, it } from "vitest";
import { sampleProgress, sampleReported } from "../samples/sampleEvents.js";
import {
  right,
  collect,
  seqs,
  range,
  seedStream,
  type ConformanceFeature,
  conformanceFeature,
} from "./conformanceSupport.js";

/**
 * Reads: a stream and its revision ranges, the global log and resuming after a position, a long stream.
 */
export const describeReadConformance: ConformanceFeature = conformanceFeature(
  "reads and ranges",
  (store, { longStreamEvents, longStreamChunk, timeout }) => {
    const seed = (hazardId: string, count: number) => seedStream(store, hazardId, count);

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
  },
);
