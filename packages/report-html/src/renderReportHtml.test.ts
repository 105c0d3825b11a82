import type { OverdueItem, Report, ReportFigures } from "@hazard-ledger/projections";
import { regionNamesFromTable } from "@hazard-ledger/projections";
import { describe, expect, it } from "vitest";
import { renderReportHtml } from "./renderReportHtml.js";

const figures = (
  discovered: number,
  rectified: number,
  over: Partial<ReportFigures> = {},
): ReportFigures => ({
  discovered,
  voided: 0,
  byLevel: { general: discovered - 1, major: 1 },
  rectified,
  rectificationRate: { numerator: rectified, denominator: discovered, rate: rectified / discovered },
  pendingAcceptance: 0,
  closed: rectified,
  longTermControl: 0,
  open: discovered - rectified,
  reopened: 0,
  supervision: {
    listed: 1,
    lifted: 0,
    active: 1,
    byAuthorityLevel: { province: 0, city: 1, county: 0, township: 0 },
  },
  overdue: { rectification: 1, supervision: 0, rectifiedLate: 0 },
  notices: { reminder: 0, supervision_letter: 0, interview: 0, bulletin: 0 },
  enforcement: { case_filed: 0, fine: 0, suspension_order: 0, seal: 0, closure_order: 0, finesFen: 0 },
  ...over,
});

const base = {
  asOf: "2024-01-01T00:00:00+08:00",
  knownAt: null,
  timezone: "Asia/Shanghai",
  period: { from: "2023-01-01", to: "2024-01-01" },
};

const report: Report = {
  ...base,
  totals: figures(10, 8),
  by: "unit",
  groups: [
    { key: "<script>alert(1)</script>厂", ...figures(4, 3) },
    { key: "某某机械厂", ...figures(6, 5) },
  ],
};
const byMonth: Report = {
  ...base,
  totals: figures(10, 8),
  by: "month",
  groups: [
    { key: "2023-01", ...figures(4, 3) },
    { key: "2023-03", ...figures(6, 5) },
  ],
};
const overdue: OverdueItem[] = [
  {
    hazardId: "HZ-1",
    kind: "rectification",
    deadline: "2023-12-01",
    daysOverdue: 31,
    workingDaysOverdue: 21,
    workingDayCalendar: "test calendar v1",
    level: "general",
    sector: "fire",
    region: "430111008",
    title: '<img src="http://example.com/x.png">',
  },
];

describe("renderReportHtml", () => {
  const html = renderReportHtml({
    report,
    byMonth,
    overdue,
    regionNames: regionNamesFromTable("names v1", { "430111008": "洞井街道" }),
  });

  it("is one page that loads nothing: no script, no external reference, a CSP that forbids fetching", () => {
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    expect(html).not.toMatch(/<script|<link|<img|@import|url\(/i);
    expect(html).not.toMatch(/(src|href)=["']?https?:/i);
  });

  it("escapes ledger text (unit names, titles) in tables and in the charts' SVG", () => {
    expect(html).not.toContain("<script>alert(1)</script>");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;厂");
    expect(html).toContain("&lt;img src=&quot;http://example.com/x.png&quot;&gt;");
  });

  it("draws five charts without animation, each with its count of marks", () => {
    const charts = [
      ...html.matchAll(/<figure class="chart" data-chart="([a-z-]+)" data-marks="(\d+)">/g),
    ].map((m) => [m[1], Number(m[2])]);
    expect(charts).toEqual([
      ["rate-by-group", 2],
      ["status", 2],
      // 2023-02 is drawn as an empty month between January and March.
      ["monthly", 4],
      ["ageing", 1],
      ["listings", 1],
    ]);
    expect(html).toContain(">2023-02<");
    // An animated ECharts SVG grows its bars with CSS keyframes: empty in a printout.
    expect(html).not.toContain("@keyframes");
  });

  it("gives the report's text, rates with their parts, places by name, and its sources", () => {
    expect(html).toContain("累计排查隐患10处");
    expect(html).toContain("80.00%（8/10）");
    expect(html).toContain("430111008 洞井街道");
    expect(html).toContain("行政区划名称：names v1");
    expect(html).toContain("工作日：test calendar v1");
  });
});
