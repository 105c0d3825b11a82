import type { OverdueItem, RectifiedLateItem } from "../overdue/overdueCodec.js";
import { GOV_LEVEL_LABELS, LEVEL_LABELS, type Lang, STATUS_LABELS, labelOf, sectorLabel } from "./labels.js";
import { formatCount } from "./numbers.js";
import type { RenderOptions } from "./renderReport.js";

const line = (item: OverdueItem, lang: Lang): string => {
  const listed =
    item.authorityLevel === undefined ? "" : labelOf(GOV_LEVEL_LABELS, item.authorityLevel, lang);
  if (lang === "zh")
    return (
      `${item.hazardId} ${item.kind === "rectification" ? "超期未整改" : "超期督办"} ` +
      `期限${item.deadline}，已超期${item.daysOverdue}天；${labelOf(LEVEL_LABELS, item.level, "zh")}，` +
      `${sectorLabel(item.sector, "zh")}，${item.region}` +
      (listed === "" ? "" : `，${listed}挂牌`) +
      (item.unit === undefined || item.unit === "" ? "" : `，${item.unit}`) +
      (item.title === undefined ? "" : `：${item.title}`)
    );
  return (
    `${item.hazardId} ${item.kind} deadline ${item.deadline}, ${formatCount(item.daysOverdue, "en")} ` +
    `day${item.daysOverdue === 1 ? "" : "s"} overdue; ${item.level}, ${sectorLabel(item.sector, "en")}, ${item.region}` +
    (listed === "" ? "" : `, listed by ${listed}`) +
    (item.unit === undefined || item.unit === "" ? "" : `, ${item.unit}`) +
    (item.title === undefined ? "" : `: ${item.title}`)
  );
};

/** An overdue list as text (a count, then one line per item, most overdue first) or JSON. */
export const renderOverdue = (items: readonly OverdueItem[], options: RenderOptions = {}): string => {
  if (options.format === "json") return `${JSON.stringify(items, null, 2)}\n`;
  const lang = options.lang ?? "zh";
  const rectification = items.filter((i) => i.kind === "rectification").length;
  const supervision = items.length - rectification;
  const head =
    lang === "zh"
      ? `超期隐患${items.length}项（超期未整改${rectification}处，超期督办${supervision}处）${items.length > 0 ? "：" : "。"}`
      : `${formatCount(items.length, "en")} overdue (${formatCount(rectification, "en")} past the rectification deadline, ${formatCount(supervision, "en")} past the supervision deadline)${items.length > 0 ? ":" : "."}`;
  return `${[head, ...items.map((i) => line(i, lang))].join("\n")}\n`;
};

/** A rectified-late list as text or JSON. */
export const renderRectifiedLate = (
  items: readonly RectifiedLateItem[],
  options: RenderOptions = {},
): string => {
  if (options.format === "json") return `${JSON.stringify(items, null, 2)}\n`;
  const lang = options.lang ?? "zh";
  const head =
    lang === "zh"
      ? `超期已整改隐患${items.length}处${items.length > 0 ? "：" : "。"}`
      : `${formatCount(items.length, "en")} rectified late${items.length > 0 ? ":" : "."}`;
  const lines = items.map((i) =>
    lang === "zh"
      ? `${i.hazardId} 期限${i.deadline}，${i.completedOn}整改完成，超期${i.daysLate}天；${labelOf(STATUS_LABELS, i.status, "zh")}，${labelOf(LEVEL_LABELS, i.level, "zh")}，${sectorLabel(i.sector, "zh")}，${i.region}`
      : `${i.hazardId} deadline ${i.deadline}, completed ${i.completedOn}, ${i.daysLate} day${i.daysLate === 1 ? "" : "s"} late; ${labelOf(STATUS_LABELS, i.status, "en")}, ${i.level}, ${sectorLabel(i.sector, "en")}, ${i.region}`,
  );
  return `${[head, ...lines].join("\n")}\n`;
};
