import { rateOf } from "./figuresAccumulator.js";
import type { ReportFigures } from "./reportCodec.js";

type Counts = { readonly [k: string]: number };

const addCounts = <T extends Counts>(a: T, b: T): T => {
  const out: Record<string, number> = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = (out[k] ?? 0) + v;
  return out as T;
};

/**
 * The figures of disjoint sets of hazards together (a roll-up of districts into a city,
 * sectors into a total): every count is added, and the rate is recomputed from the summed
 * numerators and denominators, never averaged.
 */
export const sumFigures = (parts: readonly ReportFigures[], rateDecimals = 5): ReportFigures => {
  const zero: ReportFigures = {
    discovered: 0,
    voided: 0,
    byLevel: { general: 0, major: 0 },
    rectified: 0,
    rectificationRate: rateOf(0, 0),
    pendingAcceptance: 0,
    closed: 0,
    longTermControl: 0,
    open: 0,
    reopened: 0,
    supervision: {
      listed: 0,
      lifted: 0,
      active: 0,
      byAuthorityLevel: { province: 0, city: 0, county: 0, township: 0 },
    },
    overdue: { rectification: 0, supervision: 0, rectifiedLate: 0 },
    notices: { reminder: 0, supervision_letter: 0, interview: 0, bulletin: 0 },
    enforcement: { case_filed: 0, fine: 0, suspension_order: 0, seal: 0, closure_order: 0, finesFen: 0 },
  };
  return parts.reduce<ReportFigures>((acc, f) => {
    const numerator = acc.rectificationRate.numerator + f.rectificationRate.numerator;
    const denominator = acc.rectificationRate.denominator + f.rectificationRate.denominator;
    return {
      discovered: acc.discovered + f.discovered,
      voided: acc.voided + f.voided,
      byLevel: addCounts(acc.byLevel, f.byLevel),
      rectified: acc.rectified + f.rectified,
      rectificationRate: rateOf(numerator, denominator, rateDecimals),
      pendingAcceptance: acc.pendingAcceptance + f.pendingAcceptance,
      closed: acc.closed + f.closed,
      longTermControl: acc.longTermControl + f.longTermControl,
      open: acc.open + f.open,
      reopened: acc.reopened + f.reopened,
      supervision: {
        listed: acc.supervision.listed + f.supervision.listed,
        lifted: acc.supervision.lifted + f.supervision.lifted,
        active: acc.supervision.active + f.supervision.active,
        byAuthorityLevel: addCounts(acc.supervision.byAuthorityLevel, f.supervision.byAuthorityLevel),
      },
      overdue: addCounts(acc.overdue, f.overdue),
      notices: addCounts(acc.notices, f.notices),
      enforcement: addCounts(acc.enforcement, f.enforcement),
    };
  }, zero);
};
