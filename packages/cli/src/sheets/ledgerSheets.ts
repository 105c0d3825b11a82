import {
  GOV_LEVEL_LABELS,
  GROUP_HEADERS,
  HAZARD_ROW_COLUMNS,
  type HazardRow,
  LEVEL_LABELS,
  type Lang,
  type OverdueItem,
  REPORT_COLUMNS,
  type Report,
  type ReportFigures,
  type RegionNames,
  type ReportGroup,
  STATUS_LABELS,
  asOfClause,
  groupLabel,
  labelOf,
  sectorLabel,
  regionName,
} from "@hazard-ledger/projections";
import { DateTime } from "luxon";
import type { Cell, CoverEntry, SheetBook, SheetColumn, SheetTable } from "./sheetTable.js";

/**
 * The ledger's digest as the cover names it: the `ledger` of the report JSON (interchange.md:
 * `"ledger":{"algorithm","events","digest"}`), the log the report read.
 */
export interface LedgerDigestRef {
  readonly algorithm: string;
  readonly events: number;
  readonly digest: string;
}

/** The axes a sheet answers for, stated on its cover. */
export interface SheetAxes {
  readonly asOf: string;
  readonly knownAt: string | null;
  readonly timeZone: string;
  /** When the file was made (the edge's clock). */
  readonly madeAt: string;
  /** The store it was read from, as given. */
  readonly store: string;
  readonly ledger?: LedgerDigestRef;
}

const wallClock = (instant: string, zone: string): string =>
  DateTime.fromISO(instant, { zone }).toFormat("yyyy-MM-dd'T'HH:mm:ss");

const zh = (lang: Lang) => lang === "zh";

/** The cover: what the file is, over which period, as of and known at when, from which ledger. */
export const coverEntries = (
  title: string,
  axes: SheetAxes,
  lang: Lang,
  extra: readonly CoverEntry[] = [],
): CoverEntry[] => {
  const z = zh(lang);
  const text = (label: string, value: string | number | null): CoverEntry => ({
    label,
    value,
    kind: typeof value === "number" ? "count" : "text",
  });
  return [
    text(z ? "报表" : "report", title),
    ...extra,
    text(z ? "截至" : "as of", asOfClause(axes.asOf, axes.knownAt, axes.timeZone, lang)),
    { label: z ? "截至时刻" : "as-of instant", value: wallClock(axes.asOf, axes.timeZone), kind: "datetime" },
    axes.knownAt === null
      ? text(z ? "台账记载截至" : "known at", z ? "全部记录" : "every record")
      : {
          label: z ? "台账记载截至" : "known at",
          value: wallClock(axes.knownAt, axes.timeZone),
          kind: "datetime",
        },
    text(z ? "时区" : "time zone", axes.timeZone),
    text(z ? "台账" : "ledger", axes.store),
    ...(axes.ledger === undefined
      ? []
      : [
          text(z ? "台账摘要" : "ledger digest", `${axes.ledger.algorithm}:${axes.ledger.digest}`),
          text(z ? "事件数" : "events", axes.ledger.events),
        ]),
    { label: z ? "生成时间" : "made at", value: wallClock(axes.madeAt, axes.timeZone), kind: "datetime" },
  ];
};

const figureColumns = (lang: Lang): SheetColumn[] =>
  REPORT_COLUMNS.map((c) => ({ header: c.header[lang], kind: c.kind }));

const figureCells = (f: ReportFigures): Cell[] =>
  REPORT_COLUMNS.map((c) =>
    c.kind === "rate"
      ? { numerator: f.rectificationRate.numerator, denominator: f.rectificationRate.denominator }
      : c.value(f),
  );

/** A report's totals as a one-row table. */
export const totalsTable = (report: Report, lang: Lang): SheetTable => ({
  name: zh(lang) ? "合计" : "totals",
  columns: [{ header: zh(lang) ? "范围" : "scope", kind: "text" }, ...figureColumns(lang)],
  rows: [[zh(lang) ? "合计" : "total", ...figureCells(report.totals)]],
});

/** A group's name in its own cell (the code has the next): a region by its name where known. */
const groupName = (report: Report, group: ReportGroup, lang: Lang, names?: RegionNames) =>
  report.by === "region"
    ? ((names === undefined ? undefined : regionName(group.key, names)) ?? group.key)
    : groupLabel(report, group, lang);

