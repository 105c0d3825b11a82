import {
  type Lang,
  LEVEL_LABELS,
  type OverdueItem,
  REPORT_COLUMNS,
  type RegionNames,
  type Report,
  type ReportFigures,
  formatCount,
  formatPercent,
  groupLabel,
  labelOf,
  regionLabel,
  renderReport,
} from "@hazard-ledger/projections";
import {
  type ChartSpec,
  ageingChart,
  listingsChart,
  monthlyChart,
  rateByGroupChart,
  statusChart,
} from "./charts.js";
import { escapeHtml } from "./escapeHtml.js";
import { FONT_STACK, renderSvgChart } from "./svgChart.js";

/** What the page shows: a report, optionally the same report by month, and the overdue list. */
export interface ReportHtmlInput {
  /** The report; its groups (`--by`) give the table and the rate chart. */
  readonly report: Report;
  /** The same period grouped by month of discovery, for the monthly chart. */
  readonly byMonth?: Report;
  /** The overdue list at the report's as-of, for the ageing chart and the table of the most overdue. */
  readonly overdue?: readonly OverdueItem[];
  /** Default `zh`. */
  readonly lang?: Lang;
  /** Decimal places of rates; default 2. */
  readonly decimals?: number;
  readonly regionNames?: RegionNames;
  /** Rows of the most-overdue table; default 20. */
  readonly overdueRows?: number;
}

const t = (lang: Lang, zh: string, en: string): string => (lang === "zh" ? zh : en);

const rateText = (f: ReportFigures, decimals: number): string => {
  const { numerator, denominator } = f.rectificationRate;
  const rate = formatPercent(numerator, denominator, decimals);
  return `${rate === null ? "—" : `${rate}%`}（${numerator}/${denominator}）`;
};

/** The groups as a table: the columns the text table shows, the rate with its parts. */
const groupsTable = (input: ReportHtmlInput, lang: Lang, decimals: number): string => {
  const { report } = input;
  const groups = report.groups ?? [];
  if (groups.length === 0) return "";
  const columns = REPORT_COLUMNS.filter((c) => c.inText);
  const head = [t(lang, "分组", "group"), ...columns.map((c) => c.header[lang])];
  const cell = (f: ReportFigures, c: (typeof columns)[number]) =>
    c.kind === "rate" ? rateText(f, decimals) : formatCount(c.value(f) ?? 0, lang);
  const row = (label: string, f: ReportFigures, total = false) =>
    `<tr${total ? ' class="total"' : ""}><th scope="row">${escapeHtml(label)}</th>${columns
      .map((c) => `<td>${escapeHtml(cell(f, c))}</td>`)
      .join("")}</tr>`;
  return (
    `<table class="figures"><thead><tr>${head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join("")}</tr></thead><tbody>` +
    groups.map((g) => row(groupLabel(report, g, lang, input.regionNames), g)).join("") +
    row(t(lang, "合计", "total"), report.totals, true) +
    "</tbody></table>"
  );
};

const overdueTable = (items: readonly OverdueItem[], input: ReportHtmlInput, lang: Lang): string => {
  if (items.length === 0) return "";
  const rows = items.slice(0, input.overdueRows ?? 20);
  const head = [
    t(lang, "隐患编号", "hazard"),
    t(lang, "类别", "kind"),
    t(lang, "期限", "deadline"),
    t(lang, "超期天数", "days overdue"),
    t(lang, "超期工作日", "working days"),
    t(lang, "等级", "level"),
    t(lang, "行政区划", "region"),
    t(lang, "单位", "unit"),
    t(lang, "隐患", "hazard title"),
  ];
  const kind = (i: OverdueItem) =>
    i.kind === "rectification" ? t(lang, "超期未整改", "rectification") : t(lang, "超期督办", "supervision");
  const cells = (i: OverdueItem) => [
    i.hazardId,
    kind(i),
    i.deadline,
    formatCount(i.daysOverdue, lang),
    i.workingDaysOverdue === undefined || i.workingDaysOverdue === null
      ? "—"
      : formatCount(i.workingDaysOverdue, lang),
    labelOf(LEVEL_LABELS, i.level, lang),
    regionLabel(i.region, input.regionNames),
    i.unit ?? "",
    i.title ?? "",
  ];
  const caption =
    items.length > rows.length
      ? t(
          lang,
          `超期最久的${rows.length}项（共${items.length}项）`,
          `The ${rows.length} most overdue of ${items.length}`,
        )
      : t(lang, `超期隐患${items.length}项`, `${items.length} overdue`);
  return (
    `<table class="overdue"><caption>${escapeHtml(caption)}</caption><thead><tr>${head
      .map((h) => `<th scope="col">${escapeHtml(h)}</th>`)
      .join("")}</tr></thead><tbody>` +
    rows
      .map(
        (i) =>
          `<tr>${cells(i)
            .map((c) => `<td>${escapeHtml(c)}</td>`)
            .join("")}</tr>`,
      )
      .join("") +
    "</tbody></table>"
  );
};

