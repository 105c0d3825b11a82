import { DateTime } from "luxon";

/** `date` (YYYY-MM-DD) moved by `days` calendar days. */
export const addDays = (date: string, days: number): string => {
  const moved = DateTime.fromISO(date, { zone: "utc" }).plus({ days }).toISODate();
  if (moved === null) throw new RangeError(`cannot add ${days} days to ${date}`);
  return moved;
};

/** The last millisecond of `date` in `zone`. */
export const endOfLocalDayMillis = (date: string, zone: string): number =>
  DateTime.fromISO(date, { zone }).endOf("day").toMillis();

/** An instant as RFC 3339 text: in UTC (`…Z`) or with the offset of `zone` (`…+08:00`). */
export const formatInstant = (millis: number, zone: string): string => {
  if (zone === "UTC") return new Date(millis).toISOString();
  const text = DateTime.fromMillis(millis, { zone }).toISO();
  if (text === null) throw new RangeError(`cannot write ${millis} in zone ${zone}`);
  return text;
};

/** The later of two dates (YYYY-MM-DD sorts in calendar order). */
export const laterDate = (a: string, b: string): string => (a >= b ? a : b);
