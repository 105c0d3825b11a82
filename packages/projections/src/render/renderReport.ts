import { DateTime } from "luxon";
import type { Period } from "../report/period.js";
import type { Report, ReportFigures, ReportGroup } from "../report/reportCodec.js";
import { GOV_LEVEL_LABELS, LEVEL_LABELS, type Lang, SOURCE_LABELS, labelOf, sectorLabel } from "./labels.js";
import { formatCount, formatFen, formatPercent } from "./numbers.js";

/** How to render: language, output format, and the decimal places of printed rates. */
export interface RenderOptions {
  /** Default `zh`. */
  readonly lang?: Lang;
  /** Default `text`; `json` prints the value as the contract's JSON. */
  readonly format?: "text" | "json";
  /** Decimal places of percentages in text; default 2 (97.34%). */
  readonly decimals?: number;
}

const GOV_ORDER = ["province", "city", "county", "township"] as const;
const NOTICE_ORDER = ["reminder", "supervision_letter", "interview", "bulletin"] as const;
const ENFORCEMENT_ORDER = ["case_filed", "fine", "suspension_order", "seal", "closure_order"] as const;

const ZH_NOTICE = { reminder: "提醒函", supervision_letter: "督办函", interview: "约谈", bulletin: "通报" };
const ZH_NOTICE_UNIT = { reminder: "份", supervision_letter: "份", interview: "次", bulletin: "期" };
const EN_NOTICE = {
  reminder: ["reminder letter", "reminder letters"],
  supervision_letter: ["supervision letter", "supervision letters"],
  interview: ["summons interview", "summons interviews"],
  bulletin: ["bulletin", "bulletins"],
} as const;
const ZH_ENFORCEMENT = {
  case_filed: "立案",
  fine: "罚款",
  suspension_order: "责令停产整顿",
  seal: "临时查封",
  closure_order: "责令关闭",
};
const ZH_ENFORCEMENT_UNIT = {
  case_filed: "起",
  fine: "次",
  suspension_order: "家",
  seal: "家",
  closure_order: "家",
};
const EN_ENFORCEMENT = {
  case_filed: ["case filed", "cases filed"],
  fine: ["fine", "fines"],
  suspension_order: ["suspension order", "suspension orders"],
  seal: ["seal", "seals"],
  closure_order: ["closure order", "closure orders"],
} as const;

const plural = (count: number, forms: readonly [string, string]): string =>
  count === 1 ? forms[0] : forms[1];

/** The body sentence of a set of figures, in the register of the seeds' work reports. */
export const figuresSentence = (f: ReportFigures, lang: Lang, decimals: number): string => {
  const n = (x: number) => formatCount(x, lang);
  const rate = formatPercent(f.rectificationRate.numerator, f.rectificationRate.denominator, decimals);
  const sup = f.supervision;
  const byGov = GOV_ORDER.filter((level) => sup.byAuthorityLevel[level] > 0);
  const notices = NOTICE_ORDER.filter((kind) => f.notices[kind] > 0);
  const actions = ENFORCEMENT_ORDER.filter((action) => f.enforcement[action] > 0);
  if (lang === "zh") {
    const clauses = [
      `累计排查隐患${n(f.discovered)}处，其中重大隐患${n(f.byLevel.major)}处、一般隐患${n(f.byLevel.general)}处` +
        (f.voided > 0 ? `（另有误报、重复等作废${n(f.voided)}处）` : ""),
      `已整改${n(f.rectified)}处，整改率${rate === null ? "—" : `${rate}%`}，已销号${n(f.closed)}处`,
      `未完成整改${n(f.open)}处（其中待验收${n(f.pendingAcceptance)}处），长期管控${n(f.longTermControl)}处`,
    ];
    if (sup.listed > 0)
      clauses.push(
        `挂牌督办${n(sup.listed)}处（${byGov.map((l) => `${GOV_LEVEL_LABELS.zh[l]}${n(sup.byAuthorityLevel[l])}处`).join("、")}），` +
          `已摘牌${n(sup.lifted)}处，仍在督办${n(sup.active)}处`,
      );
    clauses.push(
      `超期未整改${n(f.overdue.rectification)}处，超期督办${n(f.overdue.supervision)}处，超期已整改${n(f.overdue.rectifiedLate)}处`,
    );
    if (notices.length > 0)
      clauses.push(
        `发出${notices.map((k) => `${ZH_NOTICE[k]}${n(f.notices[k])}${ZH_NOTICE_UNIT[k]}`).join("、")}`,
      );
    if (actions.length > 0)
      clauses.push(
        actions
          .map((a) =>
            a === "fine"
              ? `罚款${n(f.enforcement.fine)}次共${formatFen(f.enforcement.finesFen, "zh")}`
              : `${ZH_ENFORCEMENT[a]}${n(f.enforcement[a])}${ZH_ENFORCEMENT_UNIT[a]}`,
          )
          .join("、"),
      );
    return `${clauses.join("；")}。`;
  }
  const clauses = [
    `${n(f.discovered)} hazards discovered, of which ${n(f.byLevel.major)} major and ${n(f.byLevel.general)} general` +
      (f.voided > 0 ? ` (and ${n(f.voided)} voided as false or duplicate reports)` : ""),
    `${n(f.rectified)} rectified, a rectification rate of ${rate === null ? "n/a" : `${rate}%`} ` +
      `(${n(f.rectificationRate.numerator)} of ${n(f.rectificationRate.denominator)}), ${n(f.closed)} closed`,
    `${n(f.open)} not yet rectified (${n(f.pendingAcceptance)} pending acceptance), ${n(f.longTermControl)} under long-term control`,
  ];
  if (sup.listed > 0)
    clauses.push(
      `${n(sup.listed)} listed for supervision (${byGov.map((l) => `${l} ${n(sup.byAuthorityLevel[l])}`).join(", ")}), ` +
        `${n(sup.lifted)} delisted, ${n(sup.active)} still listed`,
    );
  clauses.push(
    `overdue: ${n(f.overdue.rectification)} past the rectification deadline, ${n(f.overdue.supervision)} past the supervision deadline, ${n(f.overdue.rectifiedLate)} rectified late`,
  );
  if (notices.length > 0)
    clauses.push(notices.map((k) => `${n(f.notices[k])} ${plural(f.notices[k], EN_NOTICE[k])}`).join(", "));
  if (actions.length > 0)
    clauses.push(
      actions
        .map((a) =>
          a === "fine"
            ? `${n(f.enforcement.fine)} ${plural(f.enforcement.fine, EN_ENFORCEMENT.fine)} totalling ${formatFen(f.enforcement.finesFen, "en")}`
            : `${n(f.enforcement[a])} ${plural(f.enforcement[a], EN_ENFORCEMENT[a])}`,
        )
        .join(", "),
    );
  const text = clauses.join("; ");
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
};

