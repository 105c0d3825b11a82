import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { isInstant, localDateAt, localDateOf } from "./instant.js";

describe("isInstant", () => {
  it.each([
    ["2023-03-01T09:30:00+08:00", true],
    ["2023-03-01T02:05:11.120Z", true],
    ["2023-03-01T02:05:11.123456789Z", true],
    ["2024-02-29T00:00:00Z", true],
    ["2023-02-29T00:00:00Z", false],
    ["2023-02-30T10:00:00+08:00", false],
    ["2023-03-01T24:00:00Z", false],
    ["2023-03-01T23:60:00Z", false],
    ["2023-03-01T10:00:00+24:00", false],
    ["2023-03-01T10:00:00", false],
    ["2023-03-01 10:00:00Z", false],
  ])("%s → %s", (s, ok) => expect(isInstant(s)).toBe(ok));
});

describe("localDateOf", () => {
  // Asked twice each, so the memoized answer is checked as well as the first.
  it.each([
    ["2023-12-31T23:59:59.999+08:00", "Asia/Shanghai", "2023-12-31"],
    ["2024-01-01T00:00:00.000+08:00", "Asia/Shanghai", "2024-01-01"],
    ["2023-12-31T15:59:59.999Z", "Asia/Shanghai", "2023-12-31"],
    ["2023-12-31T16:00:00Z", "Asia/Shanghai", "2024-01-01"],
    ["2023-12-31T18:14:59.999Z", "Asia/Kathmandu", "2023-12-31"],
    ["2023-12-31T18:15:00Z", "Asia/Kathmandu", "2024-01-01"],
    ["2023-03-12T07:59:59Z", "America/New_York", "2023-03-12"],
    ["2023-03-13T03:59:59Z", "America/New_York", "2023-03-12"],
    ["2023-03-13T04:00:00Z", "America/New_York", "2023-03-13"],
    ["1971-06-01T00:30:00Z", "Africa/Monrovia", "1971-05-31"],
  ])("%s in %s is %s", (instant, zone, date) => {
    expect(localDateOf(instant, zone)).toBe(date);
    expect(localDateOf(instant, zone)).toBe(date);
  });
});

describe("localDateAt, memoized by local day", () => {
  it("gives luxon's date for instants clustered in days, across offsets and DST changes", () => {
    const zones = [
      "Asia/Shanghai",
      "America/New_York",
      "Europe/London",
      "Australia/Lord_Howe", // a half-hour DST shift
      "Asia/Kathmandu", // +05:45
      "Pacific/Chatham", // +12:45, +13:45 in summer
      "America/Santiago",
    ];
    const HOUR = 3_600_000;
    // Days around DST changes, asked in random order, then instants around them: answers
    // remembered for one instant's day must hold for every other instant they cover.
    const arb = fc.record({
      zone: fc.constantFrom(...zones),
      day: fc.integer({ min: Date.UTC(1990, 0, 1) / HOUR, max: Date.UTC(2035, 0, 1) / HOUR }),
      offsets: fc.array(fc.integer({ min: -48 * 60, max: 48 * 60 }), { minLength: 1, maxLength: 20 }),
    });
    fc.assert(
      fc.property(arb, ({ zone, day, offsets }) => {
        for (const minutes of offsets) {
          const ms = day * HOUR + minutes * 60_000 + (minutes % 7) * 1000;
          expect([ms, zone, localDateAt(ms, zone)]).toEqual([
            ms,
            zone,
            DateTime.fromMillis(ms, { zone }).toISODate(),
          ]);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
