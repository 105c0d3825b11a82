import { hash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Ledger, type LedgerBuilder, foldLedger } from "../ledger/ledger.js";
import { arbHistory } from "../ledger/randomHistory.fixture.js";
import { ledgerFromSnapshotBytes, snapshotBytes } from "./ledgerSnapshot.js";

const folded = (events: Parameters<typeof foldLedger>[0]): LedgerBuilder => {
  const ledger = foldLedger(events);
  if (ledger._tag === "Left") throw new Error(ledger.left.message);
  return ledger.right;
};
const withPositions = fc
  .tuple(arbHistory(10), fc.bigInt({ min: 0n, max: 2n ** 40n }))
  .map(([events, base]) => folded(events.map((e, i) => ({ ...e, position: base + BigInt(i) }))));

const extras = {
  tip: { hazardId: "HZ-1", seq: 3, hash: "ab".repeat(32) },
  frontier: null,
  backfills: [
    {
      committedAt: "2024-03-01T08:00:00.000Z",
      recordedMillis: [Date.UTC(2024, 0, 5), Date.UTC(2023, 11, 31)],
    },
  ],
};
const contentOf = (ledger: Ledger) => ({
  position: ledger.position,
  eventCount: ledger.eventCount,
  hazards: [...ledger.hazards].map(([id, e]) => [id, e.state, e.lastRecordedAt, e.cut]),
});
const restored = (bytes: Uint8Array) => ledgerFromSnapshotBytes(bytes, "test");

/** What a forger who rewrites the checksum too would write: the bytes with `edit` applied. */
const reSealed = (bytes: Uint8Array, edit: (body: Buffer) => void): Buffer => {
  const copy = Buffer.from(bytes);
  edit(copy.subarray(40));
  hash("sha256", copy.subarray(40), "buffer").copy(copy, 8);
  return copy;
};

describe("the ledger snapshot's bytes", () => {
  it("give back the ledger that was written, its last event and frontier", () => {
    fc.assert(
      fc.property(withPositions, (ledger) => {
        const back = restored(snapshotBytes(ledger, extras));
        expect(back._tag).toBe("Right");
        if (back._tag === "Left") return;
        expect(contentOf(back.right.ledger)).toEqual(contentOf(ledger));
        expect(back.right.tip).toEqual(extras.tip);
        expect(back.right.frontier).toBeNull();
        expect(back.right.backfills).toEqual(extras.backfills);
      }),
      { numRuns: 60 },
    );
  });

  it("restore a ledger the fold goes on from as if it had never stopped (shared values stay unchanged)", () => {
    fc.assert(
      fc.property(arbHistory(10), fc.nat(), (events, cut) => {
        const at = events.length === 0 ? 0 : cut % events.length;
        const back = restored(snapshotBytes(folded(events.slice(0, at))));
        if (back._tag === "Left") throw new Error(back.left.message);
        const again = restored(snapshotBytes(folded(events.slice(0, at))));
        const resumed = foldLedger(events.slice(at), undefined, back.right.ledger);
        expect(resumed._tag).toBe("Right");
        expect(contentOf(back.right.ledger)).toEqual(contentOf(folded(events)));
        // Another ledger restored from the same bytes is not moved by that fold.
        if (again._tag === "Right")
          expect(contentOf(again.right.ledger)).toEqual(contentOf(folded(events.slice(0, at))));
      }),
      { numRuns: 80 },
    );
  });

  it("saved again after more events (building on the bytes it came from), give the ledger of every event", () => {
    fc.assert(
      fc.property(arbHistory(10), fc.array(fc.nat(), { maxLength: 6 }), (events, cuts) => {
        const points = [...new Set(cuts.map((c) => (events.length === 0 ? 0 : c % events.length)))].sort(
          (x, y) => x - y,
        );
        let bytes = snapshotBytes(folded([]));
        let from = 0;
        for (const to of [...points, events.length]) {
          const back = restored(bytes);
          if (back._tag === "Left") throw new Error(back.left.message);
          const more = foldLedger(events.slice(from, to), undefined, back.right.ledger);
          if (more._tag === "Left") throw new Error(more.left.message);
          bytes = snapshotBytes(more.right);
          expect(contentOf(more.right)).toEqual(contentOf(folded(events.slice(0, to))));
          from = to;
        }
        const last = restored(bytes);
        expect(last._tag === "Right" && contentOf(last.right.ledger)).toEqual(contentOf(folded(events)));
      }),
      { numRuns: 100 },
    );
  });

  it("build on the bytes they came from when few hazards changed, with the same content", () => {
    // Thirty histories side by side: a ledger of many hazards, of which the last event changes one.
    const all = fc
      .sample(arbHistory(12), { numRuns: 30, seed: 5 })
      .flatMap((events, i) => events.map((e) => ({ ...e, hazardId: `${i}-${e.hazardId}` })));
    const back = restored(snapshotBytes(folded(all.slice(0, -1))));
    if (back._tag === "Left") throw new Error(back.left.message);
    const more = foldLedger(all.slice(-1), undefined, back.right.ledger);
    if (more._tag === "Left") throw new Error(more.left.message);
    const again = snapshotBytes(more.right);
    // Its changed hazard's values appended, not looked up: other bytes than a whole new table.
    expect(Buffer.from(again).equals(Buffer.from(snapshotBytes(folded(all))))).toBe(false);
    const last = restored(again);
    expect(last._tag === "Right" && contentOf(last.right.ledger)).toEqual(contentOf(folded(all)));
  });

  it("are refused when cut short, or when any byte changed", () => {
    fc.assert(
      fc.property(withPositions, fc.nat(), fc.integer({ min: 1, max: 255 }), (ledger, at, flip) => {
        const bytes = Buffer.from(snapshotBytes(ledger));
        expect(restored(bytes.subarray(0, at % bytes.length))._tag).toBe("Left");
        const changed = Buffer.from(bytes);
        const i = at % bytes.length;
        changed[i] = (changed[i] as number) ^ flip;
        expect(restored(changed)._tag).toBe("Left");
      }),
      { numRuns: 60 },
    );
  });

  it("are refused when a cell, checksum and all, is not of its field's type or not in the values", () => {
    const [ledger] = fc.sample(
      withPositions.filter((l) => l.hazards.size > 0),
      { numRuns: 1, seed: 9 },
    );
    const bytes = snapshotBytes(ledger as LedgerBuilder);
    const last = bytes.length - 40 - 4;
    // The last cell is the last hazard's finesFen; index 0 is its id, a string.
    const wrongType = restored(reSealed(bytes, (body) => body.writeUInt32LE(0, last)));
    expect(wrongType._tag === "Left" && wrongType.left.message).toMatch(/finesFen/);
    const outside = restored(reSealed(bytes, (body) => body.writeUInt32LE(2 ** 31, last)));
    expect(outside._tag === "Left" && outside.left.message).toMatch(/not in its table/);
  });

  it("of an earlier version (JSON text) or of nothing at all are refused", () => {
    for (const text of ['abc\n{"version":2,"hazards":[]}', "", "HLRM"])
      expect(restored(Buffer.from(text))._tag).toBe("Left");
  });
});
