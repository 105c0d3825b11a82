import { GovLevel, RegionCode, formatErrors } from "@hazard-ledger/core";
import { type Either, isLeft, left, right } from "fp-ts/lib/Either.js";
import { type ProjectionError, projectionError } from "../projectionError.js";
import { type Cutoff, type TimeAxes, cutoffOf, decodeOptionalInstant } from "../ledger/timeAxes.js";
import { DEFAULT_TIME_ZONE, type LedgerCalendar, ledgerCalendar } from "../time/ledgerCalendar.js";
import { type Period, decodePeriod } from "./period.js";
import { GroupBy } from "./reportCodec.js";

/** What a caller asks of a report. Every field is optional; see each for its default. */
export interface ReportOptions extends TimeAxes {
  /** IANA zone of the ledger's calendar; default `Asia/Shanghai`. */
  readonly timeZone?: string;
  /** Hazards discovered on local days from ≤ day < to; default all. */
  readonly period?: { readonly from?: string | null; readonly to?: string | null };
  /**
   * As-of instant T; default: the period's end, the first instant of local day `to`
   * (`--to 2024-01-01` in Asia/Shanghai is 2024-01-01T00:00:00.000+08:00, the moment the
   * period is over: a deadline on its last day is overdue then). Without `to` it is required
   * (an edge passes the current instant: the projections never read a clock).
   */
  readonly asOf?: string | null;
  /** Group the hazards as `--by` does. */
  readonly by?: GroupBy;
  /** With `by: "region"`: group at this level, rolling lower divisions up (default: codes as recorded). */
  readonly regionLevel?: GovLevel;
  /**
   * The units (names or credit codes) or divisions (codes) expected to report, in the order
   * to print them. Groups are then exactly these, zeros included, each division summing every
   * code it covers; the report lists those with no major hazard as `zeroReports`.
   */
  readonly roster?: readonly string[];
  /** Decimal places of `rate` in the JSON; default 5. */
  readonly rateDecimals?: number;
}

/** Report options checked and turned into numbers, once per report. */
export interface ResolvedReportOptions {
  readonly calendar: LedgerCalendar;
  readonly asOf: string;
  readonly asOfMillis: number;
  readonly knownAt: string | null;
  readonly cutoff: Cutoff;
  readonly period: Period;
  /** The period as epoch milliseconds: reportedAt in [fromMillis, toMillis). */
  readonly fromMillis: number;
  readonly toMillis: number;
  readonly by: GroupBy | null;
  readonly regionLevel: GovLevel | null;
  readonly roster: readonly string[] | null;
  readonly rateDecimals: number;
}

const invalid = (message: string): Either<ProjectionError, never> =>
  left(projectionError("INVALID_OPTION", message));

/** Checks the time zone and the time axes shared by every query. */
export const resolveCalendarAndAxes = (
  options: TimeAxes & { readonly timeZone?: string },
): Either<ProjectionError, { calendar: LedgerCalendar; asOf: string | null; knownAt: string | null }> => {
  const calendar = ledgerCalendar(options.timeZone ?? DEFAULT_TIME_ZONE);
  if (isLeft(calendar)) return invalid(`timeZone: ${calendar.left}`);
  const asOf = decodeOptionalInstant("asOf", options.asOf);
  if (isLeft(asOf)) return asOf;
  const knownAt = decodeOptionalInstant("knownAt", options.knownAt);
  if (isLeft(knownAt)) return knownAt;
  return right({ calendar: calendar.right, asOf: asOf.right, knownAt: knownAt.right });
};

/** Checks report options and fills in the defaults. */
export const resolveReportOptions = (
  options: ReportOptions,
): Either<ProjectionError, ResolvedReportOptions> => {
  const axes = resolveCalendarAndAxes(options);
  if (isLeft(axes)) return axes;
  const { calendar, knownAt } = axes.right;
  const period = decodePeriod(options.period ?? {});
  if (isLeft(period)) return period;
  const { from, to } = period.right;
  const asOf = axes.right.asOf ?? (to === null ? null : calendar.formatInstant(calendar.startOfDay(to)));
  if (asOf === null) return invalid("asOf: required when the period has no end (pass the current instant)");
  if (options.by !== undefined && !GroupBy.is(options.by))
    return invalid(`by: ${JSON.stringify(options.by)} is not one of level, sector, region, source, unit`);
  const by = options.by ?? null;
  if (options.regionLevel !== undefined) {
    if (by !== "region") return invalid("regionLevel: applies only with by region");
    const level = GovLevel.decode(options.regionLevel);
    if (isLeft(level)) return invalid(`regionLevel: ${formatErrors(level.left)}`);
  }
  if (options.roster !== undefined) {
    if (by === null) return invalid("roster: needs a grouping (by unit or by region)");
    if (by === "region")
      for (const [i, code] of options.roster.entries()) {
        const decoded = RegionCode.decode(code);
        if (isLeft(decoded)) return invalid(`roster[${i}]: ${formatErrors(decoded.left)}`);
      }
  }
  const rateDecimals = options.rateDecimals ?? 5;
  if (!Number.isInteger(rateDecimals) || rateDecimals < 0 || rateDecimals > 15)
    return invalid(`rateDecimals: ${rateDecimals} is not a whole number from 0 to 15`);
  const cutoff = cutoffOf(asOf, knownAt);
  return right({
    calendar,
    asOf,
    asOfMillis: cutoff.asOfMillis,
    knownAt,
    cutoff,
    period: period.right,
    fromMillis: from === null ? -Infinity : calendar.startOfDay(from),
    toMillis: to === null ? Infinity : calendar.startOfDay(to),
    by,
    regionLevel: options.regionLevel ?? null,
    roster: options.roster ?? null,
    rateDecimals,
  });
};
