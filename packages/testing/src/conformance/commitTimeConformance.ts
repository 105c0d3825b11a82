import { verifyStream, Instant } from "@hazard-ledger/core";
import { describe, expect, it } from "vitest";
import { sampleProgress, sampleProgressEvents, sampleReported } from "../samples/sampleEvents.js";
import {
  right,
  left,
  collect,
  streamed,
  seedStream,
  type ConformanceFeature,
  conformanceFeature,
} from "./conformanceSupport.js";

/**
 * Commit time: one per write, never decreasing in log order, outside the hash; backfills refused unless allowed, then marked.
 */
export const describeCommitTimeConformance: ConformanceFeature = conformanceFeature(
  "commit time and backfills",
  (store, { batchIsOneWrite, checksBackfills }) => {
    const seed = (hazardId: string, count: number) => seedStream(store, hazardId, count);

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
        for (const t of times) expect(typeof t === "string" && Instant.is(t)).toBe(true);
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
  },
);
