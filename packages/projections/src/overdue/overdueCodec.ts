import { CalendarDate, GovLevel, HazardLevel, NonNegativeInteger, oneOf } from "@hazard-ledger/core";
import * as t from "io-ts";

export const OVERDUE_KINDS = ["rectification", "supervision"] as const;
/** 超期未整改 (rectification) or 超期督办 (supervision). */
export const OverdueKind = oneOf("OverdueKind", OVERDUE_KINDS);
export type OverdueKind = t.TypeOf<typeof OverdueKind>;

const PositiveDays = t.refinement(NonNegativeInteger, (n) => n >= 1, "PositiveDays");

/**
 * One line of `overdue --format json` (interchange.md): the deadline that passed and the
 * whole local days since (as-of local date − deadline, at least 1). `authorityLevel` is the
 * level of the active listing, for every supervision item and for a listed hazard overdue
 * on rectification. `title`, `unit` and `status` are extras for people reading the list.
 * With a working-day calendar, `workingDaysOverdue` counts the working days after the
 * deadline up to the as-of date (0 when only holidays have passed; null when that span
 * leaves the days the calendar knows), and `workingDayCalendar` names the calendar's version.
 */
export const OverdueItem = t.intersection(
  [
    t.type({
      hazardId: t.string,
      kind: OverdueKind,
      deadline: CalendarDate,
      daysOverdue: PositiveDays,
      level: HazardLevel,
      sector: t.string,
      region: t.string,
    }),
    t.partial({
      authorityLevel: GovLevel,
      title: t.string,
      unit: t.string,
      status: t.string,
      workingDaysOverdue: t.union([NonNegativeInteger, t.null]),
      workingDayCalendar: t.string,
    }),
  ],
  "OverdueItem",
);
export type OverdueItem = t.TypeOf<typeof OverdueItem>;

/** The whole `overdue` answer: most overdue first. */
export const OverdueList = t.array(OverdueItem, "OverdueList");
export type OverdueList = t.TypeOf<typeof OverdueList>;

/**
 * A hazard rectified late (超期已整改): its last completion came `daysLate` local days after
 * the deadline then in force (an immediate fix: after its discovery day).
 */
export const RectifiedLateItem = t.type(
  {
    hazardId: t.string,
    deadline: CalendarDate,
    completedOn: CalendarDate,
    daysLate: PositiveDays,
    status: t.string,
    level: HazardLevel,
    sector: t.string,
    region: t.string,
  },
  "RectifiedLateItem",
);
export type RectifiedLateItem = t.TypeOf<typeof RectifiedLateItem>;
