import { type Either, left, right } from "fp-ts/lib/Either.js";
import { isCalendarDate } from "./calendarDate.js";

/**
 * A working-day calendar (工作日): which days are working days under a published holiday
 * arrangement, such as the State Council's with its 调休 make-up working days. The
 * arrangement is published year by year and has been changed after the fact, so a calendar
 * names its `version`, and every figure counted in working days names the version it used.
 * Pluggable: any source of working days fits (see `@hazard-ledger/china` for the State
 * Council's).
 */
export interface WorkingDayCalendar {
  /** Which arrangement, from which source and release: `chinese-days@1.5.7 (2004–2026)`. */
  readonly version: string;
  /** The first day the calendar knows (`YYYY-MM-DD`). */
  readonly firstDay: string;
  /** The last day the calendar knows: the arrangement after it is not published yet. */
  readonly lastDay: string;
  /** Whether `date` is a working day; only asked about days from `firstDay` to `lastDay`. */
  isWorkingDay(date: string): boolean;
}

/** A working-day question the calendar cannot answer: a day outside the days it knows. */
export interface WorkingDayError {
  readonly code: "OUTSIDE_WORKING_DAY_CALENDAR";
  readonly message: string;
}

/** Counting in working days on one calendar; see {@link workingDayCounter}. */
export interface WorkingDayCounter {
  readonly calendar: WorkingDayCalendar;
  /**
   * The day that is the `n`th working day after `date` (`date` itself not counted): 3
   * working days from Monday 30 September 2024 is Thursday 10 October (1–7 October is the
   * National Day holiday). `n` must be a whole number of at least 1.
   */
  addWorkingDays(date: string, n: number): Either<WorkingDayError, string>;
  /** The working days after `from` up to and including `through`; 0 when `through` ≤ `from`. */
  workingDaysAfter(from: string, through: string): Either<WorkingDayError, number>;
}

const DAY_MS = 86_400_000;

/**
 * The `YYYY-MM-DD` of each day from `first` to `last`. A civil date has no zone, so the
 * platform's UTC dates step through it exactly; luxon is kept for zoned questions, since
 * stepping 8,000 days with it costs half a second on a busy machine.
 */
const daysFromTo = (first: string, last: string): string[] => {
  const start = Date.parse(`${first}T00:00:00Z`);
  const end = Date.parse(`${last}T00:00:00Z`);
  const days: string[] = [];
  for (let ms = start; ms <= end; ms += DAY_MS) days.push(new Date(ms).toISOString().slice(0, 10));
  return days;
};

const counters = new WeakMap<WorkingDayCalendar, WorkingDayCounter>();

/**
 * The counter over `calendar` (one per calendar, kept while the calendar lives). It asks the calendar about each day it knows once, lazily, and
 * keeps the running count of working days, so every later question costs one date lookup:
 * an overdue list of thousands of hazards counts each one's working days in constant time.
 */
export const workingDayCounter = (calendar: WorkingDayCalendar): WorkingDayCounter => {
  const known = counters.get(calendar);
  if (known !== undefined) return known;
  if (!isCalendarDate(calendar.firstDay) || !isCalendarDate(calendar.lastDay))
    throw new RangeError(
      `working-day calendar ${calendar.version}: firstDay and lastDay must be dates YYYY-MM-DD`,
    );
  let days: string[] | undefined;
  let index: Map<string, number> | undefined;
  // running[i]: working days among days[0..i-1]; running[0] = 0.
  let running: Int32Array | undefined;
  const build = () => {
    if (days !== undefined && index !== undefined && running !== undefined) return { days, index, running };
    days = daysFromTo(calendar.firstDay, calendar.lastDay);
    index = new Map();
    running = new Int32Array(days.length + 1);
    for (let i = 0; i < days.length; i++) {
      const day = days[i]!;
      index.set(day, i);
      running[i + 1] = running[i]! + (calendar.isWorkingDay(day) ? 1 : 0);
    }
    return { days, index, running };
  };
  const outside = (date: string, why: string): Either<WorkingDayError, never> =>
    left({
      code: "OUTSIDE_WORKING_DAY_CALENDAR",
      message: `${date} ${why}: the working-day calendar ${calendar.version} knows ${calendar.firstDay} to ${calendar.lastDay}`,
    });

  const counter: WorkingDayCounter = {
    calendar,
    addWorkingDays: (date, n) => {
      if (!Number.isSafeInteger(n) || n < 1)
        throw new RangeError(`addWorkingDays: ${n} is not a whole number of at least 1`);
      const { days, index, running } = build();
      const start = index.get(date);
      if (start === undefined) return outside(date, "is outside the calendar");
      const target = running[start + 1]! + n;
      for (let i = start + 1; i < days.length; i++) if (running[i + 1] === target) return right(days[i]!);
      return outside(date, `plus ${n} working days runs past the calendar's last day`);
    },
    workingDaysAfter: (from, through) => {
      if (through <= from) return right(0);
      const { index, running } = build();
      const a = index.get(from);
      if (a === undefined) return outside(from, "is outside the calendar");
      const b = index.get(through);
      if (b === undefined) return outside(through, "is outside the calendar");
      return right(running[b + 1]! - running[a + 1]!);
    },
  };
  counters.set(calendar, counter);
  return counter;
};

/** Whether the civil date `YYYY-MM-DD` is a Monday to Friday. */
export const isWeekday = (date: string): boolean => {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day >= 1 && day <= 5;
};

/**
 * Monday to Friday, every week: a calendar without holidays, for ledgers outside China and
 * for tests. Its version says so, so a figure counted with it is never taken for one that
 * counted the State Council's holidays.
 */
export const weekdayCalendar = (firstDay: string, lastDay: string): WorkingDayCalendar => ({
  version: `weekdays (Monday to Friday, no holidays) ${firstDay}–${lastDay}`,
  firstDay,
  lastDay,
  isWorkingDay: (date) => isWeekday(date),
});
