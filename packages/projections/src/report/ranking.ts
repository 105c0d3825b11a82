import { type Either, left, right } from "fp-ts/lib/Either.js";
import { type ProjectionError, projectionError } from "../projectionError.js";
import type { ReportGroup } from "./reportCodec.js";

/** What a ranking (排名通报) orders groups by. */
export type RankBy = "rate" | "overdue";

/** How {@link rankGroups} ranks. */
export interface RankingOptions {
  /** `rate`: rectification rate; `overdue`: hazards overdue on rectification (超期未整改). */
  readonly by: RankBy;
  /** Default: `desc` (highest rate first; most overdue first, as bulletins name laggards). */
  readonly order?: "asc" | "desc";
}

/** A group's place: equal values share a rank (1, 2, 2, 4); a group without a rate has none. */
export interface RankedGroup {
  readonly rank: number | null;
  readonly key: string;
  readonly group: ReportGroup;
}

/**
 * Compares rates exactly by cross-multiplying their parts (a/b vs c/d as a·d vs c·b), never
 * through rounded values, so 3730/3832 and 97338/100000 do not tie.
 */
const compareRates = (x: ReportGroup, y: ReportGroup): number => {
  const a = BigInt(x.rectificationRate.numerator) * BigInt(y.rectificationRate.denominator);
  const b = BigInt(y.rectificationRate.numerator) * BigInt(x.rectificationRate.denominator);
  return a < b ? -1 : a > b ? 1 : 0;
};

/**
 * Ranks the groups of a report. Groups with no hazard to rate (denominator 0) come last
 * without a rank when ranking by rate; ties keep key order.
 */
export const rankGroups = (
  groups: readonly ReportGroup[],
  options: RankingOptions,
): Either<ProjectionError, RankedGroup[]> => {
  if (options.by !== "rate" && options.by !== "overdue")
    return left(
      projectionError("INVALID_OPTION", `rank by: ${JSON.stringify(options.by)} is not rate or overdue`),
    );
  const sign = options.order === "asc" ? 1 : -1;
  const compare =
    options.by === "rate"
      ? compareRates
      : (x: ReportGroup, y: ReportGroup) => x.overdue.rectification - y.overdue.rectification;
  const rateless = (g: ReportGroup) => options.by === "rate" && g.rectificationRate.denominator === 0;
  const byKey = (x: ReportGroup, y: ReportGroup) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0);
  const ranked = groups.filter((g) => !rateless(g)).sort((x, y) => sign * compare(x, y) || byKey(x, y));
  const out: RankedGroup[] = [];
  ranked.forEach((group, i) => {
    const previous = out[i - 1];
    const tied = previous !== undefined && compare(previous.group, group) === 0;
    out.push({ rank: tied ? previous.rank : i + 1, key: group.key, group });
  });
  for (const group of groups.filter(rateless).sort(byKey)) out.push({ rank: null, key: group.key, group });
  return right(out);
};
