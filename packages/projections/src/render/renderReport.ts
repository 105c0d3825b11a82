import { DateTime } from "luxon";
import type { Period } from "../report/period.js";
import type { GroupBy, Report, ReportFigures, ReportGroup } from "../report/reportCodec.js";
import { asOfClause } from "./asOfText.js";
import { GOV_LEVEL_LABELS, LEVEL_LABELS, type Lang, SOURCE_LABELS, labelOf, sectorLabel } from "./labels.js";
import { formatCount, formatFen, formatPercent } from "./numbers.js";
import { type RegionNames, regionLabel } from "./regionNames.js";
import { REPORT_COLUMNS } from "./reportColumns.js";
import { textTable } from "./textTable.js";

/** How to render: language, output format, and the decimal places of printed rates. */
export interface RenderOptions {
  /** Default `zh`. */
  readonly lang?: Lang;
  /** Default `text`; `json` prints the value as the contract's JSON. */
  readonly format?: "text" | "json";
  /** Decimal places of percentages in text; default 2 (97.34%). */
  readonly decimals?: number;
  /** Names printed beside region codes (`430111008 洞井街道`); codes alone without. */
  readonly regionNames?: RegionNames;
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
// Enforcement is counted in actions: eight suspension orders on one unit are 8次, not 8家
// (a count of units, 家, would need the distinct units, which the figures do not carry).
const ZH_ENFORCEMENT_UNIT = {
  case_filed: "起",
  fine: "次",
  suspension_order: "次",
  seal: "次",
  closure_order: "次",
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

/** `n` and the noun in its number: "1 hazard", "2 hazards". */
const counted = (count: number, forms: readonly [string, string]): string =>
  `${formatCount(count, "en")} ${plural(count, forms)}`;

/**
 * The body sentence of a set of figures, in the register of the seeds' work reports. The
 * discovered, rectified and rate figures are always stated; any other clause that would say
 * zero ("其中待验收0处") is left out.
 */
export const figuresSentence = (f: ReportFigures, lang: Lang, decimals: number): string => {
  const n = (x: number) => formatCount(x, lang);
  const rate = formatPercent(f.rectificationRate.numerator, f.rectificationRate.denominator, decimals);
  const sup = f.supervision;
  const byGov = GOV_ORDER.filter((level) => sup.byAuthorityLevel[level] > 0);
  const notices = NOTICE_ORDER.filter((kind) => f.notices[kind] > 0);
  const actions = ENFORCEMENT_ORDER.filter((action) => f.enforcement[action] > 0);
  const rated = f.discovered - f.voided;
  const joinNonEmpty = (parts: readonly (string | false)[], sep: string) =>
    parts.filter((p): p is string => p !== false && p !== "").join(sep);
  if (lang === "zh") {
    const levels = joinNonEmpty(
      [
        f.byLevel.major > 0 && `重大隐患${n(f.byLevel.major)}处`,
        f.byLevel.general > 0 && `一般隐患${n(f.byLevel.general)}处`,
      ],
      "、",
    );
    const clauses = [
      `累计排查隐患${n(f.discovered)}处` +
        (levels === "" ? "" : `，其中${levels}`) +
        (f.voided > 0 ? `（另有误报、重复等作废${n(f.voided)}处）` : ""),
      rated > 0 &&
        joinNonEmpty(
          [
            `已整改${n(f.rectified)}处，整改率${rate === null ? "—" : `${rate}%`}`,
            f.closed > 0 && `已销号${n(f.closed)}处`,
            f.reopened > 0 && `反弹${n(f.reopened)}处`,
          ],
          "，",
        ),
      joinNonEmpty(
        [
          f.open > 0 &&
            `未完成整改${n(f.open)}处` +
              (f.pendingAcceptance > 0 ? `（其中待验收${n(f.pendingAcceptance)}处）` : ""),
          f.longTermControl > 0 && `长期管控${n(f.longTermControl)}处`,
        ],
        "，",
      ),
      sup.listed > 0 &&
        joinNonEmpty(
          [
            `挂牌督办${n(sup.listed)}处（${byGov.map((l) => `${GOV_LEVEL_LABELS.zh[l]}${n(sup.byAuthorityLevel[l])}处`).join("、")}）`,
            sup.lifted > 0 && `已摘牌${n(sup.lifted)}处`,
            sup.active > 0 && `仍在督办${n(sup.active)}处`,
          ],
          "，",
        ),
      joinNonEmpty(
        [
          f.overdue.rectification > 0 && `超期未整改${n(f.overdue.rectification)}处`,
          f.overdue.supervision > 0 && `超期督办${n(f.overdue.supervision)}处`,
          f.overdue.rectifiedLate > 0 && `超期已整改${n(f.overdue.rectifiedLate)}处`,
        ],
        "，",
      ),
      notices.length > 0 &&
        `发出${notices.map((k) => `${ZH_NOTICE[k]}${n(f.notices[k])}${ZH_NOTICE_UNIT[k]}`).join("、")}`,
      actions
        .map((a) =>
          a === "fine"
            ? `罚款${n(f.enforcement.fine)}次共${formatFen(f.enforcement.finesFen, "zh")}`
            : `${ZH_ENFORCEMENT[a]}${n(f.enforcement[a])}${ZH_ENFORCEMENT_UNIT[a]}`,
        )
        .join("、"),
    ];
    return `${joinNonEmpty(clauses, "；")}。`;
  }
  const levels = joinNonEmpty(
    [
      f.byLevel.major > 0 && `${n(f.byLevel.major)} major`,
      f.byLevel.general > 0 && `${n(f.byLevel.general)} general`,
    ],
    " and ",
  );
  const clauses = [
    `${n(f.discovered)} ${f.discovered === 1 ? "hazard" : "hazards"} discovered` +
      (levels === "" ? "" : `, of which ${levels}`) +
      (f.voided > 0
        ? ` (and ${n(f.voided)} voided as ${f.voided === 1 ? "a false or duplicate report" : "false or duplicate reports"})`
        : ""),
    rated > 0 &&
      joinNonEmpty(
        [
          `${n(f.rectified)} rectified, a rectification rate of ${rate === null ? "n/a" : `${rate}%`} ` +
            `(${n(f.rectificationRate.numerator)} of ${n(f.rectificationRate.denominator)})`,
          f.closed > 0 && `${n(f.closed)} closed`,
          f.reopened > 0 && `${n(f.reopened)} reopened`,
        ],
        ", ",
      ),
    joinNonEmpty(
      [
        f.open > 0 &&
          `${n(f.open)} not yet rectified` +
            (f.pendingAcceptance > 0 ? ` (${n(f.pendingAcceptance)} pending acceptance)` : ""),
        f.longTermControl > 0 && `${n(f.longTermControl)} under long-term control`,
      ],
      ", ",
    ),
    sup.listed > 0 &&
      joinNonEmpty(
        [
          `${n(sup.listed)} listed for supervision (${byGov.map((l) => `${l} ${n(sup.byAuthorityLevel[l])}`).join(", ")})`,
          sup.lifted > 0 && `${n(sup.lifted)} delisted`,
          sup.active > 0 && `${n(sup.active)} still listed`,
        ],
        ", ",
      ),
    joinNonEmpty(
      [
        f.overdue.rectification > 0 && `${n(f.overdue.rectification)} past the rectification deadline`,
        f.overdue.supervision > 0 && `${n(f.overdue.supervision)} past the supervision deadline`,
        f.overdue.rectifiedLate > 0 && `${n(f.overdue.rectifiedLate)} rectified late`,
      ],
      ", ",
    ).replace(/^(.)/, "overdue: $1"),
    notices.map((k) => counted(f.notices[k], EN_NOTICE[k])).join(", "),
    actions
      .map((a) =>
        a === "fine"
          ? `${counted(f.enforcement.fine, EN_ENFORCEMENT.fine)} totalling ${formatFen(f.enforcement.finesFen, "en")}`
          : counted(f.enforcement[a], EN_ENFORCEMENT[a]),
      )
      .join(", "),
  ];
  const text = joinNonEmpty(clauses, "; ");
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

/** The heading line: what was counted, as of when, known at when. */
const heading = (report: Report, lang: Lang): string =>
  lang === "zh"
    ? `隐患排查治理统计：${periodPhrase(report.period, lang)}排查的隐患，` +
      asOfClause(report.asOf, report.knownAt, report.timezone, lang)
    : `Hazard statistics: hazards discovered ${periodPhrase(report.period, lang)}, ` +
      asOfClause(report.asOf, report.knownAt, report.timezone, lang);

/** How a group's key reads: a sector's or source's name, a level, a region code and name, a unit name. */
export const groupLabel = (
  report: Report,
  group: ReportGroup,
  lang: Lang,
  regionNames?: RegionNames,
): string => {
  switch (report.by) {
    case "region":
      return regionLabel(group.key, regionNames);
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

/** What the first column of a `--by` table holds. */
export const GROUP_HEADERS: Readonly<Record<Lang, Readonly<Record<GroupBy, string>>>> = {
  zh: { level: "等级", sector: "行业领域", region: "行政区划", source: "来源", unit: "单位", month: "月份" },
  en: { level: "level", sector: "sector", region: "region", source: "source", unit: "unit", month: "month" },
};

/**
 * The groups of a report as a text table, a row per group and one for the total; columns
 * that are zero in every row are left out (the discovered, rectified and rate columns stay).
 */
const groupsTable = (
  report: Report,
  groups: readonly ReportGroup[],
  lang: Lang,
  decimals: number,
  regionNames: RegionNames | undefined,
): string => {
  const always = new Set(["discovered", "rectified", "rectificationRate"]);
  const rows: [string, ReportFigures][] = [
    ...groups.map((g): [string, ReportFigures] => [groupLabel(report, g, lang, regionNames), g]),
    [lang === "zh" ? "合计" : "total", report.totals],
  ];
  const columns = REPORT_COLUMNS.filter(
    (c) => c.inText && (always.has(c.key) || rows.some(([, f]) => (c.value(f) ?? 0) !== 0)),
  );
  const cell = (f: ReportFigures, c: (typeof columns)[number]): string => {
    if (c.kind === "rate") {
      const rate = formatPercent(f.rectificationRate.numerator, f.rectificationRate.denominator, decimals);
      return rate === null ? "—" : `${rate}%`;
    }
    return formatCount(c.value(f) ?? 0, lang);
  };
  return textTable(
    [report.by === undefined ? "" : GROUP_HEADERS[lang][report.by], ...columns.map((c) => c.header[lang])],
    rows.map(([label, f]) => [label, ...columns.map((c) => cell(f, c))]),
  );
};

/**
 * A report as text (Chinese in the register of the seeds: "累计排查隐患3832处，其中重大隐患650处…；
 * 已整改3730处，整改率97.34%…", or English): a paragraph for the totals, then with `--by` a
 * table of the groups; or as the contract's JSON.
 */
export const renderReport = (report: Report, options: RenderOptions = {}): string => {
  const lang = options.lang ?? "zh";
  if (options.format === "json") return `${JSON.stringify(report, null, 2)}\n`;
  const decimals = options.decimals ?? 2;
  const lines = [
    `${heading(report, lang)}${lang === "zh" ? "：" : ":"}`,
    figuresSentence(report.totals, lang, decimals),
  ];
  if (report.groups !== undefined && report.groups.length > 0)
    lines.push("", groupsTable(report, report.groups, lang, decimals, options.regionNames));
  if (report.zeroReports !== undefined) {
    const who =
      report.by === "unit" ? (lang === "zh" ? "单位" : "units") : lang === "zh" ? "地区" : "regions";
    const list =
      report.zeroReports.length === 0
        ? lang === "zh"
          ? "无"
          : "none"
        : report.zeroReports
            .map((key) => (report.by === "unit" ? key : regionLabel(key, options.regionNames)))
            .join(lang === "zh" ? "、" : ", ");
    const many = report.zeroReports.length;
    lines.push(
      lang === "zh"
        ? `重大隐患排查“零”报告${who}${formatCount(many, lang)}个：${list}。`
        : `Zero reports (no major hazard discovered): ${formatCount(many, lang)} ${many === 1 ? who.replace(/s$/, "") : who}: ${list}.`,
    );
  }
  if (report.backfills !== undefined && report.backfills.length > 0)
    lines.push(backfillSentence(report.backfills, lang));
  if (report.ledger !== undefined) lines.push(ledgerLine(report.ledger, lang));
  return `${lines.join("\n")}\n`;
};

/** What tells a reader that the known-at view was amended after its instant, when and by how much. */
const backfillSentence = (backfills: NonNullable<Report["backfills"]>, lang: Lang): string =>
  lang === "zh"
    ? `注意：本视图时点之后有补录改动了当时的台账记载：${backfills
        .map((b) => `${b.committedAt}补录${formatCount(b.events, lang)}条事件`)
        .join("；")}。`
    : `Note: backfills committed after this view's instant changed what the ledger recorded then: ${backfills
        .map(
          (b) =>
            `${formatCount(b.events, lang)} ${b.events === 1 ? "event" : "events"} committed ${b.committedAt}`,
        )
        .join("; ")}.`;

/** The last line: the digest of the log the report read, which anchors the report to it. */
const ledgerLine = (ledger: NonNullable<Report["ledger"]>, lang: Lang): string =>
  lang === "zh"
    ? `台账摘要（${ledger.algorithm}，${formatCount(ledger.events, lang)}条事件）：${ledger.digest}`
    : `Ledger digest (${ledger.algorithm}, ${formatCount(ledger.events, lang)} ${ledger.events === 1 ? "event" : "events"}): ${ledger.digest}`;
