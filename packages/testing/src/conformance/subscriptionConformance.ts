import { type RecordedHazardEvent } from "@hazard-ledger/core";
import { describe, expect, it } from "vitest";
import { sampleProgress, sampleReported } from "../samples/sampleEvents.js";
import {
  collect,
  take,
  seqs,
  seedStream,
  type ConformanceFeature,
  conformanceFeature,
} from "./conformanceSupport.js";

/**
 * Catch-up subscriptions: the past then live events in log order, resuming after a checkpoint, closing.
 */
export const describeSubscriptionConformance: ConformanceFeature = conformanceFeature(
  "subscriptions",
  (store) => {
    const seed = (hazardId: string, count: number) => seedStream(store, hazardId, count);

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
  },
);
