import { type HazardState, type WorkingDayCalendar, workingDayCounter } from "@hazard-ledger/core";
import { type Either, isLeft, left, right } from "fp-ts/lib/Either.js";
import {
  isRectificationOverdue,
  isRectifiedLate,
  isSupervisionOverdue,
  lastCompletionJudged,
  rectificationDeadline,
} from "../ledger/hazardFacts.js";
import { foldLedger, foldLedgerAsync, reportedStates } from "../ledger/ledger.js";
import type { EventSource, ProjectableEvent } from "../ledger/projectableEvent.js";
import { type QueryOptions, type ResolvedQueryOptions, resolveQueryOptions } from "../ledger/queryOptions.js";
import { type ProjectionError, projectionError } from "../projectionError.js";
import { OVERDUE_KINDS, OverdueKind, type OverdueItem, type RectifiedLateItem } from "./overdueCodec.js";

/** Options of an overdue list. */
export interface OverdueOptions extends QueryOptions {
  /** Which lists to include; default both (`--kind` picks one). */
  readonly kinds?: readonly OverdueKind[];
  /** When given, each item also counts its working days overdue on this calendar. */
  readonly workingDays?: WorkingDayCalendar;
}

const byMostOverdue = (a: OverdueItem, b: OverdueItem): number =>
  b.daysOverdue - a.daysOverdue ||
  (a.hazardId < b.hazardId ? -1 : a.hazardId > b.hazardId ? 1 : 0) ||
  (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0);

/**
 * The overdue items of folded hazard states at the as-of instant: 超期未整改 (rectifying past
 * the effective deadline) and 超期督办 (an active listing past its deadline), most overdue
 * first, then by hazard id.
 */
export const overdueOfStates = (
  states: Iterable<HazardState>,
  options: ResolvedQueryOptions,
  kinds: readonly OverdueKind[] = OVERDUE_KINDS,
  workingDays?: WorkingDayCalendar,
): OverdueItem[] => {
  const { calendar, asOfMillis, asOfDate } = options;
  const counter = workingDays === undefined ? undefined : workingDayCounter(workingDays);
  const inWorkingDays = (deadline: string) => {
    if (counter === undefined) return {};
    const counted = counter.workingDaysAfter(deadline, asOfDate);
    return {
      workingDaysOverdue: isLeft(counted) ? null : counted.right,
      workingDayCalendar: counter.calendar.version,
    };
  };
  const wantRectification = kinds.includes("rectification");
  const wantSupervision = kinds.includes("supervision");
  const items: OverdueItem[] = [];
  for (const s of states) {
    if (s.hazardId === null) continue;
    const common = {
      level: s.level,
      sector: s.sector,
      region: s.region,
      ...(s.supervision?.active === true ? { authorityLevel: s.supervision.authorityLevel } : {}),
      title: s.title,
      unit: s.unit?.name ?? "",
      status: s.status,
    };
    const deadline = wantRectification ? rectificationDeadline(s, calendar) : null;
    if (deadline !== null && isRectificationOverdue(s, calendar, asOfMillis))
      items.push({
        hazardId: s.hazardId,
        kind: "rectification",
        deadline,
        daysOverdue: calendar.daysBetween(deadline, asOfDate),
        ...inWorkingDays(deadline),
        ...common,
      });
    if (wantSupervision && s.supervision !== null && isSupervisionOverdue(s, calendar, asOfMillis))
      items.push({
        hazardId: s.hazardId,
        kind: "supervision",
        deadline: s.supervision.deadline,
        daysOverdue: calendar.daysBetween(s.supervision.deadline, asOfDate),
        ...inWorkingDays(s.supervision.deadline),
        ...common,
      });
  }
  return items.sort(byMostOverdue);
};

