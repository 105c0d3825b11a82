import type { HazardState } from "@hazard-ledger/core";
import type { Rate, ReportFigures } from "./reportCodec.js";

/** The query-time facts of one hazard that a report counts. */
export interface CountedFacts {
  readonly rectificationOverdue: boolean;
  readonly supervisionOverdue: boolean;
  readonly rectifiedLate: boolean;
}

/**
 * A rate from its parts, `rate` rounded to `decimals` places; null over a zero denominator.
 * The rounding never reaches 1 while a hazard is unrectified, nor 0 once one is rectified:
 * 199999/200000 is 0.99999, not 1 (at 0 decimals there is no such value: it rounds).
 */
export const rateOf = (numerator: number, denominator: number, decimals = 5): Rate => {
  if (denominator === 0) return { numerator, denominator, rate: null };
  const scale = 10 ** decimals;
  const rounded = Math.round((numerator / denominator) * scale);
  const kept =
    decimals === 0
      ? rounded
      : rounded >= scale && numerator < denominator
        ? scale - 1
        : rounded <= 0 && numerator > 0
          ? 1
          : rounded;
  return { numerator, denominator, rate: kept / scale };
};

/**
 * Counts hazards into the figures of one group (or the totals). Mutable plain counters:
 * a report adds each hazard once per group it belongs to, in one pass.
 */
export class FiguresAccumulator {
  discovered = 0;
  voided = 0;
  general = 0;
  major = 0;
  rectified = 0;
  pendingAcceptance = 0;
  closed = 0;
  longTermControl = 0;
  open = 0;
  reopened = 0;
  listed = 0;
  lifted = 0;
  active = 0;
  byAuthorityLevel = { province: 0, city: 0, county: 0, township: 0 };
  rectificationOverdue = 0;
  supervisionOverdue = 0;
  rectifiedLate = 0;
  notices = { reminder: 0, supervision_letter: 0, interview: 0, bulletin: 0 };
  enforcement = { case_filed: 0, fine: 0, suspension_order: 0, seal: 0, closure_order: 0 };
  finesFen = 0;

  /** Counts one hazard of the cohort, with its facts at the as-of instant. */
  add(state: HazardState, facts: CountedFacts): void {
    this.discovered += 1;
    // A voided hazard (误报/重复) is no hazard: it counts in discovered and voided only.
    if (state.status === "voided") {
      this.voided += 1;
      return;
    }
    if (state.level === "major") this.major += 1;
    else this.general += 1;
    switch (state.status) {
      case "closed":
        this.closed += 1;
        this.rectified += 1;
        break;
      case "accepted":
        this.rectified += 1;
        break;
      case "long_term_control":
        this.longTermControl += 1;
        break;
      case "pending_acceptance":
        this.pendingAcceptance += 1;
        this.open += 1;
        break;
      default:
        this.open += 1;
    }
    if (state.reopenCount > 0) this.reopened += 1;
    const supervision = state.supervision;
    if (supervision !== null) {
      this.listed += 1;
      if (supervision.active) this.active += 1;
      else this.lifted += 1;
      // A hazard counts once, at the level of its current listing (an escalation moves it up).
      this.byAuthorityLevel[supervision.authorityLevel] += 1;
    }
    if (facts.rectificationOverdue) this.rectificationOverdue += 1;
    if (facts.supervisionOverdue) this.supervisionOverdue += 1;
    if (facts.rectifiedLate) this.rectifiedLate += 1;
    const n = state.notices;
    this.notices.reminder += n.reminder;
    this.notices.supervision_letter += n.supervision_letter;
    this.notices.interview += n.interview;
    this.notices.bulletin += n.bulletin;
    const e = state.enforcement;
    this.enforcement.case_filed += e.case_filed;
    this.enforcement.fine += e.fine;
    this.enforcement.suspension_order += e.suspension_order;
    this.enforcement.seal += e.seal;
    this.enforcement.closure_order += e.closure_order;
    this.finesFen += state.finesFen;
  }

  /** The figures in the contract's field order. */
  figures(rateDecimals: number): ReportFigures {
    return {
      discovered: this.discovered,
      voided: this.voided,
      byLevel: { general: this.general, major: this.major },
      rectified: this.rectified,
      rectificationRate: rateOf(this.rectified, this.discovered - this.voided, rateDecimals),
      pendingAcceptance: this.pendingAcceptance,
      closed: this.closed,
      longTermControl: this.longTermControl,
      open: this.open,
      reopened: this.reopened,
      supervision: {
        listed: this.listed,
        lifted: this.lifted,
        active: this.active,
        byAuthorityLevel: { ...this.byAuthorityLevel },
      },
      overdue: {
        rectification: this.rectificationOverdue,
        supervision: this.supervisionOverdue,
        rectifiedLate: this.rectifiedLate,
      },
      notices: { ...this.notices },
      enforcement: { ...this.enforcement, finesFen: this.finesFen },
    };
  }
}
