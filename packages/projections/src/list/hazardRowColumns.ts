import {
  GOV_LEVEL_LABELS,
  LEVEL_LABELS,
  type Lang,
  SOURCE_LABELS,
  STATUS_LABELS,
  labelOf,
  sectorLabel,
} from "../render/labels.js";
import { type RegionNames, regionLabel, regionName } from "../render/regionNames.js";
import type { HazardRow } from "./hazardRowCodec.js";

/** What a list column holds: text, a calendar date (YYYY-MM-DD), or a whole number. */
export type RowColumnKind = "text" | "date" | "count";

/**
 * Which forms of a list show a column: the text table is read by people (a region as
 * `430111005 洞井街道` in one cell), the spreadsheets are also sorted and joined by machines
 * (the code and the name in cells of their own).
 */
export type RowColumnForms = "both" | "text" | "sheets";

/**
 * One column of a hazard list (the text table, CSV and XLSX): its header in each language and
 * its cell. The one list of columns, so every form of a list has the same columns.
 */
export interface HazardRowColumn {
  readonly key: string;
  readonly header: Readonly<Record<Lang, string>>;
  readonly kind: RowColumnKind;
  readonly forms: RowColumnForms;
  /** The cell; `names` put region names beside codes (none given: codes alone). */
  readonly value: (row: HazardRow, lang: Lang, names?: RegionNames) => string | number | null;
}

const column = (
  key: string,
  zh: string,
  en: string,
  kind: RowColumnKind,
  forms: RowColumnForms | boolean,
  value: HazardRowColumn["value"],
): HazardRowColumn => ({
  key,
  header: { zh, en },
  kind,
  forms: forms === true ? "both" : forms === false ? "sheets" : forms,
  value,
});

/** How a listing reads: "市级挂牌，督办中" / "city, active". */
export const listingText = (row: HazardRow, lang: Lang): string | null => {
  const l = row.listing;
  if (l === null) return null;
  const level = labelOf(GOV_LEVEL_LABELS, l.authorityLevel, lang);
  return lang === "zh"
    ? `${level}挂牌，${l.active ? "督办中" : "已摘牌"}`
    : `${level}, ${l.active ? "active" : "lifted"}`;
};

/** The columns of a hazard list, in the order of interchange.md's `list`. */
export const HAZARD_ROW_COLUMNS: readonly HazardRowColumn[] = [
  column("hazardId", "隐患编号", "hazard", "text", true, (r) => r.hazardId),
  column("title", "隐患名称", "title", "text", true, (r) => r.title),
  column("level", "隐患等级", "level", "text", true, (r, lang) => labelOf(LEVEL_LABELS, r.level, lang)),
  column("status", "状态", "status", "text", true, (r, lang) => labelOf(STATUS_LABELS, r.status, lang)),
  column("sector", "行业领域", "sector", "text", true, (r, lang) => sectorLabel(r.sector, lang)),
  column("region", "行政区划", "region", "text", "text", (r, _lang, names) => regionLabel(r.region, names)),
  column("regionCode", "行政区划", "region", "text", "sheets", (r) => r.region),
  column("regionName", "区划名称", "region name", "text", "sheets", (r, _lang, names) =>
    names === undefined ? null : (regionName(r.region, names) ?? null),
  ),
  column("unit", "单位", "unit", "text", true, (r) => r.unit),
  column("source", "来源", "source", "text", false, (r, lang) => labelOf(SOURCE_LABELS, r.source, lang)),
  column("discoveredOn", "发现日期", "discovered", "date", false, (r) => r.discoveredOn),
  column("deadline", "整改期限", "deadline", "date", true, (r) => r.deadline),
  column("daysOverdue", "超期天数", "days overdue", "count", true, (r) => r.daysOverdue),
  column("listing", "挂牌督办", "listing", "text", true, listingText),
  column("listingAuthority", "督办机关", "listed by", "text", false, (r) => r.listing?.authority ?? null),
  column(
    "listingDeadline",
    "督办期限",
    "listing deadline",
    "date",
    false,
    (r) => r.listing?.deadline ?? null,
  ),
];
