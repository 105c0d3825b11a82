import { instantMillis } from "@hazard-ledger/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseInstantMillis } from "./instantMillis.js";

describe("parseInstantMillis", () => {
  it("agrees with core's luxon-based instantMillis on RFC 3339 instants", () => {
    const offset = fc
      .tuple(fc.constantFrom("+", "-"), fc.integer({ min: 0, max: 14 }), fc.constantFrom(0, 15, 30, 45))
      .map(([s, h, m]) => `${s}${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`);
    const fraction = fc.oneof(fc.constant(""), fc.stringMatching(/^\.\d{1,9}$/));
    fc.assert(
      fc.property(
        fc.date({
          min: new Date("1900-01-01T00:00:00Z"),
          max: new Date("2200-01-01T00:00:00Z"),
          noInvalidDate: true,
        }),
        fraction,
        fc.oneof(fc.constant("Z"), offset),
        (date, frac, zone) => {
          const instant = `${date.toISOString().slice(0, 19)}${frac}${zone}`;
          expect(parseInstantMillis(instant)).toBe(instantMillis(instant));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("parseInstantMillis's reader of the ledger's own shape", () => {
  /** What it answered before that reader: the runtime's parser, then luxon. */
  const general = (s: string): unknown => {
    try {
      const millis = Date.parse(s);
      return Number.isNaN(millis) ? instantMillis(s) : millis;
    } catch (e) {
      return e instanceof Error ? e.message : e;
    }
  };
  const answer = (s: string): unknown => {
    try {
      return parseInstantMillis(s);
    } catch (e) {
      return e instanceof Error ? e.message : e;
    }
  };
  const d = (n: number) => String(n).padStart(2, "0");
  // Near the shape: any two digits in every field (invalid days, hours and offsets too).
  const shaped = fc
    .tuple(
      fc.integer({ min: 0, max: 9999 }),
      fc.array(fc.integer({ min: 0, max: 99 }), { minLength: 5, maxLength: 5 }),
      fc.oneof(fc.constant(""), fc.stringMatching(/^\.\d{0,10}$/)),
      fc.oneof(
        fc.constantFrom("Z", "z", "", "+08:00", "-00:00"),
        fc
          .tuple(fc.constantFrom("+", "-"), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }))
          .map(([s, h, m]) => `${s}${d(h)}:${d(m)}`),
      ),
    )
    .map(
      ([y, [mo, da, h, mi, se], frac, zone]) =>
        `${String(y).padStart(4, "0")}-${d(mo as number)}-${d(da as number)}T${d(h as number)}:${d(mi as number)}:${d(se as number)}${frac}${zone}`,
    );
  const mangled = fc
    .tuple(shaped, fc.nat(), fc.string({ minLength: 1, maxLength: 1 }))
    .map(([s, at, c]) => s.slice(0, at % (s.length + 1)) + c + s.slice((at % (s.length + 1)) + 1));

  it("answers what the general parsers answer, for every string near the shape", () => {
    fc.assert(
      fc.property(fc.oneof(shaped, mangled, fc.string()), (s) => {
        expect(answer(s)).toEqual(general(s));
      }),
      { numRuns: 3000 },
    );
  });

  it("answers what the general parsers answer around leap days and the ends of months", () => {
    for (const day of ["2023-02-28", "2023-02-29", "2024-02-29", "1900-02-29", "2000-02-29", "2023-04-31"])
      for (const time of ["T00:00:00Z", "T23:59:59.999+08:00", "T12:00:00.5-03:30"])
        expect(answer(`${day}${time}`)).toEqual(general(`${day}${time}`));
  });
});