/** A report's groups (`--by`) as a table: a row per group, its name and code, and a total row. */
export const groupsTable = (report: Report, lang: Lang, names?: RegionNames): SheetTable => {
  const header = report.by === undefined ? (zh(lang) ? "分组" : "group") : GROUP_HEADERS[lang][report.by];
  return {
    name: header,
    columns: [
      { header, kind: "text" },
      { header: zh(lang) ? "代码" : "code", kind: "text" },
      ...figureColumns(lang),
    ],
    rows: [
      ...(report.groups ?? []).map((g) => [groupName(report, g, lang, names), g.key, ...figureCells(g)]),
      [zh(lang) ? "合计" : "total", null, ...figureCells(report.totals)],
    ],
  };
};

const periodText = (report: Report, lang: Lang): string => {
  const { from, to } = report.period;
  const last = to === null ? null : DateTime.fromISO(to, { zone: "utc" }).minus({ days: 1 }).toISODate();
  if (zh(lang)) return `${from ?? "最早"} 至 ${last ?? "最新"}`;
  return `${from ?? "the beginning"} to ${last ?? "now"}`;
};

/**
 * A report workbook: the cover, the totals, then a sheet per grouping (one report per
 * `--by`, all over the same period and axes).
 */
export const reportBook = (
  reports: readonly Report[],
  axes: SheetAxes,
  lang: Lang,
  names?: RegionNames,
): SheetBook => {
  const first = reports[0];
  if (first === undefined) throw new RangeError("reportBook: no report");
  return {
    coverName: zh(lang) ? "封面" : "cover",
    cover: coverEntries(zh(lang) ? "隐患排查治理统计" : "Hazard statistics", axes, lang, [
      { label: zh(lang) ? "统计期间" : "period", value: periodText(first, lang), kind: "text" },
    ]),
    tables: [
      totalsTable(first, lang),
      ...reports.filter((r) => r.by !== undefined).map((r) => groupsTable(r, lang, names)),
    ],
  };
};

/** The overdue list as a table, most overdue first. */
export const overdueTable = (items: readonly OverdueItem[], lang: Lang, names?: RegionNames): SheetTable => {
  const z = zh(lang);
  return {
    name: z ? "超期隐患" : "overdue",
    columns: [
      { header: z ? "隐患编号" : "hazard", kind: "text" },
      { header: z ? "超期类型" : "kind", kind: "text" },
      { header: z ? "期限" : "deadline", kind: "date" },
      { header: z ? "超期天数" : "days overdue", kind: "count" },
      { header: z ? "隐患等级" : "level", kind: "text" },
      { header: z ? "行业领域" : "sector", kind: "text" },
      { header: z ? "行政区划" : "region", kind: "text" },
      { header: z ? "区划名称" : "region name", kind: "text" },
      { header: z ? "挂牌级别" : "listed by", kind: "text" },
      { header: z ? "单位" : "unit", kind: "text" },
      { header: z ? "隐患名称" : "title", kind: "text" },
      { header: z ? "状态" : "status", kind: "text" },
    ],
    rows: items.map((i) => [
      i.hazardId,
      z ? (i.kind === "rectification" ? "超期未整改" : "超期督办") : i.kind,
      i.deadline,
      i.daysOverdue,
      labelOf(LEVEL_LABELS, i.level, lang),
      sectorLabel(i.sector, lang),
      i.region,
      names === undefined ? null : (regionName(i.region, names) ?? null),
      i.authorityLevel === undefined ? null : labelOf(GOV_LEVEL_LABELS, i.authorityLevel, lang),
      i.unit ?? null,
      i.title ?? null,
      i.status === undefined ? null : labelOf(STATUS_LABELS, i.status, lang),
    ]),
  };
};

/** A hazard list as a table, every column of {@link HAZARD_ROW_COLUMNS}. */
export const hazardRowsTable = (rows: readonly HazardRow[], lang: Lang, names?: RegionNames): SheetTable => {
  const columns = HAZARD_ROW_COLUMNS.filter((c) => c.forms !== "text");
  return {
    name: zh(lang) ? "隐患清单" : "hazards",
    columns: columns.map((c) => ({ header: c.header[lang], kind: c.kind })),
    rows: rows.map((r) => columns.map((c) => c.value(r, lang, names))),
  };
};
