import { type HazardState } from "@hazard-ledger/core";
import { effectiveDeadline } from "@hazard-ledger/core/store-kit";
import type { LedgerCalendar } from "../time/ledgerCalendar.js";
import { parseInstantMillis } from "../time/instantMillis.js";

/*
 * The time-dependent facts of a hazard (domain.md, Time), derived from its folded state,
 * the as-of instant and the ledger's calendar at query time, never stored. A deadline day
 * is over at the first millisecond of the next local day: deadline 2023-12-31 in
 * Asia/Shanghai is on time until 2023-12-31T23:59:59.999+08:00 and overdue from
 * 2024-01-01T00:00:00+08:00.
 */

/** The local calendar day the hazard was reported on (its discovery day). */
export const discoveryDay = (state: HazardState, calendar: LedgerCalendar): string | null =>
  state.reportedAt === null ? null : calendar.localDate(parseInstantMillis(state.reportedAt));

/** The rectification deadline in force: the assigned one, or for an immediate fix its discovery day. */
export const deadlineInForce = (state: HazardState, calendar: LedgerCalendar): string | null =>
  effectiveDeadline(state, (instant) => calendar.localDate(parseInstantMillis(instant)));

/**
 * The rectification deadline a rectifying hazard is overdue against, null when it is not
 * rectifying. A rejected immediate fix is rectifying with no assigned deadline: its deadline
 * stays its discovery day (core's `effectiveDeadline`).
 */
export const rectificationDeadline = (state: HazardState, calendar: LedgerCalendar): string | null =>
  state.status !== "rectifying" ? null : (state.deadline ?? deadlineInForce(state, calendar));

/** 超期未整改: rectifying, and the as-of day is after the effective deadline. */
export const isRectificationOverdue = (
  state: HazardState,
  calendar: LedgerCalendar,
  asOfMillis: number,
): boolean => {
  const deadline = rectificationDeadline(state, calendar);
  return deadline !== null && asOfMillis >= calendar.endOfDay(deadline);
};

/**
 * 超期督办: an active listing whose supervision deadline has passed, whatever the status
 * (but a voided hazard is no hazard: it counts nowhere but in discovered and voided).
 */
export const isSupervisionOverdue = (
  state: HazardState,
  calendar: LedgerCalendar,
  asOfMillis: number,
): boolean =>
  state.supervision !== null &&
  state.supervision.active &&
  state.status !== "voided" &&
  asOfMillis >= calendar.endOfDay(state.supervision.deadline);

const RECTIFIED_STATUSES: ReadonlySet<string> = new Set(["pending_acceptance", "accepted", "closed"]);

/**
 * The deadline a rectified hazard's last completion is judged against, and the local day of
 * that completion; null unless the hazard is now pending acceptance, accepted or closed.
 */
export const lastCompletionJudged = (
  state: HazardState,
  calendar: LedgerCalendar,
): { readonly deadline: string; readonly completedAtMillis: number } | null => {
  const completion = state.lastCompletion;
  if (completion === null || !RECTIFIED_STATUSES.has(state.status)) return null;
  const deadline = completion.deadline ?? (completion.immediate ? discoveryDay(state, calendar) : null);
  return deadline === null ? null : { deadline, completedAtMillis: parseInstantMillis(completion.at) };
};

/**
 * 超期已整改: now pending acceptance, accepted or closed, and the last completion came after
 * the effective deadline of that moment (an immediate fix: after its discovery day).
 */
export const isRectifiedLate = (state: HazardState, calendar: LedgerCalendar): boolean => {
  const judged = lastCompletionJudged(state, calendar);
  return judged !== null && judged.completedAtMillis >= calendar.endOfDay(judged.deadline);
};
