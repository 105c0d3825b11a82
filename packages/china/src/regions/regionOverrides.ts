import { NonEmptyString, RegionCode, formatErrors } from "@hazard-ledger/core";
import { type RegionNames, regionNamesFromTable } from "@hazard-ledger/projections";
import { type Either, left, right } from "fp-ts/lib/Either.js";
import * as t from "io-ts";

/**
 * A user's region names: a JSON object `{"430111005": "洞井街道", "430111": "雨花区"}` whose
 * keys are division codes of 6, 9 or 12 digits. For codes the dataset lacks, or names that
 * changed after it was published.
 */
export const RegionOverrides = t.record(RegionCode, NonEmptyString, "RegionOverrides");

/**
 * Reads a region-name table from JSON text; `source` (a file name) names it in errors and in
 * the names' source. Errors are one line: `regions.json: 4301: is not an administrative …`.
 */
export const decodeRegionOverrides = (text: string, source: string): Either<string, RegionNames> => {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return left(`${source}: not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return left(`${source}: must be a JSON object {"code": "name"}`);
  const badKey = Object.keys(value).find((code) => !RegionCode.is(code));
  if (badKey !== undefined)
    return left(
      `${source}: ${JSON.stringify(badKey)} is not an administrative division code (6, 9 or 12 digits)`,
    );
  const decoded = RegionOverrides.decode(value);
  if (decoded._tag === "Left") return left(`${source}: ${formatErrors(decoded.left)}`);
  return right(regionNamesFromTable(source, decoded.right));
};
