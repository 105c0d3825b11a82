import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { DateTime } from "luxon";
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

describe("localDateAt", () => {
  // Its memo is filled a local day at a time; whatever order instants come in, each answer is luxon's.
  const zones = [
    "Asia/Shanghai",
    "Asia/Kathmandu",
    "America/New_York",
    "Australia/Lord_Howe",
    "America/Sao_Paulo",
    "Europe/London",
    "Pacific/Apia",
  ];
  it("gives luxon's date for any instant since 1980 in any zone, asked in any order", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.array(
          fc.tuple(
            fc.integer({ min: Date.UTC(1980, 0, 1), max: Date.UTC(2040, 0, 1) }),
            fc.array(fc.integer({ min: -3 * 86_400_000, max: 3 * 86_400_000 }), { maxLength: 8 }),
          ),
          { minLength: 1, maxLength: 8 },
        ),
        (zone, groups) => {
          for (const [base, nearby] of groups)
            for (const ms of [base, ...nearby.map((d) => base + d)])
              expect(localDateAt(ms, zone)).toBe(DateTime.fromMillis(ms, { zone }).toISODate());
        },
      ),
      { numRuns: 300 },
    );
  });
});
