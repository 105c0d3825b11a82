import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { type CliIo, RejectedError, UsageError } from "../io.js";
import { csvText } from "./csvText.js";
import type { SheetBook, SheetTable } from "./sheetTable.js";
import { writeXlsx } from "./xlsxBook.js";

/** The formats a tabular command writes. */
export type TableFormat = "text" | "json" | "csv" | "xlsx";

/** Checks `--out` against `--format`: XLSX is a file, never bytes on a terminal. */
export const checkOut = (format: string, out: string | undefined): void => {
  if (format === "xlsx" && out === undefined) throw new UsageError("--format xlsx needs --out FILE");
};

const writeText = async (io: CliIo, text: string, out: string | undefined): Promise<void> => {
  if (out === undefined) {
    io.stdout.write(text);
    return;
  }
  await writeFile(resolve(io.cwd, out), text, "utf8").catch((e: NodeJS.ErrnoException) => {
    throw new RejectedError(`--out ${out}: cannot write (${e.code ?? e.message})`);
  });
};

/** Writes text output (text, JSON) to stdout or `--out`. */
export const emitText = writeText;

/** Writes one table as CSV (to stdout or `--out`). */
export const emitCsv = async (io: CliIo, table: SheetTable, out: string | undefined, decimals?: number) =>
  writeText(io, csvText(table, decimals), out);

/** Writes a workbook as XLSX to `--out`, and says where on stdout. */
export const emitXlsx = async (io: CliIo, book: SheetBook, out: string | undefined): Promise<void> => {
  if (out === undefined) throw new UsageError("--format xlsx needs --out FILE");
  const path = resolve(io.cwd, out);
  await writeXlsx(book, path).catch((e: NodeJS.ErrnoException) => {
    throw new RejectedError(`--out ${out}: cannot write (${e.code ?? e.message})`);
  });
  io.stdout.write(`${path}\n`);
};
