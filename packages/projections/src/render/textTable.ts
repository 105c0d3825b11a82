import stringWidth from "string-width";

/**
 * Rows as a plain-text table whose columns line up in a terminal and in a fixed-width font,
 * Chinese characters counting two columns. Numeric-looking cells are right-aligned, except
 * in the first column, which names the row (a region code is a name there).
 */
export const textTable = (header: readonly string[], rows: readonly (readonly string[])[]): string => {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((r) => stringWidth(r[c] ?? ""))));
  const numeric = (cell: string) => /^[-+]?[\d,.]+%?$|^—$/.test(cell);
  const pad = (cell: string, c: number) => {
    const gap = " ".repeat((widths[c] ?? 0) - stringWidth(cell));
    return c > 0 && numeric(cell) ? gap + cell : cell + gap;
  };
  const line = (r: readonly string[]) =>
    header
      .map((_, c) => pad(r[c] ?? "", c))
      .join("  ")
      .trimEnd();
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  return [line(header), rule, ...rows.map(line)].join("\n");
};
