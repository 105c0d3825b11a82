/**
 * What a cell of a spreadsheet holds, so each format can write it as its kind: text, a
 * calendar date (`YYYY-MM-DD`), a local date and time (`YYYY-MM-DDTHH:mm:ss`, no zone: the
 * ledger's wall clock), a whole count, a rate (a fraction of 1) or money (in fen).
 */
export type CellKind = "text" | "date" | "datetime" | "count" | "rate" | "money";

/** A rate as its exact parts, so no format rounds 199/200 up to 100%. */
export interface RateCell {
  readonly numerator: number;
  readonly denominator: number;
}

/** A cell: text, a number, a rate's parts, or empty (null). */
export type Cell = string | number | RateCell | null;

export interface SheetColumn {
  readonly header: string;
  readonly kind: CellKind;
}

/** One table: a sheet of a workbook, or the whole of a CSV file. */
export interface SheetTable {
  /** The sheet's name (at most 31 characters, as Excel allows). */
  readonly name: string;
  readonly columns: readonly SheetColumn[];
  /** A cell per column; null is an empty cell. */
  readonly rows: readonly (readonly Cell[])[];
}

/** One line of a cover sheet: a label and a value of its own kind. */
export interface CoverEntry {
  readonly label: string;
  readonly value: string | number | null;
  readonly kind: CellKind;
}

/** A workbook: a cover of labelled values (as-of, known-at, the ledger's digest…), then tables. */
export interface SheetBook {
  /** The cover sheet's name and lines. */
  readonly coverName: string;
  readonly cover: readonly CoverEntry[];
  readonly tables: readonly SheetTable[];
}
