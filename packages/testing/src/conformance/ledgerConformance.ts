import { describe, expect, it } from "vitest";
import { sampleProgress, sampleReported } from "../samples/sampleEvents.js";
import { take, seedStream, type ConformanceFeature, conformanceFeature } from "./conformanceSupport.js";

/**
 * The ledger's settings (kept once, never changed) and closing the store.
 */
export const describeLedgerConformance: ConformanceFeature = conformanceFeature(
  "ledger settings and closing",
  (store, _settings, factory) => {
    const seed = (hazardId: string, count: number) => seedStream(store, hazardId, count);

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
  },
);
