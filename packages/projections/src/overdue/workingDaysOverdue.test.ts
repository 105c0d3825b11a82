import { type WorkingDayCalendar, weekdayCalendar } from "@hazard-ledger/core";
import { describe, expect, it } from "vitest";
import { HistoryBuilder } from "../ledger/historyBuilder.fixture.js";
import { overdueListSync } from "./overdue.js";

const weekdays = weekdayCalendar("2023-01-01", "2024-12-31");
// New Year's Day 2024 (a Monday) off.
const withNewYear: WorkingDayCalendar = {
  ...weekdays,
  version: "test: weekdays, 2024-01-01 off",
  isWorkingDay: (d) => d !== "2024-01-01" && weekdays.isWorkingDay(d),
};

const rectifyingDue = (deadline: string) => {
  const b = new HistoryBuilder();
  b.hazard("HZ-1", "2023-12-01T09:00:00+08:00").assign("2023-12-01T10:00:00+08:00", deadline);
  return b.events;
};

describe("overdue in working days", () => {
  const events = rectifyingDue("2023-12-29");

  it("counts the working days after the deadline through the as-of day, and names the calendar", () => {
    const list = overdueListSync(events, { asOf: "2024-01-03T12:00:00+08:00", workingDays: withNewYear });
    expect(list).toMatchObject({
      _tag: "Right",
      right: [{ daysOverdue: 5, workingDaysOverdue: 2, workingDayCalendar: withNewYear.version }],
    });
  });

  it("is 0 when only a weekend or holiday has passed since the deadline", () => {
    const list = overdueListSync(events, { asOf: "2024-01-01T12:00:00+08:00", workingDays: withNewYear });
    expect(list).toMatchObject({ _tag: "Right", right: [{ daysOverdue: 3, workingDaysOverdue: 0 }] });
  });

  it("is null, not a guess, when the as-of day is beyond the calendar's last day", () => {
    const list = overdueListSync(events, { asOf: "2025-01-02T12:00:00+08:00", workingDays: withNewYear });
    expect(list).toMatchObject({ _tag: "Right", right: [{ workingDaysOverdue: null }] });
  });

  it("without a calendar the items carry no working-day fields", () => {
    const list = overdueListSync(events, { asOf: "2024-01-03T12:00:00+08:00" });
    expect(list._tag === "Right" && list.right[0]).not.toHaveProperty("workingDaysOverdue");
  });
});
