import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arbHistory, arbInstant } from "../ledger/randomHistory.fixture.js";
import { renderRanking } from "../render/renderRanking.js";
import { renderReport } from "../render/renderReport.js";
import { buildCohorts } from "./cohorts.fixture.js";
import { rankGroups } from "./ranking.js";
import { buildReportSync } from "./report.js";
import { sumFigures } from "./sumFigures.js";

const right = <A>(e: { _tag: "Left"; left: { message: string } } | { _tag: "Right"; right: A }): A => {
  if (e._tag === "Left") throw new Error(e.left.message);
  return e.right;
};

describe("rankings and roll-ups", () => {
  const ledger = buildCohorts([
    { count: 9, outcome: "closed", region: "430104001" },
    { count: 1, outcome: "rectifying", region: "430104002" },
    { count: 3, outcome: "closed", region: "430105001" },
    { count: 1, outcome: "rectifying", region: "430105001" },
    { count: 18, outcome: "closed", region: "430102001" },
    { count: 2, outcome: "rectifying", region: "430102001" },
    { count: 5, outcome: "rectifying", region: "430181001", level: "major" },
  ]);
  const report = right(
    buildReportSync(ledger.events, {
      period: { from: "2023-01-01", to: "2024-01-01" },
      by: "region",
      roster: ["430102", "430104", "430105", "430181", "430121"],
    }),
  );

  it("sums a district's townships and reports the roster's zeros", () => {
    const keys = report.groups?.map((g) => [
      g.key,
      g.rectificationRate.numerator,
      g.rectificationRate.denominator,
    ]);
    expect(keys).toEqual([
      ["430102", 18, 20],
      ["430104", 9, 10],
      ["430105", 3, 4],
      ["430181", 0, 5],
      ["430121", 0, 0],
    ]);
    expect(report.zeroReports).toEqual(["430102", "430104", "430105", "430121"]);
    expect(renderReport(report)).toContain("重大隐患排查“零”报告地区4个：430102、430104、430105、430121。");
  });

  it("ranks by exact rate, ties sharing a place, the unrated last", () => {
    const ranked = right(rankGroups(report.groups ?? [], { by: "rate" }));
    expect(ranked.map((r) => [r.rank, r.key])).toEqual([
      [1, "430102"],
      [1, "430104"],
      [3, "430105"],
      [4, "430181"],
      [null, "430121"],
    ]);
    const text = renderRanking(report, ranked, "rate", { decimals: 1 });
    expect(text).toContain("1. 430102 整改率90.0%（18/20）");
    expect(text).toContain("— 430121 整改率—（0/0）");
  });

  it("ranks by overdue count, most overdue first", () => {
    const asOf = "2024-06-01T00:00:00+08:00";
    const r = right(buildReportSync(ledger.events, { asOf, by: "region", regionLevel: "county" }));
    const ranked = right(rankGroups(r.groups ?? [], { by: "overdue" }));
    expect(ranked[0]).toMatchObject({ rank: 1, key: "430181" });
    expect(ranked.map((x) => x.group.overdue.rectification)).toEqual([5, 2, 1, 1]);
  });

  it("rolls groups up by summing parts: the sum of any partition is the totals", () => {
    fc.assert(
      fc.property(
        arbHistory(),
        arbInstant,
        fc.constantFrom("level", "sector", "source", "unit" as const),
        (events, asOf, by) => {
          const r = right(buildReportSync(events, { asOf, by }));
          expect(sumFigures(r.groups ?? [])).toEqual(r.totals);
        },
      ),
      { numRuns: 200 },
    );
  });
});
