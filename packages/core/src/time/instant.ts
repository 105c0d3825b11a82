import * as t from "io-ts";
import { DateTime } from "luxon";

// RFC 3339: a full date, a time, optional fraction, and a mandatory offset or Z.
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/** True when `s` is an RFC 3339 timestamp with an offset or `Z` that names a real instant. */
export const isInstant = (s: string): boolean =>
  RFC3339.test(s) && DateTime.fromISO(s, { setZone: true }).isValid;

/**
 * An instant as RFC 3339 text with its offset kept (`2023-03-01T09:30:00+08:00`). The text
 * is kept as written so that an exported log is byte-identical to the imported one; compare
 * instants with {@link instantMillis}, never as strings.
 */
export const Instant = new t.Type<string, string, unknown>(
  "Instant",
  (u): u is string => typeof u === "string" && isInstant(u),
  (u, c) =>
    typeof u !== "string"
      ? t.failure(u, c, "must be an RFC 3339 timestamp string")
      : !RFC3339.test(u)
        ? t.failure(u, c, `"${u}" is not an RFC 3339 timestamp with an offset or Z`)
        : !isInstant(u)
          ? t.failure(u, c, `"${u}" is not a real instant`)
          : t.success(u),
  t.identity,
);
export type Instant = t.TypeOf<typeof Instant>;

/** Milliseconds since the epoch of a valid {@link Instant}. */
export const instantMillis = (instant: Instant): number =>
  DateTime.fromISO(instant, { setZone: true }).toMillis();

/** The calendar date (YYYY-MM-DD) that `instant` falls on in the IANA time zone `zone`. */
export const localDateOf = (instant: Instant, zone: string): string => {
  const local = DateTime.fromISO(instant, { zone });
  const date = local.toISODate();
  if (date === null) throw new RangeError(`cannot place ${instant} in time zone ${zone}`);
  return date;
};

/** True when `zone` is an IANA time zone this runtime knows. */
export const isTimeZone = (zone: string): boolean => DateTime.now().setZone(zone).isValid;

/** Today's instant as canonical UTC text; for the edges of the system, never the core. */
export const instantFromDate = (date: Date): Instant => date.toISOString();
