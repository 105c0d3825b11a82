import type { GovLevel } from "@hazard-ledger/core";

/**
 * The prefix that says which codes an administrative division covers. In a 6-digit code
 * trailing `00` pairs are padding (`430000` province → `43`, `430100` city → `4301`,
 * `430104` district → `430104`); 9- and 12-digit codes (township, village) are prefixes as
 * written.
 */
export const significantPrefix = (code: string): string => {
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
 * `430100`: a city-level hazard belongs to no district).
 */
export const regionAtLevel = (code: string, level: GovLevel): string => {
  const width = LEVEL_PREFIX[level];
  if (significantPrefix(code).length <= width) return code;
  const prefix = code.slice(0, width);
  return width < 6 ? prefix.padEnd(6, "0") : prefix;
};
