import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arbHistory, arbInstant } from "../ledger/randomHistory.fixture.js";
import { parseInstantMillis } from "../time/instantMillis.js";
import { buildReportSync } from "./report.js";
import type { Report, ReportFigures } from "./reportCodec.js";

const RUNS = { numRuns: 200 };

const right = <A>(e: { _tag: "Left"; left: { message: string } } | { _tag: "Right"; right: A }): A => {
  if (e._tag === "Left") throw new Error(e.left.message);
  return e.right;
};

const figuresOf = (r: Report) => ({ totals: r.totals, groups: r.groups });

const conserves = (f: ReportFigures): void => {
  expect(f.discovered - f.voided).toBe(f.rectified + f.open + f.longTermControl);
  expect(f.byLevel.general + f.byLevel.major).toBe(f.discovered - f.voided);
  expect(f.closed).toBeLessThanOrEqual(f.rectified);
  expect(f.pendingAcceptance).toBeLessThanOrEqual(f.open);
  const s = f.supervision;
  expect(s.listed).toBe(s.lifted + s.active);
  expect(s.listed).toBe(
    s.byAuthorityLevel.province +
      s.byAuthorityLevel.city +
      s.byAuthorityLevel.county +
      s.byAuthorityLevel.township,
  );
  expect(f.rectificationRate.numerator).toBe(f.rectified);
  expect(f.rectificationRate.denominator).toBe(f.discovered - f.voided);
};

describe("report properties over random valid histories", () => {
  it("as of T equals the report of only the events that occurred by T", () => {
    fc.assert(
      fc.property(arbHistory(), arbInstant, (events, asOf) => {
        const cut = events.filter((e) => parseInstantMillis(e.occurredAt) <= parseInstantMillis(asOf));
        expect(right(buildReportSync(events, { asOf, by: "sector" }))).toEqual(
          right(buildReportSync(cut, { asOf, by: "sector" })),
        );
      }),
      RUNS,
    );
  });

  it("known at K equals the report of a store that only ever held the events recorded by K", () => {
    fc.assert(
      fc.property(arbHistory(), arbInstant, arbInstant, (events, asOf, knownAt) => {
        const held = events.filter((e) => parseInstantMillis(e.recordedAt) <= parseInstantMillis(knownAt));
        const atK = right(buildReportSync(events, { asOf, knownAt, by: "region", regionLevel: "county" }));
        const ofHeld = right(buildReportSync(held, { asOf, by: "region", regionLevel: "county" }));
        expect(atK.knownAt).toBe(knownAt);
        expect(figuresOf(atK)).toEqual(figuresOf(ofHeld));
      }),
      RUNS,
    );
  });

  it("discovered − voided = rectified + open + longTermControl, in totals and every group", () => {
    fc.assert(
      fc.property(
        arbHistory(),
        arbInstant,
        fc.constantFrom("level", "sector", "region", "source", "unit" as const),
        (events, asOf, by) => {
          const report = right(buildReportSync(events, { asOf, by }));
          conserves(report.totals);
          for (const g of report.groups ?? []) conserves(g);
        },
      ),
      RUNS,
    );
  });

  it("groups that partition the cohort sum to the totals: roll-ups add counts, never rates", () => {
    fc.assert(
      fc.property(
        arbHistory(),
        arbInstant,
        fc.constantFrom("province", "city", "county", "township" as const),
        (events, asOf, regionLevel) => {
          const report = right(buildReportSync(events, { asOf, by: "region", regionLevel }));
          const sum = (pick: (f: ReportFigures) => number) =>
            (report.groups ?? []).reduce((n, g) => n + pick(g), 0);
          const t = report.totals;
          expect(sum((f) => f.discovered)).toBe(t.discovered);
          expect(sum((f) => f.rectificationRate.numerator)).toBe(t.rectificationRate.numerator);
          expect(sum((f) => f.rectificationRate.denominator)).toBe(t.rectificationRate.denominator);
          expect(sum((f) => f.overdue.rectification)).toBe(t.overdue.rectification);
          expect(sum((f) => f.enforcement.finesFen)).toBe(t.enforcement.finesFen);
          // A province roster rolls every code of the province up into one group.
          const rolled = right(buildReportSync(events, { asOf, by: "region", roster: ["430000"] }));
          expect(rolled.groups?.[0]).toEqual({ key: "430000", ...t });
        },
      ),
      RUNS,
    );
  });

  it("a period's cohort is the hazards discovered on its local days, and periods add up", () => {
    fc.assert(
      fc.property(arbHistory(), arbInstant, fc.nat(60), (events, asOf, split) => {
        const mid = new Date(Date.UTC(2023, 11, 20 + split)).toISOString().slice(0, 10);
        const all = right(buildReportSync(events, { asOf })).totals;
        const before = right(buildReportSync(events, { asOf, period: { to: mid } })).totals;
        const after = right(buildReportSync(events, { asOf, period: { from: mid } })).totals;
        expect(before.discovered + after.discovered).toBe(all.discovered);
        expect(before.rectified + after.rectified).toBe(all.rectified);
        expect(before.overdue.rectification + after.overdue.rectification).toBe(all.overdue.rectification);
      }),
      RUNS,
    );
  });
});
