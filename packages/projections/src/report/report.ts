import type { HazardState } from "@hazard-ledger/core";
import { type Either, isLeft, right } from "fp-ts/lib/Either.js";
import { isRectificationOverdue, isRectifiedLate, isSupervisionOverdue } from "../ledger/hazardFacts.js";
import { foldLedger, foldLedgerAsync, reportedStates } from "../ledger/ledger.js";
import type { EventSource, ProjectableEvent } from "../ledger/projectableEvent.js";
import type { ProjectionError } from "../projectionError.js";
import { parseInstantMillis } from "../time/instantMillis.js";
import { FiguresAccumulator } from "./figuresAccumulator.js";
import { regionAtLevel, regionCovers } from "./regionCode.js";
import type { Report, ReportGroup } from "./reportCodec.js";
import { type ReportOptions, type ResolvedReportOptions, resolveReportOptions } from "./reportOptions.js";

type GroupKeys = (state: HazardState) => readonly string[];

const groupKeysOf = (options: ResolvedReportOptions): GroupKeys | null => {
  const { by, roster, regionLevel } = options;
  if (by === null) return null;
  if (by === "region") {
    if (roster !== null) return (s) => roster.filter((division) => regionCovers(division, s.region));
    return regionLevel === null ? (s) => [s.region] : (s) => [regionAtLevel(s.region, regionLevel)];
  }
  if (by === "unit") {
    if (roster !== null)
      return (s) =>
        roster.filter(
          (u) => u === s.unit?.name || (s.unit?.creditCode !== undefined && u === s.unit.creditCode),
        );
    return (s) => [s.unit?.name ?? ""];
  }
  if (by === "level") return (s) => [s.level];
  if (by === "sector") return (s) => [s.sector];
  if (by === "month")
    return (s) => [
      s.reportedAt === null ? "" : options.calendar.localDate(parseInstantMillis(s.reportedAt)).slice(0, 7),
    ];
  return (s) => [s.source];
};

/**
 * The report of hazard states already folded on the options' time axes (a ledger folded
 * with `options.cutoff`, or the runner's read model). One pass: each hazard of the
 * cohort is judged once and counted in the totals and in each of its groups.
 */
export const summarizeStates = (states: Iterable<HazardState>, options: ResolvedReportOptions): Report => {
  const { calendar, asOfMillis, fromMillis, toMillis, roster } = options;
  const totals = new FiguresAccumulator();
  const groups = new Map<string, FiguresAccumulator>();
  if (roster !== null) for (const key of roster) groups.set(key, new FiguresAccumulator());
  const keysOf = groupKeysOf(options);
  // A report of every period (the default) reads no instant but the deadlines'.
  const bounded = fromMillis !== -Infinity || toMillis !== Infinity;
  for (const state of states) {
    if (state.reportedAt === null) continue;
    if (bounded) {
      const reported = parseInstantMillis(state.reportedAt);
      if (reported < fromMillis || reported >= toMillis) continue;
    }
    const facts = {
      rectificationOverdue: isRectificationOverdue(state, calendar, asOfMillis),
      supervisionOverdue: isSupervisionOverdue(state, calendar, asOfMillis),
      rectifiedLate: isRectifiedLate(state, calendar),
    };
    totals.add(state, facts);
    if (keysOf === null) continue;
    for (const key of keysOf(state)) {
      let group = groups.get(key);
      if (group === undefined) {
        group = new FiguresAccumulator();
        groups.set(key, group);
      }
      group.add(state, facts);
    }
  }
  const report: Report = {
    asOf: options.asOf,
    knownAt: options.knownAt,
    timezone: calendar.timeZone,
    period: options.period,
    totals: totals.figures(options.rateDecimals),
  };
  if (options.by === null) return report;
  // A roster fixes the order; otherwise groups come in key order, so reports are reproducible.
  const keys = roster ?? [...groups.keys()].sort();
  const grouped: ReportGroup[] = keys.map((key) => ({
    key,
    ...(groups.get(key) ?? new FiguresAccumulator()).figures(options.rateDecimals),
  }));
  return {
    ...report,
    by: options.by,
    ...(options.regionLevel !== null ? { regionLevel: options.regionLevel } : {}),
    groups: grouped,
    ...(roster !== null
      ? { zeroReports: grouped.filter((g) => g.byLevel.major === 0).map((g) => g.key) }
      : {}),
  };
};

/**
 * The report JSON of interchange.md over a finite sequence of events in global order (an
 * array, or events already read from a store): hazards discovered in the period, as of and
 * known at the chosen instants.
 */
export const buildReportSync = (
  events: Iterable<ProjectableEvent>,
  options: ReportOptions,
): Either<ProjectionError, Report> => {
  const resolved = resolveReportOptions(options);
  if (isLeft(resolved)) return resolved;
  const ledger = foldLedger(events, resolved.right.cutoff);
  if (isLeft(ledger)) return ledger;
  return right(summarizeStates(reportedStates(ledger.right), resolved.right));
};

/**
 * The report JSON of interchange.md over any event source: an array, a generator, or a store's
 * `readAll()`.
 */
export const buildReport = async (
  events: EventSource,
  options: ReportOptions,
): Promise<Either<ProjectionError, Report>> => {
  const resolved = resolveReportOptions(options);
  if (isLeft(resolved)) return resolved;
  const ledger = await foldLedgerAsync(events, resolved.right.cutoff);
  if (isLeft(ledger)) return ledger;
  return right(summarizeStates(reportedStates(ledger.right), resolved.right));
};
