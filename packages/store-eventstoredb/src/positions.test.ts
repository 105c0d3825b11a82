import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodePosition, encodePosition, isKnownPosition } from "./positions.js";

const U64_MAX = (1n << 64n) - 1n;
const u64 = fc.bigInt({ min: 0n, max: U64_MAX });
const position = fc.record({ commit: u64, prepare: u64 });

const compareLexicographic = (
  a: { commit: bigint; prepare: bigint },
  b: { commit: bigint; prepare: bigint },
): number =>
  a.commit !== b.commit
    ? a.commit < b.commit
      ? -1
      : 1
    : a.prepare === b.prepare
      ? 0
      : a.prepare < b.prepare
        ? -1
        : 1;

const sign = (n: bigint): number => (n < 0n ? -1 : n > 0n ? 1 : 0);

describe("encodePosition / decodePosition", () => {
  it("round-trips every commit and prepare pair", () => {
    fc.assert(
      fc.property(position, (p) => {
        expect(decodePosition(encodePosition(p))).toEqual(p);
      }),
      { numRuns: 200 },
    );
  });

  it("orders encoded positions as the server orders $all: by commit, then by prepare", () => {
    fc.assert(
      fc.property(position, position, (a, b) => {
        expect(sign(encodePosition(a) - encodePosition(b))).toBe(compareLexicographic(a, b));
      }),
      { numRuns: 200 },
    );
  });

  it("orders a later commit after an earlier one whatever their prepare positions", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: U64_MAX - 1n }), u64, u64, (commit, p1, p2) => {
        expect(
          encodePosition({ commit, prepare: p1 }) < encodePosition({ commit: commit + 1n, prepare: p2 }),
        ).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it("keeps the extremes", () => {
    for (const p of [
      { commit: 0n, prepare: 0n },
      { commit: U64_MAX - 1n, prepare: U64_MAX - 1n },
      { commit: 0n, prepare: U64_MAX },
      { commit: U64_MAX, prepare: 0n },
    ])
      expect(decodePosition(encodePosition(p))).toEqual(p);
  });

  it("refuses halves outside 64 bits, naming them", () => {
    expect(() => encodePosition({ commit: -1n, prepare: 0n })).toThrow(/commit: -1.*out of range/);
    expect(() => encodePosition({ commit: 0n, prepare: U64_MAX + 1n })).toThrow(/out of range/);
  });

  it("refuses to decode what no encoding gives", () => {
    expect(() => decodePosition(-1n)).toThrow(/-1 is not an EventStoreDB position/);
    expect(() => decodePosition(1n << 128n)).toThrow(/not an EventStoreDB position/);
  });
});

describe("isKnownPosition", () => {
  it("treats an absent position or the pre-22.6 all-ones placeholder as unknown", () => {
    expect(isKnownPosition(undefined)).toBe(false);
    expect(isKnownPosition({ commit: U64_MAX, prepare: U64_MAX })).toBe(false);
    expect(isKnownPosition({ commit: 5n, prepare: 3n })).toBe(true);
  });
});
