import * as t from "io-ts";
import { DateTime } from "luxon";
import { isCalendarDate } from "./calendarDate.js";

// RFC 3339: a full date, a time, optional fraction, and a mandatory offset or Z.
const RFC3339 =
  /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,9})?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

/**
 * True when `s` is an RFC 3339 timestamp with an offset or `Z` that names a real instant:
 * its day exists ({@link isCalendarDate}) and its time and offset are in range
 * (the platform's ISO parser refuses 24:00, 23:60, +24:00).
 */
export const isInstant = (s: string): boolean =>
  RFC3339.test(s) && isCalendarDate(s.slice(0, 10)) && !Number.isNaN(Date.parse(s));

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

/**
 * Milliseconds since the epoch of a valid {@link Instant}. The codec has already checked the
 * text with luxon; the platform's ISO parser then reads RFC 3339 exactly (sub-millisecond
 * digits are truncated) and is an order of magnitude faster, which matters on replay.
 */
export const instantMillis = (instant: Instant): number => Date.parse(instant);

/** The calendar date (YYYY-MM-DD) that `instant` falls on in the IANA time zone `zone`. */
export const localDateOf = (instant: Instant, zone: string): string => localDateAt(Date.parse(instant), zone);

// Every UTC offset in use since 1980 (Liberia kept -0:44:30 until 1972) is a whole number of quarter hours, so a local day
// begins on a quarter-hour boundary of UTC: within one quarter hour the local date is one.
const QUARTER_HOUR = 15 * 60 * 1000;
const MODERN = Date.UTC(1980, 0, 1);
const localDays = new Map<string, Map<number, string>>();

/** The calendar date that the epoch milliseconds `ms` fall on in `zone` (luxon, memoized). */
export const localDateAt = (ms: number, zone: string): string => {
  const bucket = Math.floor(ms / QUARTER_HOUR);
  let days = localDays.get(zone);
  if (days === undefined) localDays.set(zone, (days = new Map<number, string>()));
  const cached = ms >= MODERN ? days.get(bucket) : undefined;
  if (cached !== undefined) return cached;
  const local = DateTime.fromMillis(ms, { zone });
  const date = local.toISODate();
  if (date === null) throw new RangeError(`cannot place ${new Date(ms).toISOString()} in time zone ${zone}`);
  if (ms >= MODERN) {
    if (days.size > 200_000) days.clear();
    days.set(bucket, date);
    // The whole local day at once: a log's instants fall on a few hundred days but tens of
    // thousands of quarter hours, and luxon per quarter hour was most of an import's time
    // zone work. Only quarter hours that lie wholly inside the day are kept.
    const start = local.startOf("day").toMillis();
    const next = local.plus({ days: 1 }).startOf("day").toMillis();
    for (let b = Math.ceil(start / QUARTER_HOUR); b < Math.floor(next / QUARTER_HOUR); b++) days.set(b, date);
  }
  return date;
};

// A runtime's zone data does not change while it runs, so a zone found valid stays valid; a
// live command asks at each `decideContext`, and luxon's answer costs a zone lookup each time.
const knownZones = new Set<string>();

/** True when `zone` is an IANA time zone this runtime knows. */
export const isTimeZone = (zone: string): boolean => {
  if (knownZones.has(zone)) return true;
  const valid = DateTime.now().setZone(zone).isValid;
  if (valid && knownZones.size < 1000) knownZones.add(zone);
  return valid;
};

/** Today's instant as canonical UTC text; for the edges of the system, never the core. */
export const instantFromDate = (date: Date): Instant => date.toISOString();
