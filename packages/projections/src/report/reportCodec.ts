import { GovLevel, Instant, NonNegativeInteger, formatErrors, oneOf } from "@hazard-ledger/core";
import { type Either, left, right } from "fp-ts/lib/Either.js";
import * as t from "io-ts";
import { Backfill } from "./backfills.js";
import { Period } from "./period.js";

/*
 * The `report --format json` shape of interchange.md, field for field. The TypeScript types
 * are derived from these codecs, so the contract has one statement.
 */

const count = NonNegativeInteger;

/**
 * A rate as its parts: `rate` = numerator ÷ denominator rounded to 5 decimal places (as the
 * contract's example, 0.97338), or null when the denominator is 0. The parts are exact: to
 * print or roll up a rate, use them, never `rate`.
 */
export const Rate = t.type(
  { numerator: count, denominator: count, rate: t.union([t.number, t.null]) },
  "Rate",
);
export type Rate = t.TypeOf<typeof Rate>;

export const LevelCounts = t.type({ general: count, major: count }, "LevelCounts");

export const AuthorityLevelCounts = t.type(
  { province: count, city: count, county: count, township: count },
  "AuthorityLevelCounts",
);

export const SupervisionFigures = t.type(
  { listed: count, lifted: count, active: count, byAuthorityLevel: AuthorityLevelCounts },
  "SupervisionFigures",
);

export const OverdueFigures = t.type(
  { rectification: count, supervision: count, rectifiedLate: count },
  "OverdueFigures",
);

export const NoticeCounts = t.type(
  { reminder: count, supervision_letter: count, interview: count, bulletin: count },
  "NoticeCounts",
);

export const EnforcementFigures = t.type(
  {
    case_filed: count,
    fine: count,
    suspension_order: count,
    seal: count,
    closure_order: count,
    finesFen: count,
  },
  "EnforcementFigures",
);

/**
 * The figures of a set of hazards (the totals, or one group). Counts are hazards, except
 * `notices` and `enforcement`, which count notices and actions recorded on those hazards.
 * A voided hazard counts in `discovered` and `voided` only, so `byLevel` sums to
 * discovered − voided = rectified + open + longTermControl. `reopened` (反弹) counts the hazards
 * reopened at least once (反销号), whatever their status now.
 */
export const ReportFigures = t.type(
  {
    discovered: count,
    voided: count,
    byLevel: LevelCounts,
    rectified: count,
    rectificationRate: Rate,
    pendingAcceptance: count,
    closed: count,
    longTermControl: count,
    open: count,
    reopened: count,
    supervision: SupervisionFigures,
    overdue: OverdueFigures,
    notices: NoticeCounts,
    enforcement: EnforcementFigures,
  },
  "ReportFigures",
);
export type ReportFigures = t.TypeOf<typeof ReportFigures>;

export const GROUP_BYS = ["level", "sector", "region", "source", "unit", "month"] as const;
/** What `--by` groups on; `month` is the month of discovery in the ledger's zone (`2023-04`). */
export const GroupBy = oneOf("GroupBy", GROUP_BYS);
export type GroupBy = t.TypeOf<typeof GroupBy>;

/** One group of a report: its key (a level, sector, region code, source, unit name or month `YYYY-MM`) and its figures. */
export const ReportGroup = t.intersection([t.type({ key: t.string }), ReportFigures], "ReportGroup");
export type ReportGroup = t.TypeOf<typeof ReportGroup>;

/**
 * A report. Beyond the contract's fields (asOf, knownAt, timezone, period, totals, groups)
 * it may carry `by` and `regionLevel` (how groups were made) and, when a roster was given,
 * `zeroReports`: the roster entries with no major hazard discovered in the period (零报告).
 */
export const Report = t.intersection(
  [
    t.type({
      asOf: Instant,
      knownAt: t.union([Instant, t.null]),
      timezone: t.string,
      period: Period,
      totals: ReportFigures,
    }),
    t.partial({
      /**
       * The backfills committed after `knownAt` that amended this known-at view (interchange
       * "Commit time, backfill and the ledger digest"); empty when none. Added by whoever
       * reads the log (`BackfillTally`): the CLI's reports always have it.
       */
      backfills: t.array(Backfill),
      /** The log the report read: how many events, and their ledger digest. */
      ledger: t.type({ algorithm: t.string, events: count, digest: t.string }, "LedgerOfReport"),
      by: GroupBy,
      regionLevel: GovLevel,
      groups: t.array(ReportGroup),
      zeroReports: t.array(t.string),
    }),
  ],
  "Report",
);
export type Report = t.TypeOf<typeof Report>;

/** Reads a report back from JSON text or a parsed value, with a one-line error. */
export const decodeReport = (input: unknown): Either<string, Report> => {
  let value = input;
  if (typeof input === "string") {
    try {
      value = JSON.parse(input);
    } catch (e) {
      return left(`report: not JSON (${e instanceof Error ? e.message : String(e)})`);
    }
  }
  const decoded = Report.decode(value);
  return decoded._tag === "Left" ? left(`report: ${formatErrors(decoded.left)}`) : right(decoded.right);
};
