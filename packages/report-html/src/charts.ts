import {
  type Lang,
  type OverdueItem,
  type RegionNames,
  type Report,
  type ReportFigures,
  formatPercent,
  groupLabel,
} from "@hazard-ledger/projections";
import type { EChartsCoreOption } from "echarts/core";
import { DateTime } from "luxon";

/** One chart of the page: what ECharts draws, and how many marks it must show. */
export interface ChartSpec {
  /** Stable id of the chart (`rate-by-group`), the `data-chart` of its figure. */
  readonly id: string;
  readonly title: string;
  readonly width: number;
  readonly height: number;
  readonly option: EChartsCoreOption;
  /**
   * The bars or sectors with a value above zero: a page whose chart shows fewer is broken
   * (the browser test counts them by their fill, one of {@link SERIES_COLORS}).
   */
  readonly marks: number;
  /**
   * The series' names and colours, shown as HTML beside the chart: an SVG legend would draw
   * swatches in the marks' colours, and the marks would no longer be countable by colour.
   */
  readonly legend: readonly { readonly name: string; readonly color: string }[];
}

/** The fills of the marks, one per series or sector; nothing else on a chart uses them. */
export const SERIES_COLORS = ["#2f6fb5", "#3a9a5b", "#e08a2c", "#c8453b", "#7b5ea7", "#8a8f98"] as const;

const WIDTH = 760;

const text = (lang: Lang, zh: string, en: string): string => (lang === "zh" ? zh : en);

const nonZero = (values: readonly number[]): number => values.filter((v) => v > 0).length;

/** One series of bars over a chart's categories, with its colour and, when stacked, its stack. */
interface BarSeries {
  readonly name: string;
  readonly color: string;
  readonly data: readonly number[];
  readonly stack?: string;
}

/** A bar chart's legend, mark count and ECharts series, all from one list of series. */
const barSeries = (series: readonly BarSeries[]) => ({
  marks: series.reduce((n, s) => n + nonZero(s.data), 0),
  legend: series.map((s) => ({ name: s.name, color: s.color })),
  series: series.map((s) => ({
    name: s.name,
    type: "bar" as const,
    ...(s.stack !== undefined ? { stack: s.stack } : {}),
    data: s.data,
    itemStyle: { color: s.color },
  })),
});

/** 整改率 by the report's groups: a bar per group, labelled with the rate and its parts. */
export const rateByGroupChart = (
  report: Report,
  lang: Lang,
  decimals: number,
  regionNames: RegionNames | undefined,
): ChartSpec | null => {
  const groups = report.groups ?? [];
  if (groups.length === 0) return null;
  const labels = groups.map((g) => groupLabel(report, g, lang, regionNames));
  const values = groups.map(({ rectificationRate: { numerator, denominator } }) =>
    denominator === 0 ? 0 : (numerator / denominator) * 100,
  );
  const tags = groups.map(({ rectificationRate: { numerator, denominator } }) => {
    const rate = formatPercent(numerator, denominator, decimals);
    return `${rate === null ? "—" : `${rate}%`}（${numerator}/${denominator}）`;
  });
  return {
    id: "rate-by-group",
    title: text(lang, "整改率（已整改/应整改）", "Rectification rate (rectified / to rectify)"),
    width: WIDTH,
    height: 60 + 30 * groups.length,
    marks: nonZero(values),
    legend: [],
    option: {
      grid: { left: 150, right: 150, top: 10, bottom: 30 },
      xAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
      yAxis: { type: "category", data: labels, inverse: true },
      series: [
        {
          type: "bar",
          data: values,
          itemStyle: { color: SERIES_COLORS[0] },
          barMaxWidth: 22,
          label: {
            show: true,
            position: "right",
            formatter: (p: { dataIndex: number }) => tags[p.dataIndex] ?? "",
          },
        },
      ],
    },
  };
};

/** Where the hazards of the period stand: closed, accepted, pending acceptance, rectifying, long-term, voided. */
export const statusChart = (totals: ReportFigures, lang: Lang): ChartSpec | null => {
  const parts: [string, number, string][] = [
    [text(lang, "已销号", "closed"), totals.closed, SERIES_COLORS[1]],
    [text(lang, "已验收未销号", "accepted, not closed"), totals.rectified - totals.closed, SERIES_COLORS[0]],
    [text(lang, "待验收", "pending acceptance"), totals.pendingAcceptance, SERIES_COLORS[4]],
    [text(lang, "整改中", "being rectified"), totals.open - totals.pendingAcceptance, SERIES_COLORS[3]],
    [text(lang, "长期管控", "long-term control"), totals.longTermControl, SERIES_COLORS[2]],
    [text(lang, "作废", "voided"), totals.voided, SERIES_COLORS[5]],
  ];
  const shown = parts
    .map(([name, value, color]) => ({ name, value, itemStyle: { color } }))
    .filter((p) => p.value > 0);
  if (shown.length === 0) return null;
  const unit = text(lang, "处", "");
  return {
    id: "status",
    title: text(lang, "隐患状态构成", "Where the hazards stand"),
    width: WIDTH,
    height: 320,
    marks: shown.length,
    legend: shown.map((p) => ({ name: p.name, color: p.itemStyle.color })),
    option: {
      series: [
        {
          type: "pie",
          radius: ["38%", "66%"],
          center: ["50%", "50%"],
          data: shown,
          label: { formatter: `{b} {c}${unit}（{d}%）` },
        },
      ],
    },
  };
};