const legend = (chart: ChartSpec): string =>
  chart.legend.length === 0
    ? ""
    : `<ul class="legend">${chart.legend
        .map(
          (l) => `<li><span class="swatch" style="background:${l.color}"></span>${escapeHtml(l.name)}</li>`,
        )
        .join("")}</ul>`;

const figure = (chart: ChartSpec): string =>
  `<figure class="chart" data-chart="${chart.id}" data-marks="${chart.marks}">` +
  `<figcaption>${escapeHtml(chart.title)}</figcaption>${legend(chart)}` +
  `${renderSvgChart(chart.option, chart.width, chart.height)}</figure>`;

const STYLE = `
:root { color-scheme: light; }
body { font-family: ${FONT_STACK}; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #1d232b; line-height: 1.7; }
h1 { font-size: 1.5rem; margin-bottom: .25rem; }
h2 { font-size: 1.15rem; margin-top: 2rem; border-bottom: 1px solid #d7dce2; }
p.lead { margin: .5rem 0; }
figure.chart { margin: 1.5rem 0; break-inside: avoid; }
figure.chart figcaption { font-weight: 600; margin-bottom: .25rem; }
figure.chart svg { max-width: 100%; height: auto; }
ul.legend { list-style: none; padding: 0; margin: 0 0 .25rem; font-size: .85rem; }
ul.legend li { display: inline-block; margin-right: 1rem; }
span.swatch { display: inline-block; width: .8rem; height: .8rem; margin-right: .3rem; vertical-align: -0.1rem; }
table { border-collapse: collapse; margin: 1rem 0; font-size: .9rem; }
th, td { border: 1px solid #d7dce2; padding: .2rem .5rem; text-align: right; }
th[scope="row"], table.overdue td { text-align: left; }
thead th { background: #f1f4f7; }
tr.total { font-weight: 600; }
caption { text-align: left; font-weight: 600; padding-bottom: .25rem; }
footer { margin-top: 2rem; font-size: .8rem; color: #5b6570; }
@media print { body { margin: 0; max-width: none; } }
`;

/**
 * The report as one self-contained HTML page: the report's text, a table of its groups, the
 * charts an office puts in its annual report (rectification rate by group with its parts,
 * where the hazards stand, discovered and rectified by month, how long the overdue are
 * overdue, listings by level), the most overdue, and the sources of names and working days.
 * Pure: a string from values. The page loads nothing (no script, no font, no image fetched;
 * its Content-Security-Policy forbids it) and prints as it shows.
 */
export const renderReportHtml = (input: ReportHtmlInput): string => {
  const lang = input.lang ?? "zh";
  const decimals = input.decimals ?? 2;
  const { report } = input;
  const { groups: _groups, ...withoutGroups } = report;
  const paragraphs = renderReport(withoutGroups, {
    lang,
    decimals,
    ...(input.regionNames !== undefined ? { regionNames: input.regionNames } : {}),
  })
    .trim()
    .split("\n")
    .filter((line) => line.trim() !== "");
  const overdue = input.overdue ?? [];
  const charts = [
    rateByGroupChart(report, lang, decimals, input.regionNames),
    statusChart(report.totals, lang),
    input.byMonth === undefined ? null : monthlyChart(input.byMonth, lang),
    ageingChart(overdue, lang),
    listingsChart(report.totals, lang),
  ].filter((c): c is ChartSpec => c !== null);
  const calendars = [
    ...new Set(overdue.flatMap((i) => (i.workingDayCalendar === undefined ? [] : [i.workingDayCalendar]))),
  ];
  const sources = [
    ...(input.regionNames === undefined
      ? []
      : [t(lang, `行政区划名称：${input.regionNames.source}`, `Region names: ${input.regionNames.source}`)]),
    ...calendars.map((c) => t(lang, `工作日：${c}`, `Working days: ${c}`)),
  ];
  const title = t(lang, "隐患排查治理统计", "Hazard statistics");
  return `<!DOCTYPE html>
<html lang="${lang === "zh" ? "zh-CN" : "en"}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>${escapeHtml(title)}</h1></header>
<main>
<section class="text">
${paragraphs.map((p) => `<p class="lead">${escapeHtml(p)}</p>`).join("\n")}
${groupsTable(input, lang, decimals)}
</section>
<section class="charts">
<h2>${escapeHtml(t(lang, "图表", "Charts"))}</h2>
${charts.map(figure).join("\n")}
</section>
${overdue.length === 0 ? "" : `<section class="overdue"><h2>${escapeHtml(t(lang, "超期隐患", "Overdue"))}</h2>\n${overdueTable(overdue, input, lang)}</section>`}
</main>
<footer>${sources.map((s) => `<p>${escapeHtml(s)}</p>`).join("")}</footer>
</body>
</html>
`;
};
