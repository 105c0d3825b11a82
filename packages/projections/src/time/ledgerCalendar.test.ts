import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { ledgerCalendar } from "./ledgerCalendar.js";

const calendarOf = (zone: string) => {
  const c = ledgerCalendar(zone);
  if (c._tag === "Left") throw new Error(c.left);
  return c.right;
};

describe("ledgerCalendar.localDate", () => {
  // Zones with daylight saving, half-hour and 45-minute offsets, and Shanghai's 1940s DST.
  const zones = [
    "Asia/Shanghai",
    "Europe/Berlin",
    "America/New_York",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Australia/Lord_Howe",
    "UTC",
  ];

  it("is luxon's local date for every instant, around offset changes too", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2100, 0, 1) }),
        (zone, millis) => {
          const calendar = calendarOf(zone);
          expect(calendar.localDate(millis)).toBe(DateTime.fromMillis(millis, { zone }).toISODate());
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("is right on either side of a DST change and of local midnight", () => {
    const berlin = calendarOf("Europe/Berlin");
    // 2023-03-26 01:00Z: Berlin goes from +01:00 to +02:00; 22:00Z is local midnight after it.
    for (const iso of [
      "2023-03-26T00:59:59.999Z",
      "2023-03-26T01:00:00Z",
      "2023-03-26T21:59:59.999Z",
      "2023-03-26T22:00:00Z",
      "2023-10-28T21:59:59.999Z",
      "2023-10-28T22:00:00Z",
    ]) {
      const millis = Date.parse(iso);
      expect(berlin.localDate(millis), iso).toBe(
        DateTime.fromMillis(millis, { zone: "Europe/Berlin" }).toISODate(),
      );
    }
    const shanghai = calendarOf("Asia/Shanghai");
    expect(shanghai.localDate(Date.parse("2023-12-31T15:59:59.999Z"))).toBe("2023-12-31");
    expect(shanghai.localDate(Date.parse("2023-12-31T16:00:00Z"))).toBe("2024-01-01");
  });
});

describe("ledgerCalendar.daysBetween", () => {
  const dateOf = (millis: number) => DateTime.fromMillis(millis, { zone: "utc" }).toISODate() as string;
  const day = fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2100, 0, 1) }).map(dateOf);

  it("is luxon's count of whole days between two dates, asked again in any order", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(day, day), { minLength: 1, maxLength: 20 }), (pairs) => {
        // One calendar for every pair: its memo of dates must not carry one answer into another.
        const calendar = calendarOf("Asia/Shanghai");
        for (const [from, to] of pairs) {
          const luxon = DateTime.fromISO(to, { zone: "utc" }).diff(
            DateTime.fromISO(from, { zone: "utc" }),
            "days",
          );
          expect(calendar.daysBetween(from, to)).toBe(Math.round(luxon.days));
        }
      }),
    );
  });

  it("refuses a date that is not one", () => {
    expect(() => calendarOf("UTC").daysBetween("2023-02-30", "2023-03-01")).toThrow(/not a calendar date/);
  });
});