/** Every month from the first to the last key (`YYYY-MM`), so a month with none shows as none. */
const monthsSpanning = (keys: readonly string[]): string[] => {
  const sorted = [...keys].sort();
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (first === undefined || last === undefined) return [];
  const months: string[] = [];
  const end = DateTime.fromISO(`${last}-01`, { zone: "utc" });
  for (let m = DateTime.fromISO(`${first}-01`, { zone: "utc" }); m <= end; m = m.plus({ months: 1 }))
    months.push(m.toFormat("yyyy-MM"));
  return months;
};

/** Discovered and (of those) rectified, by month of discovery: a report grouped by month. */
export const monthlyChart = (byMonth: Report, lang: Lang): ChartSpec | null => {
  const groups = new Map((byMonth.groups ?? []).map((g) => [g.key, g]));
  const months = monthsSpanning([...groups.keys()]);
  if (months.length === 0) return null;
  const discovered = months.map((m) => groups.get(m)?.discovered ?? 0);
  const rectified = months.map((m) => groups.get(m)?.rectified ?? 0);
  const bars = barSeries([
    { name: text(lang, "排查隐患", "discovered"), color: SERIES_COLORS[0], data: discovered },
    { name: text(lang, "已整改", "rectified"), color: SERIES_COLORS[1], data: rectified },
  ]);
  return {
    id: "monthly",
    title: text(lang, "各月排查隐患数与其中已整改数", "Discovered by month, and of those rectified"),
    width: WIDTH,
    height: 320,
    marks: bars.marks,
    legend: bars.legend,
    option: {
      grid: { left: 48, right: 16, top: 16, bottom: 40 },
      xAxis: { type: "category", data: months },
      yAxis: { type: "value", minInterval: 1 },
      series: bars.series,
    },
  };
};

/** The age brackets of overdue items, in days past the deadline. */
export const AGEING_BRACKETS: readonly { readonly from: number; readonly to: number }[] = [
  { from: 1, to: 7 },
  { from: 8, to: 30 },
  { from: 31, to: 90 },
  { from: 91, to: 180 },
  { from: 181, to: 365 },
  { from: 366, to: Number.POSITIVE_INFINITY },
];

const bracketLabel = (b: { from: number; to: number }, lang: Lang): string =>
  b.to === Number.POSITIVE_INFINITY
    ? text(lang, `${b.from - 1}天以上`, `over ${b.from - 1} days`)
    : text(lang, `${b.from}–${b.to}天`, `${b.from}–${b.to} days`);

/** How long the overdue have been overdue (超期时长), rectification and supervision stacked. */
export const ageingChart = (overdue: readonly OverdueItem[], lang: Lang): ChartSpec | null => {
  if (overdue.length === 0) return null;
  const count = (kind: OverdueItem["kind"]) =>
    AGEING_BRACKETS.map(
      (b) =>
        overdue.filter((i) => i.kind === kind && i.daysOverdue >= b.from && i.daysOverdue <= b.to).length,
    );
  const bars = barSeries([
    {
      name: text(lang, "超期未整改", "past the rectification deadline"),
      color: SERIES_COLORS[3],
      data: count("rectification"),
      stack: "overdue",
    },
    {
      name: text(lang, "超期督办", "past the supervision deadline"),
      color: SERIES_COLORS[2],
      data: count("supervision"),
      stack: "overdue",
    },
  ]);
  return {
    id: "ageing",
    title: text(lang, "超期时长分布（自然日）", "How long overdue (calendar days)"),
    width: WIDTH,
    height: 300,
    marks: bars.marks,
    legend: bars.legend,
    option: {
      grid: { left: 48, right: 16, top: 16, bottom: 40 },
      xAxis: { type: "category", data: AGEING_BRACKETS.map((b) => bracketLabel(b, lang)) },
      yAxis: { type: "value", minInterval: 1 },
      series: bars.series,
    },
  };
};

const AUTHORITY_LEVELS = ["province", "city", "county", "township"] as const;
const AUTHORITY_LABELS = {
  zh: { province: "省级", city: "市级", county: "县级", township: "乡镇级" },
  en: { province: "province", city: "city", county: "county", township: "township" },
} as const;

/** 挂牌督办 by the level of the listing authority. */
export const listingsChart = (totals: ReportFigures, lang: Lang): ChartSpec | null => {
  const values = AUTHORITY_LEVELS.map((l) => totals.supervision.byAuthorityLevel[l]);
  if (nonZero(values) === 0) return null;
  return {
    id: "listings",
    title: text(lang, "挂牌督办重大隐患（按挂牌层级）", "Major hazards listed for supervision, by level"),
    width: WIDTH,
    height: 260,
    marks: nonZero(values),
    legend: [],
    option: {
      grid: { left: 48, right: 16, top: 24, bottom: 40 },
      xAxis: { type: "category", data: AUTHORITY_LEVELS.map((l) => AUTHORITY_LABELS[lang][l]) },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        {
          type: "bar",
          data: values,
          itemStyle: { color: SERIES_COLORS[4] },
          barMaxWidth: 48,
          label: { show: true, position: "top" },
        },
      ],
    },
  };
};
