import { CalendarDate, formatErrors } from "@hazard-ledger/core";
import { type Either, left, right } from "fp-ts/lib/Either.js";
import * as t from "io-ts";
import { DateTime } from "luxon";
import { type ProjectionError, projectionError } from "../projectionError.js";

/**
 * A reporting period: the hazards discovered on local calendar days `from` ≤ day < `to`, in
 * the ledger's time zone. Either end may be open (null).
 */
export const Period = t.type(
  { from: t.union([CalendarDate, t.null]), to: t.union([CalendarDate, t.null]) },
  "Period",
);
export type Period = t.TypeOf<typeof Period>;

/** Every hazard, whenever discovered. */
export const ALL_TIME: Period = { from: null, to: null };

/** A natural reporting period: a month, a quarter, a year. */
export type PeriodPreset =
  | { readonly kind: "month"; readonly year: number; readonly month: number }
  | { readonly kind: "quarter"; readonly year: number; readonly quarter: number }
  | { readonly kind: "year"; readonly year: number };

const date = (year: number, month: number, day: number): string => {
  const d = DateTime.utc(year, month, day);
  const text = d.isValid ? d.toISODate() : null;
  if (text === null) throw new RangeError(`no such date: ${year}-${month}-${day}`);
  return text;
};

const presetProblem = (preset: PeriodPreset): string | null => {
  if (!Number.isInteger(preset.year) || preset.year < 1 || preset.year > 9998)
    return `year ${preset.year} is not a year from 1 to 9998`;
  if (preset.kind === "month" && !(Number.isInteger(preset.month) && preset.month >= 1 && preset.month <= 12))
    return `month ${preset.month} is not a month from 1 to 12`;
  if (
    preset.kind === "quarter" &&
    !(Number.isInteger(preset.quarter) && preset.quarter >= 1 && preset.quarter <= 4)
  )
    return `quarter ${preset.quarter} is not a quarter from 1 to 4`;
  return null;
};

/** The period of a preset: `{kind: "quarter", year: 2023, quarter: 4}` is [2023-10-01, 2024-01-01). */
export const periodOf = (preset: PeriodPreset): Either<ProjectionError, Period> => {
  const problem = presetProblem(preset);
  if (problem !== null) return left(projectionError("INVALID_OPTION", `period: ${problem}`));
  const first =
    preset.kind === "year"
      ? DateTime.utc(preset.year, 1, 1)
      : preset.kind === "quarter"
        ? DateTime.utc(preset.year, preset.quarter * 3 - 2, 1)
        : DateTime.utc(preset.year, preset.month, 1);
  const span =
    preset.kind === "year" ? { years: 1 } : preset.kind === "quarter" ? { months: 3 } : { months: 1 };
  const end = first.plus(span);
  return right({ from: date(first.year, first.month, 1), to: date(end.year, end.month, 1) });
};

/**
 * When the statistics of a preset are due: quarterly ones by the 15th of the month after
 * the quarter, annual ones by 31 January of the next year (domain.md, Statistics). Monthly
 * statistics have no statutory date: null.
 */
export const statutoryDueDate = (preset: PeriodPreset): Either<ProjectionError, string | null> => {
  const problem = presetProblem(preset);
  if (problem !== null) return left(projectionError("INVALID_OPTION", `period: ${problem}`));
  if (preset.kind === "month") return right(null);
  if (preset.kind === "year") return right(date(preset.year + 1, 1, 31));
  const after = DateTime.utc(preset.year, preset.quarter * 3, 1).plus({ months: 1 });
  return right(date(after.year, after.month, 15));
};

const PRESET_TEXT = /^(\d{4})(?:-(?:(0[1-9]|1[0-2])|Q([1-4])))?$/;

/**
 * Reads a preset written as `2023` (year), `2023-Q4` (quarter) or `2023-03` (month), for a
 * command line.
 */
export const parsePeriodPreset = (text: string): Either<ProjectionError, PeriodPreset> => {
  const match = PRESET_TEXT.exec(text);
  if (match === null)
    return left(
      projectionError("INVALID_OPTION", `period: "${text}" is not YYYY, YYYY-Qn or YYYY-MM (e.g. 2023-Q4)`),
    );
  const year = Number(match[1]);
  if (match[2] !== undefined) return right({ kind: "month", year, month: Number(match[2]) });
  if (match[3] !== undefined) return right({ kind: "quarter", year, quarter: Number(match[3]) });
  return right({ kind: "year", year });
};

/** Checks a period given as options: real dates, and `from` before `to` (a period is never empty). */
export const decodePeriod = (period: {
  readonly from?: string | null;
  readonly to?: string | null;
}): Either<ProjectionError, Period> => {
  const decoded = Period.decode({ from: period.from ?? null, to: period.to ?? null });
  if (decoded._tag === "Left")
    return left(projectionError("INVALID_OPTION", `period.${formatErrors(decoded.left)}`));
  const { from, to } = decoded.right;
  if (from !== null && to !== null && from > to)
    return left(projectionError("INVALID_OPTION", `period: from ${from} is after to ${to}`));
  // `to` is the day after the last day: from = to would count nothing and print as a period
  // ending the day before it starts.
  if (from !== null && from === to)
    return left(
      projectionError(
        "INVALID_OPTION",
        `period: from and to are both ${from}, an empty period (to is the day after the last day)`,
      ),
    );
  return right(decoded.right);
};
