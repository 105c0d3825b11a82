import { left, right } from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { type WorkingDayCalendar, weekdayCalendar, workingDayCounter } from "./workingDays.js";

// 2024-01-01 is a Monday.
const weekdays = weekdayCalendar("2024-01-01", "2024-01-31");
const withHoliday: WorkingDayCalendar = {
  version: "test",
  firstDay: "2024-01-01",
  lastDay: "2024-01-31",
  // Wednesday 3 off; Saturday 6 worked in lieu.
  isWorkingDay: (d) => d === "2024-01-06" || (d !== "2024-01-03" && weekdays.isWorkingDay(d)),
};

describe("workingDayCounter", () => {
  it("adds working days, not counting the starting day, skipping weekends", () => {
    const c = workingDayCounter(weekdays);
    expect(c.addWorkingDays("2024-01-05", 1)).toEqual(right("2024-01-08"));
    expect(c.addWorkingDays("2024-01-06", 1)).toEqual(right("2024-01-08"));
    expect(c.addWorkingDays("2024-01-01", 5)).toEqual(right("2024-01-08"));
  });

  it("skips a holiday and counts a make-up working day", () => {
    const c = workingDayCounter(withHoliday);
    expect(c.addWorkingDays("2024-01-02", 1)).toEqual(right("2024-01-04"));
    expect(c.addWorkingDays("2024-01-04", 2)).toEqual(right("2024-01-06"));
    expect(c.workingDaysAfter("2024-01-01", "2024-01-08")).toEqual(right(5));
  });

  it("counts the working days after a day through another, 0 when not later", () => {
    const c = workingDayCounter(weekdays);
    expect(c.workingDaysAfter("2024-01-05", "2024-01-07")).toEqual(right(0));
    expect(c.workingDaysAfter("2024-01-05", "2024-01-08")).toEqual(right(1));
    expect(c.workingDaysAfter("2024-01-08", "2024-01-05")).toEqual(right(0));
  });

  it("a day outside the calendar is an error naming the calendar's version and days", () => {
    const c = workingDayCounter(weekdays);
    const known = `the working-day calendar ${weekdays.version} knows 2024-01-01 to 2024-01-31`;
    const outside = (message: string) => left({ code: "OUTSIDE_WORKING_DAY_CALENDAR", message });
    expect(c.addWorkingDays("2024-01-30", 5)).toEqual(
      outside(`2024-01-30 plus 5 working days runs past the calendar's last day: ${known}`),
    );
    expect(c.addWorkingDays("2023-12-29", 1)).toEqual(
      outside(`2023-12-29 is outside the calendar: ${known}`),
    );
    expect(c.workingDaysAfter("2024-01-05", "2024-02-05")).toEqual(
      outside(`2024-02-05 is outside the calendar: ${known}`),
    );
  });

  it("one counter per calendar", () => {
    expect(workingDayCounter(weekdays)).toBe(workingDayCounter(weekdays));
  });
});
