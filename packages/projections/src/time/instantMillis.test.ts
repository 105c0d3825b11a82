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
