import type { Actor, GovLevel, HazardLevel, HazardSource } from "../codecs/primitives.js";
import type * as t from "io-ts";
import { oneOf } from "../codecs/primitives.js";
import type { EnforcementAction, NoticeKind, Unit } from "../events/eventData.js";

export const HAZARD_STATUSES = [
  "reported",
  "rectifying",
  "long_term_control",
  "pending_acceptance",
  "accepted",
  "closed",
  "voided",
] as const;
/** The lifecycle status of a hazard (domain.md, Lifecycle); `HazardStatus.values` lists them. */
export const HazardStatus = oneOf("HazardStatus", HAZARD_STATUSES);
export type HazardStatus = t.TypeOf<typeof HazardStatus>;

/** A listing for supervision (挂牌督办): the current one, active or lifted. */
export interface Supervision {
  readonly authority: string;
  readonly authorityLevel: GovLevel;
  /** Effective supervision deadline (after extensions). */
  readonly deadline: string;
  readonly originalDeadline: string;
  readonly noticeNo: string | null;
  readonly active: boolean;
  readonly listedAt: string;
}

/** The last report of completed rectification, with the deadline in force at that moment. */
export interface Completion {
  readonly at: string;
  /** The effective deadline when it was completed; null for an immediate fix (即查即改). */
  readonly deadline: string | null;
  readonly immediate: boolean;
}

/**
 * Everything the rules and the projections need to know about one hazard, folded from its
 * events. Time-dependent facts (overdue) are never stored: they are derived at query time.
 */
export interface HazardState {
  /** `none` until the hazard is reported. */
  readonly status: "none" | HazardStatus;
  readonly hazardId: string | null;
  /** Seq of the last event folded; -1 before the first. */
  readonly seq: number;
  readonly lastOccurredAt: string | null;
  readonly reportedAt: string | null;
  readonly reportedBy: Actor | null;
  readonly title: string;
  readonly level: HazardLevel;
  readonly sector: string;
  readonly region: string;
  readonly unit: Unit | null;
  readonly source: HazardSource;
  /** Effective rectification deadline (YYYY-MM-DD); null before assignment. */
  readonly deadline: string | null;
  /** The deadline as first set (or as set by the last reopening); extensions never move it. */
  readonly originalDeadline: string | null;
  readonly responsibleUnit: string | null;
  /** A governance plan (治理方案) has been given. */
  readonly hasPlan: boolean;
  readonly interimControl: boolean;
  readonly supervision: Supervision | null;
  /** Times the hazard was listed (escalations count) and lifted. */
  readonly listings: number;
  readonly lifts: number;
  readonly lastCompletion: Completion | null;
  readonly reopenCount: number;
  readonly voidReason: string | null;
  readonly notices: Readonly<Record<NoticeKind, number>>;
  readonly enforcement: Readonly<Record<EnforcementAction, number>>;
  readonly finesFen: number;
}

/** The state before the first event. */
export const initialState: HazardState = Object.freeze({
  status: "none",
  hazardId: null,
  seq: -1,
  lastOccurredAt: null,
  reportedAt: null,
  reportedBy: null,
  title: "",
  level: "general",
  sector: "",
  region: "",
  unit: null,
  source: "other",
  deadline: null,
  originalDeadline: null,
  responsibleUnit: null,
  hasPlan: false,
  interimControl: false,
  supervision: null,
  listings: 0,
  lifts: 0,
  lastCompletion: null,
  reopenCount: 0,
  voidReason: null,
  notices: Object.freeze({ reminder: 0, supervision_letter: 0, interview: 0, bulletin: 0 }),
  enforcement: Object.freeze({ case_filed: 0, fine: 0, suspension_order: 0, seal: 0, closure_order: 0 }),
  finesFen: 0,
});

/**
 * The deadline in force, as a calendar date in `timeZone`. An immediate fix (即查即改) has
 * no assigned deadline: its deadline is its discovery day, which depends on the ledger's zone,
 * so it is derived here rather than stored.
 */
export const effectiveDeadline = (
  state: HazardState,
  discoveryDay: (instant: string) => string,
): string | null =>
  state.deadline ??
  (state.lastCompletion?.immediate === true && state.reportedAt !== null
    ? discoveryDay(state.reportedAt)
    : null);
