import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LogIndex } from "./logIndex.js";

describe("a deserialized index answers for hazards before and after it builds its map", () => {
  it("gives each hazard's stream, and none for an unknown one, whichever way it looks", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.string({
            unit: fc.integer({ min: 0x20, max: 0xff }).map((c) => String.fromCharCode(c)),
            minLength: 1,
            maxLength: 6,
          }),
          { minLength: 1, maxLength: 30 },
        ),
        fc.array(fc.nat(), { maxLength: 80 }),
        fc.array(fc.string({ maxLength: 6 }), { maxLength: 10 }),
        (ids, picks, strangers) => {
          const built = new LogIndex();
          built.addSegment();
          const seqs = new Map<string, number>();
          picks.forEach((pick, position) => {
            const id = ids[pick % ids.length] as string;
            const seq = seqs.get(id) ?? 0;
            expect(built.add(id, seq, position, position * 10)).toBeUndefined();
            seqs.set(id, seq + 1);
          });
          const read = LogIndex.deserialize(built.serialize());
          if (typeof read === "string") throw new Error(read);
          expect(read.hazardCount).toBe(built.hazardCount);
          // Ten rounds of questions: the first few scan the bytes, the rest use the map.
          for (let round = 0; round < 10; round++)
            for (const id of [...ids, ...strangers]) {
              expect(read.streamLengthOf(id), id).toBe(built.streamLengthOf(id));
              expect(read.streamPositions(id, 0, 1000)).toEqual(built.streamPositions(id, 0, 1000));
            }
        },
      ),
    );
  });
});
