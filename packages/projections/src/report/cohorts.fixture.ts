import type { GovLevel, HazardLevel, HazardSource } from "@hazard-ledger/core";
import { DateTime } from "luxon";
import { type HazardHandle, HistoryBuilder } from "../ledger/historyBuilder.fixture.js";

/** Where a hazard of a cohort ends up, and what happened on the way. */
export type Outcome =
  "reported" | "rectifying" | "pending_acceptance" | "accepted" | "closed" | "long_term_control" | "voided";

export interface Cohort {
  readonly count: number;
  readonly outcome: Outcome;
  readonly level?: HazardLevel;
  readonly sector?: string;
  readonly region?: string;
  readonly source?: HazardSource;
  readonly unit?: string;
  /** Listed for supervision by this level; lifted once accepted (before closing). */
  readonly listedBy?: GovLevel;
}

/**
 * Builds a ledger of cohorts of hazards, each taken through a valid lifecycle to its outcome
 * within a few days of its discovery; discoveries are spread over the days from `firstDay`.
 */
export const buildCohorts = (
  cohorts: readonly Cohort[],
  options: { readonly firstDay?: string; readonly days?: number; readonly builder?: HistoryBuilder } = {},
): HistoryBuilder => {
  const builder = options.builder ?? new HistoryBuilder();
  const first = DateTime.fromISO(options.firstDay ?? "2023-01-01", { zone: "Asia/Shanghai" });
  const days = options.days ?? 300;
  let n = builder.events.length;
  for (const cohort of cohorts) {
    for (let i = 0; i < cohort.count; i += 1) {
      n += 1;
      const day = first.plus({ days: n % days });
      const at = (d: number, hour = 10) => {
        const text = day.plus({ days: d }).set({ hour }).toISO({ suppressMilliseconds: true });
        if (text === null) throw new RangeError("bad fixture date");
        return text;
      };
      const date = (d: number) => day.plus({ days: d }).toISODate() ?? "";
      const h: HazardHandle = builder.hazard(`HZ-${String(n).padStart(7, "0")}`, at(0, 9), {
        level: cohort.level ?? "general",
        sector: cohort.sector ?? "industry_trade",
        region: cohort.region ?? "430104001",
        source: cohort.source ?? "department_inspection",
        unit: cohort.unit ?? "某某机械厂",
      });
      if (cohort.outcome === "reported") continue;
      if (cohort.outcome === "voided") {
        h.void(at(0, 11));
        continue;
      }
      h.assign(at(0, 12), date(30));
      if (cohort.listedBy !== undefined) h.list(at(1), cohort.listedBy, date(60));
      if (cohort.outcome === "rectifying") continue;
      if (cohort.outcome === "long_term_control") {
        h.control(at(2), true);
        continue;
      }
      h.complete(at(5));
      if (cohort.outcome === "pending_acceptance") continue;
      h.accept(at(6));
      if (cohort.listedBy !== undefined) h.lift(at(7));
      if (cohort.outcome === "closed") h.close(at(8));
    }
  }
  return builder;
};
