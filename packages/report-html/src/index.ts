/**
 * @packageDocumentation
 * The report as one self-contained HTML page with the charts of an annual report, drawn as
 * SVG by ECharts' server-side renderer: `renderReportHtml({ report, byMonth, overdue })`.
 * Its own package because ECharts is large; the projections stay light.
 */
export { type ReportHtmlInput, renderReportHtml } from "./renderReportHtml.js";
export { type ChartSpec, AGEING_BRACKETS, SERIES_COLORS } from "./charts.js";
export { FONT_STACK } from "./svgChart.js";
