import { formatPercent } from "@hazard-ledger/projections";
import type ExcelJS from "exceljs";
import type { Cell, CellKind, SheetBook, SheetTable } from "./sheetTable.js";

const NUMBER_FORMATS: Partial<Record<CellKind, string>> = {
  date: "yyyy-mm-dd",
  datetime: "yyyy-mm-dd hh:mm:ss",
  count: "0",
  rate: "0.00%",
  money: "0.00",
};

/**
 * A wall-clock date or date-time as the Date Excel shows: Excel cells have no zone, so the
 * ledger's local time is written as if it were UTC (exceljs writes a Date's UTC fields).
 */
const excelDate = (text: string): Date => new Date(`${text.length === 10 ? `${text}T00:00:00` : text}Z`);

const cellValue = (value: Cell, kind: CellKind): ExcelJS.CellValue => {
  if (value === null) return null;
  // A rate is a number in [0, 1] shown as a percentage; without a denominator it is empty.
  if (typeof value === "object") return value.denominator === 0 ? null : value.numerator / value.denominator;
  if ((kind === "date" || kind === "datetime") && typeof value === "string") return excelDate(value);
  // Money is kept in fen; the sheet shows 万元, as the reports print it.
  if (kind === "money" && typeof value === "number") return value / 1_000_000;
  return value;
};

const displayWidth = (text: string): number => {
  let width = 0;
  for (const ch of text) width += /[\u1100-\uffff]/.test(ch) ? 2 : 1;
  return width;
};

const addTable = (book: ExcelJS.Workbook, table: SheetTable): void => {
  const sheet = book.addWorksheet(table.name.slice(0, 31), { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.addRow(table.columns.map((c) => c.header)).font = { bold: true };
  for (const row of table.rows) {
    const added = sheet.addRow(table.columns.map((c, i) => cellValue(row[i] ?? null, c.kind)));
    table.columns.forEach((c, i) => {
      const value = row[i] ?? null;
      if (value === null) return;
      let format = NUMBER_FORMATS[c.kind];
      if (typeof value === "object") {
        // At two decimals 199999/200000 would show as 100.00%: such a cell gets the places
        // formatPercent needs to tell it apart.
        const text = formatPercent(value.numerator, value.denominator, 2);
        const places = text === null ? 2 : (text.split(".")[1] ?? "").length;
        format = `0.${"0".repeat(places)}%`;
      }
      if (format !== undefined) added.getCell(i + 1).numFmt = format;
    });
  }
  table.columns.forEach((c, i) => {
    const longest = Math.max(
      displayWidth(c.header),
      ...table.rows.map((r) => {
        const v = r[i] ?? "";
        return displayWidth(typeof v === "object" ? "100.00%" : String(v));
      }),
    );
    sheet.getColumn(i + 1).width = Math.min(Math.max(longest + 2, 8), 60);
  });
};

const addCover = (book: ExcelJS.Workbook, name: string, entries: SheetBook["cover"]): void => {
  const sheet = book.addWorksheet(name.slice(0, 31));
  for (const entry of entries) {
    const row = sheet.addRow([entry.label, cellValue(entry.value, entry.kind)]);
    row.getCell(1).font = { bold: true };
    const format = NUMBER_FORMATS[entry.kind];
    if (format !== undefined && entry.value !== null) row.getCell(2).numFmt = format;
  }
  sheet.getColumn(1).width = 20;
  sheet.getColumn(2).width = 70;
};

/** Writes a workbook as an XLSX file: the cover first, then a sheet per table. */
export const writeXlsx = async (book: SheetBook, path: string): Promise<void> => {
  // Loaded here, not at start-up: it costs every other command a few hundred ms of CPU.
  const { default: excel } = await import("exceljs");
  const workbook = new excel.Workbook();
  workbook.creator = "hazard-ledger";
  addCover(workbook, book.coverName, book.cover);
  for (const table of book.tables) addTable(workbook, table);
  await workbook.xlsx.writeFile(path);
};
