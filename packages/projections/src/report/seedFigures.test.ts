import { describe, expect, it } from "vitest";
import { figuresSentence, renderReport } from "../render/renderReport.js";
import { buildCohorts } from "./cohorts.fixture.js";
import { buildReportSync } from "./report.js";
import type { Report, ReportFigures } from "./reportCodec.js";

/*
 * The figures of the seed work reports (shared/seeds), reproduced from ledgers built event
 * by event: the library must compute what the offices print by hand.
 */

const YEAR_2023 = { period: { from: "2023-01-01", to: "2024-01-01" } } as const;

const report = (
  events: Parameters<typeof buildReportSync>[0],
  options: Parameters<typeof buildReportSync>[1],
): Report => {
  const result = buildReportSync(events, options);
  if (result._tag === "Left") throw new Error(result.left.message);
  return result.right;
};

describe("seed 000: 台帐3832个，完成整治3730个，整改率97.3％; 省市挂牌督办650个", () => {
  const ledger = buildCohorts([
    { count: 100, outcome: "closed", level: "major", listedBy: "province" },
    { count: 500, outcome: "closed", level: "major", listedBy: "city" },
    { count: 50, outcome: "rectifying", level: "major", listedBy: "city" },
    { count: 3130, outcome: "closed" },
    { count: 52, outcome: "rectifying" },
  ]);
  const r = report(ledger.events, YEAR_2023);

  it("counts 3730 rectified of 3832, 97.3% at one decimal", () => {
    expect(r.totals.discovered).toBe(3832);
    expect(r.totals.byLevel).toEqual({ general: 3182, major: 650 });
    expect(r.totals.rectified).toBe(3730);
    expect(r.totals.rectificationRate).toEqual({ numerator: 3730, denominator: 3832, rate: 0.97338 });
    expect(renderReport(r, { decimals: 1 })).toContain("已整改3730处，整改率97.3%");
    expect(renderReport(r, { decimals: 2 })).toContain("整改率97.34%");
    expect(renderReport(r, { lang: "en", decimals: 1 })).toContain(
      "rectification rate of 97.3% (3,730 of 3,832)",
    );
  });

  it("counts 650 listed by province and city, 600 delisted", () => {
    expect(r.totals.supervision).toEqual({
      listed: 650,
      lifted: 600,
      active: 50,
      byAuthorityLevel: { province: 100, city: 550, county: 0, township: 0 },
    });
    const text = renderReport(r);
    expect(text).toContain("累计排查隐患3832处，其中重大隐患650处、一般隐患3182处；已整改3730处");
    expect(text).toContain("挂牌督办650处（省级100处、市级550处），已摘牌600处，仍在督办50处");
  });
});

describe("seed 004: 道路交通 治理完成106起，治理完成比例为94.64％", () => {
  it("counts 106 of 112 road traffic hazards, 94.64% at two decimals", () => {
    const ledger = buildCohorts([
      { count: 106, outcome: "closed", sector: "road_traffic" },
      { count: 6, outcome: "rectifying", sector: "road_traffic" },
      { count: 40, outcome: "reported", sector: "fire" },
    ]);
    const r = report(ledger.events, { ...YEAR_2023, by: "sector" });
    const road = r.groups?.find((g) => g.key === "road_traffic");
    expect(road?.rectificationRate).toEqual({ numerator: 106, denominator: 112, rate: 0.94643 });
    expect(figuresSentence(road as ReportFigures, "zh", 2)).toContain(
      "累计排查隐患112处，其中一般隐患112处；已整改106处，整改率94.64%",
    );
    expect(renderReport(r, { decimals: 2 })).toMatch(/\n道路交通 +112 +106 +94\.64%/);
  });
});

describe("seed 003: 排查防汛隐患200处,整改到位101处,长期管控99处", () => {
  it("splits 200 flood hazards into 101 rectified and 99 under long-term control", () => {
    const ledger = buildCohorts([
      { count: 101, outcome: "closed", sector: "flood" },
      { count: 99, outcome: "long_term_control", sector: "flood" },
      { count: 30, outcome: "accepted", sector: "gas" },
    ]);
    const r = report(ledger.events, { ...YEAR_2023, by: "sector" });
    const flood = r.groups?.find((g) => g.key === "flood");
    expect(flood).toMatchObject({ discovered: 200, rectified: 101, longTermControl: 99, open: 0 });
    expect(figuresSentence(flood as ReportFigures, "zh", 2)).toMatch(
      /^累计排查隐患200处.*已整改101处.*长期管控99处/,
    );
  });
});
