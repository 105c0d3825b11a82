import type { GovLevel } from "@hazard-ledger/core";

/**
 * A division code in its shortest form. The 12-digit 统计用区划代码 pads a township with
 * `000` (`430111008000` is the township `430111008`) and a county with `000000`
 * (`430111000000` is `430111`); a 9-digit `430111000` is the county too. No village or
 * township is numbered `000`, so the padding never hides one.
 */
export const canonicalRegionCode = (code: string): string => {
  let c = code;
  if (c.length === 12 && c.endsWith("000")) c = c.slice(0, 9);
  if (c.length === 9 && c.endsWith("000")) c = c.slice(0, 6);
  return c;
};

/**
 * The prefix that says which codes an administrative division covers. In a 6-digit code
 * trailing `00` pairs are padding (`430000` province → `43`, `430100` city → `4301`,
 * `430104` district → `430104`); 9- and 12-digit codes (township, village) are prefixes once
 * their `000` padding is dropped (`430104001000` → `430104001`).
 */
export const significantPrefix = (written: string): string => {
  const code = canonicalRegionCode(written);
  if (code.length !== 6) return code;
  if (code.endsWith("0000")) return code.slice(0, 2);
  if (code.endsWith("00")) return code.slice(0, 4);
  return code;
};

/** True when division `ancestor` covers `code` (itself included): a district covers its townships. */
export const regionCovers = (ancestor: string, code: string): boolean =>
  code.startsWith(significantPrefix(ancestor));

const LEVEL_PREFIX: Record<GovLevel, number> = { province: 2, city: 4, county: 6, township: 9 };

/**
 * The code of the division at `level` that contains `code`: `430104001` at `city` is
 * `430100`. A code coarser than the level is its own group (`430100` at `county` stays
 * `430100`: a city-level hazard belongs to no district), in its shortest form.
 */
export const regionAtLevel = (written: string, level: GovLevel): string => {
  const code = canonicalRegionCode(written);
  const width = LEVEL_PREFIX[level];
  if (significantPrefix(code).length <= width) return code;
  const prefix = code.slice(0, width);
  return width < 6 ? prefix.padEnd(6, "0") : prefix;
};
