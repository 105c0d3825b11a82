import { type HazardState, HazardStatus } from "@hazard-ledger/core";
import { type Either, isLeft, left, right } from "fp-ts/lib/Either.js";
import {
  deadlineInForce,
  discoveryDay,
  isRectificationOverdue,
  isSupervisionOverdue,
  rectificationDeadline,
} from "../ledger/hazardFacts.js";
import { foldLedger, foldLedgerAsync, reportedStates } from "../ledger/ledger.js";
import type { EventSource, ProjectableEvent } from "../ledger/projectableEvent.js";
import { type QueryOptions, type ResolvedQueryOptions, resolveQueryOptions } from "../ledger/queryOptions.js";
import { type ProjectionError, projectionError } from "../projectionError.js";
import { regionCovers } from "../report/regionCode.js";
import type { HazardRow } from "./hazardRowCodec.js";

/** Which hazards a list keeps; every field is optional, and all given must hold. */
export interface HazardFilter {
  /** Any of these statuses. */
  readonly statuses?: readonly HazardStatus[];
  readonly levels?: readonly string[];
  readonly sectors?: readonly string[];
  readonly sources?: readonly string[];
  /** A region code prefix (430111 keeps every township of that county). */
  readonly region?: string;
  /** Text the unit's name or credit code contains. */
  readonly unit?: string;
  /** Only hazards overdue on rectification or supervision at the as-of instant. */
  readonly overdue?: boolean;
}

/** Options of a hazard list: the question's axes and the filter. */
export interface HazardListOptions extends QueryOptions {
  readonly filter?: HazardFilter;
}

/** The filter, or a one-line INVALID_OPTION saying which of its values is not one. */
export const checkHazardFilter = (filter: HazardFilter): Either<ProjectionError, HazardFilter> => {
  for (const s of filter.statuses ?? [])
    if (!(HazardStatus.values as readonly string[]).includes(s))
      return left(
        projectionError(
          "INVALID_OPTION",
          `status: ${JSON.stringify(s)} is not one of ${HazardStatus.values.join(", ")}`,
        ),
      );
  if (filter.region !== undefined && !/^\d{1,12}$/.test(filter.region))
    return left(
      projectionError(
        "INVALID_OPTION",
        `region: ${JSON.stringify(filter.region)} is not a region code prefix (digits)`,
      ),
    );
  return right(filter);
};

/** The row of one folded hazard at the as-of instant. */
const rowOf = (s: HazardState, options: ResolvedQueryOptions): HazardRow => {
  const { calendar, asOfMillis, asOfDate } = options;
  const rectification = isRectificationOverdue(s, calendar, asOfMillis);
  const supervision = isSupervisionOverdue(s, calendar, asOfMillis);
  const rectifyBy = rectificationDeadline(s, calendar);
  const days = [
    rectification && rectifyBy !== null ? calendar.daysBetween(rectifyBy, asOfDate) : null,
    supervision && s.supervision !== null ? calendar.daysBetween(s.supervision.deadline, asOfDate) : null,
  ].filter((d): d is number => d !== null);
  return {
    hazardId: s.hazardId ?? "",
    title: s.title,
    level: s.level,
    status: s.status as HazardStatus,
    sector: s.sector,
    region: s.region,
    unit: s.unit?.name ?? "",
    source: s.source,
    discoveredOn: discoveryDay(s, calendar) ?? "",
    deadline: deadlineInForce(s, calendar),
    overdue: { rectification, supervision },
    daysOverdue: days.length === 0 ? null : Math.max(...days),
    listing:
      s.supervision === null
        ? null
        : {
            authority: s.supervision.authority,
            authorityLevel: s.supervision.authorityLevel,
            deadline: s.supervision.deadline,
            active: s.supervision.active,
          },
  };
};

const keeps = (filter: HazardFilter, s: HazardState, row: HazardRow): boolean =>
  (filter.statuses === undefined || filter.statuses.includes(row.status)) &&
  (filter.levels === undefined || filter.levels.includes(row.level)) &&
  (filter.sectors === undefined || filter.sectors.includes(row.sector)) &&
  (filter.sources === undefined || filter.sources.includes(row.source)) &&
  (filter.region === undefined || regionCovers(filter.region, row.region)) &&
  (filter.unit === undefined ||
    row.unit.includes(filter.unit) ||
    (s.unit?.creditCode !== undefined && s.unit.creditCode.includes(filter.unit))) &&
  (filter.overdue !== true || row.overdue.rectification || row.overdue.supervision);

/** The rows of folded hazard states that the filter keeps, in hazard id order. */
export const hazardRowsOfStates = (
  states: Iterable<HazardState>,
  options: ResolvedQueryOptions,
  filter: HazardFilter = {},
): HazardRow[] => {
  const rows: HazardRow[] = [];
  for (const s of states) {
    if (s.hazardId === null) continue;
    const row = rowOf(s, options);
    if (keeps(filter, s, row)) rows.push(row);
  }
  return rows.sort((a, b) => (a.hazardId < b.hazardId ? -1 : a.hazardId > b.hazardId ? 1 : 0));
};

/** The hazard list (`list`) over a finite sequence of events in global order. */
export const hazardListSync = (
  events: Iterable<ProjectableEvent>,
  options: HazardListOptions,
): Either<ProjectionError, HazardRow[]> => {
  const resolved = resolveQueryOptions(options);
  if (isLeft(resolved)) return resolved;
  const filter = checkHazardFilter(options.filter ?? {});
  if (isLeft(filter)) return filter;
  const ledger = foldLedger(events, resolved.right.cutoff);
  if (isLeft(ledger)) return ledger;
  return right(hazardRowsOfStates(reportedStates(ledger.right), resolved.right, filter.right));
};

/**
 * The hazard list (台账明细) over any event source: an array, a generator, or a store's `readAll()`.
 */
export const hazardList = async (
  events: EventSource,
  options: HazardListOptions,
): Promise<Either<ProjectionError, HazardRow[]>> => {
  const resolved = resolveQueryOptions(options);
  if (isLeft(resolved)) return resolved;
  const filter = checkHazardFilter(options.filter ?? {});
  if (isLeft(filter)) return filter;
  const ledger = await foldLedgerAsync(events, resolved.right.cutoff);
  if (isLeft(ledger)) return ledger;
  return right(hazardRowsOfStates(reportedStates(ledger.right), resolved.right, filter.right));
};
