import { formatPercent } from "@hazard-ledger/projections";
import type { Cell, CellKind, SheetTable } from "./sheetTable.js";

const BOM = "\uFEFF";

/** A field quoted as RFC 4180 asks: when it holds a comma, a quote or a line break. */
const field = (value: string): string =>
  /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;

/** Fen as 万元, exactly (10180050 fen is "10.18005"): a spreadsheet rounds for show, not here. */
const wan = (fen: number): string => {
  const whole = Math.trunc(fen / 1_000_000);
  const fraction = String(fen % 1_000_000)
    .padStart(6, "0")
    .replace(/0+$/, "");
  return fraction === "" ? String(whole) : `${whole}.${fraction}`;
};

/**
 * A table as CSV: UTF-8 with a byte-order mark (so Excel opens Chinese as Chinese), RFC 4180
 * quoting and CRLF line ends, a header row first. Counts print as digits, rates as
 * percentages Excel reads as numbers ("97.34%", never "100%" short of all), money in 万元
 * ("10.18"), dates as `YYYY-MM-DD`.
 */
export const csvText = (table: SheetTable, decimals = 2): string => {
  const cell = (value: Cell, kind: CellKind): string => {
    if (value === null) return "";
    if (typeof value === "string") return field(kind === "datetime" ? value.replace("T", " ") : value);
    if (typeof value === "object") {
      const rate = formatPercent(value.numerator, value.denominator, decimals);
      return rate === null ? "" : `${rate}%`;
    }
    if (kind === "money") return wan(value);
    return String(value);
  };
  const lines = [
    table.columns.map((c) => field(c.header)).join(","),
    ...table.rows.map((r) => table.columns.map((c, i) => cell(r[i] ?? null, c.kind)).join(",")),
  ];
  return `${BOM}${lines.join("\r\n")}\r\n`;
};