const zhDate = (date: string): string => {
  const d = DateTime.fromISO(date, { zone: "utc" });
  return `${d.year}年${d.month}月${d.day}日`;
};

const enDate = (date: string): string => DateTime.fromISO(date, { zone: "utc" }).toFormat("d LLL yyyy");

/** The last day of a period [from, to): the day before `to`. */
const lastDay = (to: string): string => {
  const text = DateTime.fromISO(to, { zone: "utc" }).minus({ days: 1 }).toISODate();
  return text ?? to;
};

const periodPhrase = (period: Period, lang: Lang): string => {
  const { from, to } = period;
  if (lang === "zh") {
    if (from !== null && to !== null) return `${zhDate(from)}至${zhDate(lastDay(to))}`;
    if (from !== null) return `${zhDate(from)}以来`;
    if (to !== null) return `${zhDate(lastDay(to))}以前`;
    return "全部时间";
  }
  if (from !== null && to !== null) return `from ${enDate(from)} to ${enDate(lastDay(to))}`;
  if (from !== null) return `since ${enDate(from)}`;
  if (to !== null) return `up to ${enDate(lastDay(to))}`;
  return "at any time";
};

const localTime = (instant: string, zone: string): string =>
  DateTime.fromISO(instant, { zone }).toFormat("yyyy-MM-dd HH:mm:ss");

/** The heading line: what was counted, as of when, known at when. */
const heading = (report: Report, lang: Lang): string => {
  const tz = report.timezone;
  if (lang === "zh")
    return (
      `隐患排查治理统计：${periodPhrase(report.period, lang)}排查的隐患，` +
      `截至${localTime(report.asOf, tz)}（${tz}）` +
      (report.knownAt === null ? "" : `，以${localTime(report.knownAt, tz)}台账记载为准`)
    );
  return (
    `Hazard statistics: hazards discovered ${periodPhrase(report.period, lang)}, ` +
    `as of ${localTime(report.asOf, tz)} (${tz})` +
    (report.knownAt === null ? "" : `, as recorded by ${localTime(report.knownAt, tz)}`)
  );
};

/** How a group's key reads: a sector's or source's name, a level, a region code, a unit name. */
export const groupLabel = (report: Report, group: ReportGroup, lang: Lang): string => {
  switch (report.by) {
    case "sector":
      return sectorLabel(group.key, lang);
    case "source":
      return labelOf(SOURCE_LABELS, group.key, lang);
    case "level":
      return labelOf(LEVEL_LABELS, group.key, lang);
    default:
      return group.key;
  }
};

/**
 * A report as text (Chinese in the register of the seeds: "累计排查隐患3832处，其中重大隐患650处…；
 * 已整改3730处，整改率97.34%…", or English), one paragraph for the totals and a line per group;
 * or as the contract's JSON.
 */
export const renderReport = (report: Report, options: RenderOptions = {}): string => {
  const lang = options.lang ?? "zh";
  if (options.format === "json") return `${JSON.stringify(report, null, 2)}\n`;
  const decimals = options.decimals ?? 2;
  const lines = [
    `${heading(report, lang)}${lang === "zh" ? "：" : ":"}`,
    figuresSentence(report.totals, lang, decimals),
  ];
  for (const group of report.groups ?? [])
    lines.push(
      `${groupLabel(report, group, lang)}${lang === "zh" ? "：" : ": "}${figuresSentence(group, lang, decimals)}`,
    );
  if (report.zeroReports !== undefined) {
    const who =
      report.by === "unit" ? (lang === "zh" ? "单位" : "units") : lang === "zh" ? "地区" : "regions";
    const list =
      report.zeroReports.length === 0
        ? lang === "zh"
          ? "无"
          : "none"
        : report.zeroReports.join(lang === "zh" ? "、" : ", ");
    lines.push(
      lang === "zh"
        ? `重大隐患排查“零”报告${who}${formatCount(report.zeroReports.length, lang)}个：${list}。`
        : `Zero reports (no major hazard discovered): ${formatCount(report.zeroReports.length, lang)} ${who}: ${list}.`,
    );
  }
  return `${lines.join("\n")}\n`;
};