/** The hazards rectified late (超期已整改) among folded states, latest first. */
export const rectifiedLateOfStates = (
  states: Iterable<HazardState>,
  options: ResolvedQueryOptions,
): RectifiedLateItem[] => {
  const { calendar } = options;
  const items: RectifiedLateItem[] = [];
  for (const s of states) {
    if (s.hazardId === null || !isRectifiedLate(s, calendar)) continue;
    const judged = lastCompletionJudged(s, calendar);
    if (judged === null) continue;
    const completedOn = calendar.localDate(judged.completedAtMillis);
    items.push({
      hazardId: s.hazardId,
      deadline: judged.deadline,
      completedOn,
      daysLate: calendar.daysBetween(judged.deadline, completedOn),
      status: s.status,
      level: s.level,
      sector: s.sector,
      region: s.region,
    });
  }
  return items.sort(
    (a, b) => b.daysLate - a.daysLate || (a.hazardId < b.hazardId ? -1 : a.hazardId > b.hazardId ? 1 : 0),
  );
};

const checkKinds = (
  kinds: readonly string[] | undefined,
): Either<ProjectionError, readonly OverdueKind[]> => {
  if (kinds === undefined) return right(OVERDUE_KINDS);
  const checked: OverdueKind[] = [];
  for (const kind of kinds) {
    if (!OverdueKind.is(kind))
      return left(
        projectionError(
          "INVALID_OPTION",
          `kinds: ${JSON.stringify(kind)} is not one of rectification, supervision`,
        ),
      );
    checked.push(kind);
  }
  return right(checked);
};

/**
 * The overdue list of interchange.md over a finite sequence of events in global order, as
 * of and known at the chosen instants.
 */
export const overdueListSync = (
  events: Iterable<ProjectableEvent>,
  options: OverdueOptions,
): Either<ProjectionError, OverdueItem[]> => {
  const resolved = resolveQueryOptions(options);
  if (isLeft(resolved)) return resolved;
  const kinds = checkKinds(options.kinds);
  if (isLeft(kinds)) return kinds;
  const ledger = foldLedger(events, resolved.right.cutoff);
  if (isLeft(ledger)) return ledger;
  return right(
    overdueOfStates(reportedStates(ledger.right), resolved.right, kinds.right, options.workingDays),
  );
};

/**
 * The overdue list over any event source: an array, a generator, or a store's `readAll()`.
 */
export const overdueList = async (
  events: EventSource,
  options: OverdueOptions,
): Promise<Either<ProjectionError, OverdueItem[]>> => {
  const resolved = resolveQueryOptions(options);
  if (isLeft(resolved)) return resolved;
  const kinds = checkKinds(options.kinds);
  if (isLeft(kinds)) return kinds;
  const ledger = await foldLedgerAsync(events, resolved.right.cutoff);
  if (isLeft(ledger)) return ledger;
  return right(
    overdueOfStates(reportedStates(ledger.right), resolved.right, kinds.right, options.workingDays),
  );
};

/** The rectified-late list (超期已整改) over a finite sequence of events. */
export const rectifiedLateListSync = (
  events: Iterable<ProjectableEvent>,
  options: QueryOptions,
): Either<ProjectionError, RectifiedLateItem[]> => {
  const resolved = resolveQueryOptions(options);
  if (isLeft(resolved)) return resolved;
  const ledger = foldLedger(events, resolved.right.cutoff);
  if (isLeft(ledger)) return ledger;
  return right(rectifiedLateOfStates(reportedStates(ledger.right), resolved.right));
};

/**
 * The hazards rectified late over any event source (an array, a generator, a store's read).
 */
export const rectifiedLateList = async (
  events: EventSource,
  options: QueryOptions,
): Promise<Either<ProjectionError, RectifiedLateItem[]>> => {
  const resolved = resolveQueryOptions(options);
  if (isLeft(resolved)) return resolved;
  const ledger = await foldLedgerAsync(events, resolved.right.cutoff);
  if (isLeft(ledger)) return ledger;
  return right(rectifiedLateOfStates(reportedStates(ledger.right), resolved.right));
};
