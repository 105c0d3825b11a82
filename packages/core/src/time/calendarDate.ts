import * as t from "io-ts";
import { DateTime } from "luxon";

const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;

// Logs repeat the same days over and over: luxon checks each day once.
const checkedDays = new Map<string, boolean>();

/** True when `s` is `YYYY-MM-DD` and names a day that exists (`2023-02-30` does not). */
export const isCalendarDate = (s: string): boolean => {
  let real = checkedDays.get(s);
  if (real === undefined) {
    real = DATE_SHAPE.test(s) && DateTime.fromISO(s, { zone: "utc" }).isValid;
    if (checkedDays.size > 100_000) checkedDays.clear();
    checkedDays.set(s, real);
  }
  return real;
};

/**
 * A calendar date `YYYY-MM-DD` (a deadline, a discovery day). Decoded only when the day
 * exists; the string form sorts in calendar order, so dates compare as strings.
 */
export const CalendarDate = new t.Type<string, string, unknown>(
  "CalendarDate",
  (u): u is string => typeof u === "string" && isCalendarDate(u),
  (u, c) =>
    typeof u !== "string"
      ? t.failure(u, c, "must be a date string YYYY-MM-DD")
      : !DATE_SHAPE.test(u)
        ? t.failure(u, c, `"${u}" is not a date of the form YYYY-MM-DD`)
        : !isCalendarDate(u)
          ? t.failure(u, c, `"${u}" is not a real calendar date`)
          : t.success(u),
  t.identity,
);
export type CalendarDate = t.TypeOf<typeof CalendarDate>;
