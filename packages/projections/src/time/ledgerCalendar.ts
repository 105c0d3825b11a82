import { isTimeZone } from "@hazard-ledger/core";
import { localDateAt } from "@hazard-ledger/core/store-kit";
import { type Either, left, right } from "fp-ts/lib/Either.js";
import { DateTime } from "luxon";

/** The ledger's time zone when none is configured (domain.md, Time). */
export const DEFAULT_TIME_ZONE = "Asia/Shanghai";

/**
 * Calendar arithmetic in one IANA time zone, done by luxon and memoized per date: a report
 * over a million events asks the same few hundred deadlines again and again, so each date
 * is converted once and every later question is a comparison of numbers.
 */
export interface LedgerCalendar {
  readonly timeZone: string;
  /** The first millisecond of local day `date` (`YYYY-MM-DD`), as epoch milliseconds. */
  startOfDay(date: string): number;
  /** The first millisecond of the local day after `date`: the instant `date` is over. */
  endOfDay(date: string): number;
  /** The local calendar date of an instant given in epoch milliseconds. */
  localDate(millis: number): string;
  /** Whole days from `from` to `to` (both `YYYY-MM-DD`); negative when `to` is earlier. */
  daysBetween(from: string, to: string): number;
  /** The date `days` days after `date` (before, when negative). */
  addDays(date: string, days: number): string;
  /** An instant as RFC 3339 text with the zone's offset (`2024-01-01T00:00:00.000+08:00`). */
  formatInstant(millis: number): string;
}

const civilDay = (date: string): DateTime => {
  const day = DateTime.fromISO(date, { zone: "utc" });
  if (!day.isValid) throw new RangeError(`"${date}" is not a calendar date YYYY-MM-DD`);
  return day;
};

const isoDate = (day: DateTime): string => {
  const text = day.toISODate();
  if (text === null) throw new RangeError(`date out of range: ${day.toString()}`);
  return text;
};

/**
 * The calendar of a time zone, or an error naming the zone when the runtime does not know it.
 */
export const ledgerCalendar = (timeZone: string = DEFAULT_TIME_ZONE): Either<string, LedgerCalendar> => {
  if (!isTimeZone(timeZone)) return left(`time zone "${timeZone}" is not an IANA time zone`);
  const starts = new Map<string, number>();
  const startOfDay = (date: string): number => {
    let start = starts.get(date);
    if (start === undefined) {
      // Start of day, not midnight: in zones that skip midnight for DST the day starts later.
      const local = DateTime.fromISO(date, { zone: timeZone }).startOf("day");
      if (!local.isValid) throw new RangeError(`"${date}" is not a calendar date YYYY-MM-DD`);
      start = local.toMillis();
      starts.set(date, start);
    }
    return start;
  };
  const addDays = (date: string, days: number): string => isoDate(civilDay(date).plus({ days }));
  const ends = new Map<string, number>();
  const endOfDay = (date: string): number => {
    let end = ends.get(date);
    if (end === undefined) {
      end = startOfDay(addDays(date, 1));
      ends.set(date, end);
    }
    return end;
  };
  // Days since the epoch of each calendar date asked: overdue asks the days between a few
  // hundred dates for every open hazard, so each date goes through luxon once.
  const dayNumbers = new Map<string, number>();
  const dayNumber = (date: string): number => {
    let day = dayNumbers.get(date);
    if (day === undefined) {
      day = Math.round(civilDay(date).toMillis() / 86_400_000);
      dayNumbers.set(date, day);
    }
    return day;
  };
  // The one memo of local dates (core's, by local day): a report asks the local date of every
  // hazard's report and completion.
  const localDate = (millis: number): string => localDateAt(millis, timeZone);
  return right({
    timeZone,
    startOfDay,
    endOfDay,
    addDays,
    localDate,
    daysBetween: (from, to) => dayNumber(to) - dayNumber(from),
    formatInstant: (millis) => {
      const text = DateTime.fromMillis(millis, { zone: timeZone }).toISO();
      if (text === null) throw new RangeError(`instant out of range: ${millis}`);
      return text;
    },
  });
};
