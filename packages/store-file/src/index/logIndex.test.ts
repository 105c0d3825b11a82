import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LogIndex } from "./logIndex.js";

describe("the log index", () => {
  it("finds every range of every stream as a scan of the log would", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom("A", "B", "C", "D"), { maxLength: 300 }),
        fc.nat({ max: 3 }),
        fc.nat({ max: 120 }),
        fc.nat({ max: 120 }),
        (log, which, from, span) => {
          const index = new LogIndex();
          index.addSegment();
          const seqs = new Map<string, number>();
          log.forEach((h, position) => {
            const seq = seqs.get(h) ?? 0;
            expect(index.add(h, seq, position, position * 10)).toBeUndefined();
            seqs.set(h, seq + 1);
          });
          const hazard = ["A", "B", "C", "D"][which] as string;
          const expected = log
            .map((h, position) => ({ h, position }))
            .filter((x) => x.h === hazard)
            .map((x) => x.position)
            .slice(from, from + span + 1);
          const saved = LogIndex.deserialize(index.serialize());
          if (typeof saved === "string") throw new Error(saved);
          for (const i of [index, saved]) {
            expect(i.streamPositions(hazard, from, from + span)).toEqual(expected);
            expect(i.streamLengthOf(hazard)).toBe(seqs.get(hazard) ?? 0);
          }
          expect(saved.size).toBe(index.size);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("refuses an event out of order", () => {
    const index = new LogIndex();
    index.addSegment();
    expect(index.add("A", 0, 0, 16)).toBeUndefined();
    expect(index.add("A", 2, 1, 100)).toMatch(/A seq 2 where seq 1 was expected/);
    expect(index.add("B", 0, 5, 100)).toMatch(/position 5 where 1 was expected/);
  });

  it("locates positions in their segments", () => {
    const index = new LogIndex();
    index.addSegment();
    index.add("A", 0, 0, 16);
    index.add("A", 1, 1, 116);
    index.addSegment();
    index.addSegment();
    index.add("A", 2, 2, 16);
    expect(index.locate(1)).toEqual({ segment: 0, offset: 116 });
    expect(index.locate(2)).toEqual({ segment: 2, offset: 16 });
  });
});
