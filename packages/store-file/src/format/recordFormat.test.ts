import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  FLAG_COMMIT,
  FLAG_COMMIT_TIME,
  encodeRecord,
  isHeaderProblem,
  payloadIntact,
  payloadOf,
  readRecordHeader,
} from "./recordFormat.js";

const hazardId = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/);

describe("the record format", () => {
  it("reads back what it framed", () => {
    fc.assert(
      fc.property(
        hazardId,
        fc.nat(),
        fc.nat({ max: Number.MAX_SAFE_INTEGER }),
        fc.constantFrom(0, 1, 2, 3),
        fc.string(),
        (id, seq, position, flags, text) => {
          const payload = Buffer.from(text, "utf8");
          const buf = encodeRecord({ hazardId: id, seq, position, flags, payload });
          const h = readRecordHeader(buf, 0, buf.length);
          if (isHeaderProblem(h)) throw new Error(h.kind);
          expect(h).toMatchObject({ hazardId: id, seq, position, flags, length: buf.length });
          expect(payloadIntact(buf, 0, h)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("reads back a commit time, and the hazard id after it; a record without one reads as before", () => {
    fc.assert(
      fc.property(hazardId, fc.nat({ max: 2 ** 45 }), fc.string(), (id, committedAt, text) => {
        const payload = Buffer.from(text, "utf8");
        const withTime = encodeRecord({
          hazardId: id,
          seq: 1,
          position: 2,
          flags: FLAG_COMMIT,
          committedAt,
          payload,
        });
        const h = readRecordHeader(withTime, 0, withTime.length);
        if (isHeaderProblem(h)) throw new Error(h.kind);
        expect(h).toMatchObject({ hazardId: id, committedAt, flags: FLAG_COMMIT | FLAG_COMMIT_TIME });
        expect(payloadOf(withTime, 0, h).toString("utf8")).toBe(payload.toString("utf8"));
        const without = encodeRecord({ hazardId: id, seq: 1, position: 2, flags: FLAG_COMMIT, payload });
        expect(without.length).toBe(withTime.length - 8);
        expect(readRecordHeader(without, 0, without.length)).toMatchObject({
          hazardId: id,
          committedAt: undefined,
        });
      }),
      { numRuns: 200 },
    );
  });

  it("tells a record cut short from a damaged one", () => {
    const buf = encodeRecord({
      hazardId: "HZ-1",
      seq: 3,
      position: 9,
      flags: FLAG_COMMIT,
      payload: Buffer.from("{}"),
    });
    fc.assert(
      fc.property(fc.nat({ max: buf.length - 1 }), (cut) => {
        const h = readRecordHeader(buf, 0, cut);
        expect(isHeaderProblem(h) && h.kind).toBe("incomplete");
      }),
      { numRuns: 200 },
    );
    const damaged = Buffer.from(buf);
    damaged[9] = (damaged[9] as number) ^ 0x10;
    const h = readRecordHeader(damaged, 0, damaged.length);
    expect(isHeaderProblem(h) && h.kind).toBe("bad_header");
  });
});
