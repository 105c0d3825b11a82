import {
  OVERDUE_KINDS,
  type OverdueItem,
  type OverdueKind,
  type RectifiedLateItem,
} from "../overdue/overdueCodec.js";
import { DEFAULT_TIME_ZONE } from "../time/ledgerCalendar.js";
import { asOfClause } from "./asOfText.js";
import { GOV_LEVEL_LABELS, LEVEL_LABELS, type Lang, STATUS_LABELS, labelOf, sectorLabel } from "./labels.js";
import { formatCount } from "./numbers.js";
import { type RegionNames, regionLabel } from "./regionNames.js";
import type { RenderOptions } from "./renderReport.js";

const workingDaysPhrase = (item: OverdueItem, lang: Lang): string => {
  const n = item.workingDaysOverdue;
  if (n === undefined || n === null) return "";
  return lang === "zh" ? `（${n}个工作日）` : ` (${formatCount(n, "en")} working day${n === 1 ? "" : "s"})`;
};

const line = (item: OverdueItem, lang: Lang, names: RegionNames | undefined): string => {
  const region = regionLabel(item.region, names);
  const listed =
    item.authorityLevel === undefined ? "" : labelOf(GOV_LEVEL_LABELS, item.authorityLevel, lang);
  if (lang === "zh")
    return (
      `${item.hazardId} ${item.kind === "rectification" ? "超期未整改" : "超期督办"} ` +
      `期限${item.deadline}，已超期${item.daysOverdue}天${workingDaysPhrase(item, "zh")}；${labelOf(LEVEL_LABELS, item.level, "zh")}，` +
      `${sectorLabel(item.sector, "zh")}，${region}` +
      (listed === "" ? "" : `，${listed}挂牌`) +
      (item.unit === undefined || item.unit === "" ? "" : `，${item.unit}`) +
      (item.title === undefined ? "" : `：${item.title}`)
    );
  return (
    `${item.hazardId} ${item.kind} deadline ${item.deadline}, ${formatCount(item.daysOverdue, "en")} ` +
    `day${item.daysOverdue === 1 ? "" : "s"} overdue${workingDaysPhrase(item, "en")}; ${item.level}, ${sectorLabel(item.sector, "en")}, ${region}` +
    (listed === "" ? "" : `, listed by ${listed}`) +
    (item.unit === undefined || item.unit === "" ? "" : `, ${item.unit}`) +
    (item.title === undefined ? "" : `: ${item.title}`)
  );
};

/** How to render an overdue list: the render options, and what the list answers. */
export interface OverdueRenderOptions extends RenderOptions {
  /** The as-of instant the list was judged at, stated in the heading. */
  readonly asOf?: string;
  readonly knownAt?: string | null;
  /** The ledger's zone, to state the as-of in (default Asia/Shanghai). */
  readonly timeZone?: string;
  /** The kinds the list was asked for (`--kind`); default both. */
  readonly kinds?: readonly OverdueKind[];
}

/**
 * An overdue list as text or JSON. The text states its as-of, then counts hazards (a hazard
 * overdue on both rectification and supervision is one hazard, two lines), naming only the
 * kinds asked for and leaving out a kind with none; then one line per item, most overdue first.
 */
export const renderOverdue = (items: readonly OverdueItem[], options: OverdueRenderOptions = {}): string => {
  if (options.format === "json") return `${JSON.stringify(items, null, 2)}\n`;
  const lang = options.lang ?? "zh";
  const zh = lang === "zh";
  const kinds = options.kinds ?? OVERDUE_KINDS;
  const hazards = new Set(items.map((i) => i.hazardId)).size;
  const of = (kind: OverdueKind) => new Set(items.filter((i) => i.kind === kind).map((i) => i.hazardId)).size;
  const when =
    options.asOf === undefined
      ? ""
      : `${asOfClause(options.asOf, options.knownAt ?? null, options.timeZone ?? DEFAULT_TIME_ZONE, lang)}${zh ? "，" : ", "}`;
  const hazardsWord = (n: number) => (n === 1 ? "hazard" : "hazards");
  let head: string;
  if (kinds.length === 1) {
    const kind = kinds[0] as OverdueKind;
    head = zh
      ? `${kind === "rectification" ? "超期未整改" : "超期督办"}隐患${hazards}处`
      : `${formatCount(hazards, "en")} ${hazardsWord(hazards)} past the ${kind} deadline`;
  } else {
    const parts = OVERDUE_KINDS.filter((k) => of(k) > 0).map((k) =>
      zh
        ? `${k === "rectification" ? "超期未整改" : "超期督办"}${of(k)}处`
        : `${formatCount(of(k), "en")} past the ${k} deadline`,
    );
    head = zh
      ? `超期隐患${hazards}处${parts.length > 0 ? `（${parts.join("，")}）` : ""}`
      : `${formatCount(hazards, "en")} ${hazardsWord(hazards)} overdue${parts.length > 0 ? ` (${parts.join(", ")})` : ""}`;
  }
  const sentence = `${when}${head}${items.length > 0 ? (zh ? "：" : ":") : zh ? "。" : "."}`;
  const first = zh ? sentence : `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}`;
  const calendars = [
    ...new Set(items.flatMap((i) => (i.workingDayCalendar === undefined ? [] : [i.workingDayCalendar]))),
  ];
  const foot =
    calendars.length === 0
      ? []
      : [zh ? `工作日依据：${calendars.join("；")}。` : `Working days per ${calendars.join("; ")}.`];
  return `${[first, ...items.map((i) => line(i, lang, options.regionNames)), ...foot].join("\n")}\n`;
};

/** A rectified-late list as text (stating its as-of when given) or JSON. */
export const renderRectifiedLate = (
  items: readonly RectifiedLateItem[],
  options: Omit<OverdueRenderOptions, "kinds"> = {},
): string => {
  if (options.format === "json") return `${JSON.stringify(items, null, 2)}\n`;
  const lang = options.lang ?? "zh";
  const zh = lang === "zh";
  const when =
    options.asOf === undefined
      ? ""
      : `${asOfClause(options.asOf, options.knownAt ?? null, options.timeZone ?? DEFAULT_TIME_ZONE, lang)}${zh ? "，" : ", "}`;
  const sentence = zh
    ? `${when}超期已整改隐患${items.length}处${items.length > 0 ? "：" : "。"}`
    : `${when}${formatCount(items.length, "en")} ${items.length === 1 ? "hazard" : "hazards"} rectified late${items.length > 0 ? ":" : "."}`;
  const head = zh ? sentence : `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}`;
  const lines = items.map((i) =>
    lang === "zh"
      ? `${i.hazardId} 期限${i.deadline}，${i.completedOn}整改完成，超期${i.daysLate}天；${labelOf(STATUS_LABELS, i.status, "zh")}，${labelOf(LEVEL_LABELS, i.level, "zh")}，${sectorLabel(i.sector, "zh")}，${regionLabel(i.region, options.regionNames)}`
      : `${i.hazardId} deadline ${i.deadline}, completed ${i.completedOn}, ${i.daysLate} day${i.daysLate === 1 ? "" : "s"} late; ${labelOf(STATUS_LABELS, i.status, "en")}, ${i.level}, ${sectorLabel(i.sector, "en")}, ${regionLabel(i.region, options.regionNames)}`,
  );
  return `${[head, ...lines].join("\n")}\n`;
};
