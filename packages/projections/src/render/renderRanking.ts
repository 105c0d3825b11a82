import type { RankBy, RankedGroup } from "../report/ranking.js";
import type { Report } from "../report/reportCodec.js";
import { formatCount, formatPercent } from "./numbers.js";
import { type RenderOptions, groupLabel } from "./renderReport.js";

/**
 * A ranking (排名通报) as text, one line per group ("1. 430104 整改率97.34%（3730/3832）"),
 * or as JSON (`[{rank, key, ...figures}]`).
 */
export const renderRanking = (
  report: Report,
  ranked: readonly RankedGroup[],
  by: RankBy,
  options: RenderOptions = {},
): string => {
  if (options.format === "json")
    return `${JSON.stringify(
      ranked.map((r) => ({ rank: r.rank, ...r.group })),
      null,
      2,
    )}\n`;
  const lang = options.lang ?? "zh";
  const decimals = options.decimals ?? 2;
  const zh = lang === "zh";
  const head = zh
    ? by === "rate"
      ? "整改率排名："
      : "超期未整改隐患数排名："
    : by === "rate"
      ? "Ranking by rectification rate:"
      : "Ranking by hazards overdue on rectification:";
  const lines = ranked.map((r) => {
    const g = r.group;
    const place = r.rank === null ? "—" : `${r.rank}.`;
    const label = groupLabel(report, g, lang, options.regionNames);
    if (by === "overdue")
      return zh
        ? `${place} ${label} 超期未整改${formatCount(g.overdue.rectification, lang)}处`
        : `${place} ${label}: ${formatCount(g.overdue.rectification, lang)} overdue`;
    const { numerator, denominator } = g.rectificationRate;
    const rate = formatPercent(numerator, denominator, decimals);
    return zh
      ? `${place} ${label} 整改率${rate === null ? "—" : `${rate}%`}（${numerator}/${denominator}）`
      : `${place} ${label}: ${rate === null ? "n/a" : `${rate}%`} (${formatCount(numerator, lang)} of ${formatCount(denominator, lang)})`;
  });
  return `${[head, ...lines].join("\n")}\n`;
};
