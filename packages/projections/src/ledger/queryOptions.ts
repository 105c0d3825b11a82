import { type Either, isLeft, left, right } from "fp-ts/lib/Either.js";
import { type ProjectionError, projectionError } from "../projectionError.js";
import { resolveCalendarAndAxes } from "../report/reportOptions.js";
import type { LedgerCalendar } from "../time/ledgerCalendar.js";
import { type Cutoff, cutoffOf } from "./timeAxes.js";

/** The options of a question about hazards now (status, overdue lists). */
export interface QueryOptions {
  /**
   * As-of instant T: events with occurredAt ≤ T are kept and deadlines are judged at T.
   * Required: the projections never read a clock, so an edge passes the current instant.
   */
  readonly asOf: string;
  /** Known-at instant K: events with recordedAt ≤ K are kept; default: all. */
  readonly knownAt?: string | null;
  /** IANA zone of the ledger's calendar; default `Asia/Shanghai`. */
  readonly timeZone?: string;
}

export interface ResolvedQueryOptions {
  readonly calendar: LedgerCalendar;
  readonly asOf: string;
  readonly asOfMillis: number;
  /** The local calendar date of the as-of instant. */
  readonly asOfDate: string;
  readonly knownAt: string | null;
  readonly cutoff: Cutoff;
}

/** Checks query options. */
export const resolveQueryOptions = (options: QueryOptions): Either<ProjectionError, ResolvedQueryOptions> => {
  const axes = resolveCalendarAndAxes(options);
  if (isLeft(axes)) return axes;
  const { calendar, asOf, knownAt } = axes.right;
  if (asOf === null)
    return left(projectionError("INVALID_OPTION", "asOf: required (pass the current instant)"));
  const cutoff = cutoffOf(asOf, knownAt);
  return right({
    calendar,
    asOf,
    asOfMillis: cutoff.asOfMillis,
    asOfDate: calendar.localDate(cutoff.asOfMillis),
    knownAt,
    cutoff,
  });
};
