import type { Figure } from "./stats.js";

const fmt = (x: number): string =>
  Math.abs(x) >= 1000 ? Math.round(x).toLocaleString("en") : Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(2);

/** The figures of one section as a plain-text table. */
export const renderTable = (title: string, figures: readonly Figure[]): string => {
  const rows = figures.map((f) => [
    f.name,
    fmt(f.median),
    fmt(f.min),
    fmt(f.max),
    f.unit,
    f.target ?? "",
    f.met === undefined ? "" : f.met ? "met" : "MISSED",
  ]);
  const head = ["figure", "median", "min", "max", "unit", "target", ""];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (i >= 1 && i <= 3 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [`\n== ${title}`, line(head), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
};
