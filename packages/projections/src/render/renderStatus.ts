import type { HazardStatusView } from "../status/statusCodec.js";
import {
  GOV_LEVEL_LABELS,
  LEVEL_LABELS,
  type Lang,
  SOURCE_LABELS,
  STATUS_LABELS,
  labelOf,
  sectorLabel,
} from "./labels.js";
import { regionLabel } from "./regionNames.js";
import type { RenderOptions } from "./renderReport.js";
import { DEFAULT_TIME_ZONE } from "../time/ledgerCalendar.js";
import { instantPhrase } from "./asOfText.js";

const yesNo = (b: boolean, lang: Lang): string => (lang === "zh" ? (b ? "是" : "否") : b ? "yes" : "no");

/** One hazard's status as labelled lines of text, or the contract's JSON. */
export const renderStatus = (view: HazardStatusView, options: RenderOptions = {}): string => {
  if (options.format === "json") return `${JSON.stringify(view, null, 2)}\n`;
  const lang = options.lang ?? "zh";
  const zh = lang === "zh";
  const none = zh ? "无" : "none";
  const sup = view.supervision;
  const zone = view.timezone ?? DEFAULT_TIME_ZONE;
  const days = (d: number | null | undefined) =>
    d === null || d === undefined ? "" : zh ? `（${d}天）` : ` (${d} ${d === 1 ? "day" : "days"})`;
  const rows: [string, string][] = [
    [zh ? "隐患编号" : "hazard", view.hazardId],
    ...(view.title === undefined ? [] : [[zh ? "名称" : "title", view.title] as [string, string]]),
    [zh ? "状态" : "status", labelOf(STATUS_LABELS, view.status, lang)],
    [zh ? "等级" : "level", labelOf(LEVEL_LABELS, view.level, lang)],
    ...(view.sector === undefined
      ? []
      : [[zh ? "行业领域" : "sector", sectorLabel(view.sector, lang)] as [string, string]]),
    ...(view.region === undefined
      ? []
      : [[zh ? "行政区划" : "region", regionLabel(view.region, options.regionNames)] as [string, string]]),
    ...(view.unit === undefined ? [] : [[zh ? "单位" : "unit", view.unit] as [string, string]]),
    ...(view.source === undefined
      ? []
      : [[zh ? "来源" : "source", labelOf(SOURCE_LABELS, view.source, lang)] as [string, string]]),
    ...(view.discoveredOn === undefined
      ? []
      : [[zh ? "发现日期" : "discovered", view.discoveredOn] as [string, string]]),
    [zh ? "整改期限" : "deadline", view.deadline ?? none],
    [zh ? "原定期限" : "original deadline", view.originalDeadline ?? none],
    [
      zh ? "挂牌督办" : "supervision",
      sup === null
        ? none
        : zh
          ? `${sup.authority}（${labelOf(GOV_LEVEL_LABELS, sup.authorityLevel, lang)}），期限${sup.deadline}，${sup.active ? "督办中" : "已摘牌"}`
          : `${sup.authority} (${sup.authorityLevel}), deadline ${sup.deadline}, ${sup.active ? "active" : "lifted"}`,
    ],
    [
      zh ? "超期未整改" : "rectification overdue",
      yesNo(view.overdue.rectification, lang) + days(view.daysOverdue?.rectification),
    ],
    [
      zh ? "超期督办" : "supervision overdue",
      yesNo(view.overdue.supervision, lang) + days(view.daysOverdue?.supervision),
    ],
    ...(view.rectifiedLate === undefined
      ? []
      : [[zh ? "超期已整改" : "rectified late", yesNo(view.rectifiedLate, lang)] as [string, string]]),
    [zh ? "事件序号" : "last seq", String(view.seq)],
    ...(view.asOf === undefined
      ? []
      : [[zh ? "截至" : "as of", instantPhrase(view.asOf, zone, lang)] as [string, string]]),
    ...(view.knownAt === undefined || view.knownAt === null
      ? []
      : [[zh ? "台账记载截至" : "known at", instantPhrase(view.knownAt, zone, lang)] as [string, string]]),
  ];
  return `${rows.map(([k, v]) => `${k}${zh ? "：" : ": "}${v}`).join("\n")}\n`;
};
