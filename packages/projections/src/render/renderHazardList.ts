import type { HazardRow } from "../list/hazardRowCodec.js";
import { HAZARD_ROW_COLUMNS } from "../list/hazardRowColumns.js";
import type { Lang } from "./labels.js";
import type { RegionNames } from "./regionNames.js";
import { asOfClause } from "./asOfText.js";
import { DEFAULT_TIME_ZONE } from "../time/ledgerCalendar.js";
import { textTable } from "./textTable.js";

/** How to render a hazard list: language, format, and the axes to state. */
export interface HazardListRenderOptions {
  readonly lang?: Lang;
  readonly format?: "text" | "json";
  readonly asOf?: string;
  readonly knownAt?: string | null;
  readonly timeZone?: string;
  /** Names printed beside region codes in text (JSON keeps codes alone). */
  readonly regionNames?: RegionNames;
}

/**
 * A hazard list as text (a line stating the as-of and the count, then a table) or as JSON
 * (the rows).
 */
export const renderHazardList = (
  rows: readonly HazardRow[],
  options: HazardListRenderOptions = {},
): string => {
  if (options.format === "json") return `${JSON.stringify(rows, null, 2)}\n`;
  const lang = options.lang ?? "zh";
  const zh = lang === "zh";
  const when =
    options.asOf === undefined
      ? ""
      : `${asOfClause(options.asOf, options.knownAt ?? null, options.timeZone ?? DEFAULT_TIME_ZONE, lang)}${zh ? "，" : ", "}`;
  const count = zh ? `隐患${rows.length}处` : `${rows.length} ${rows.length === 1 ? "hazard" : "hazards"}`;
  const head = `${when}${count}${rows.length === 0 ? (zh ? "。" : ".") : zh ? "：" : ":"}`;
  const first = zh ? head : `${head.charAt(0).toUpperCase()}${head.slice(1)}`;
  if (rows.length === 0) return `${first}\n`;
  const columns = HAZARD_ROW_COLUMNS.filter((c) => c.forms !== "sheets");
  const table = textTable(
    columns.map((c) => c.header[lang]),
    rows.map((r) =>
      columns.map((c) => {
        const v = c.value(r, lang, options.regionNames);
        return v === null ? "" : String(v);
      }),
    ),
  );
  return `${first}\n${table}\n`;
};
