import * as t from "io-ts";
import { refinedString } from "./stringCodec.js";
import { struct } from "./struct.js";

/** A hazard id: the stream name, `[A-Za-z0-9][A-Za-z0-9._-]{0,63}`. */
export const HazardId = refinedString(
  "HazardId",
  (s) => /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(s),
  "is not a hazard id (letters, digits, '.', '_', '-'; at most 64; starting with a letter or digit)",
);
export type HazardId = t.TypeOf<typeof HazardId>;

/** A string with at least one non-blank character. */
export const NonEmptyString = refinedString(
  "NonEmptyString",
  (s) => s.trim().length > 0,
  "must not be empty",
);

/** Money as a non-negative whole number of fen (1 yuan = 100 fen). */
export const Fen = new t.Type<number, number, unknown>(
  "Fen",
  (u): u is number => typeof u === "number" && Number.isSafeInteger(u) && u >= 0,
  (u, c) =>
    typeof u === "number" && Number.isSafeInteger(u) && u >= 0
      ? t.success(u)
      : t.failure(u, c, `${JSON.stringify(u)} is not a non-negative whole number of fen`),
  t.identity,
);
export type Fen = t.TypeOf<typeof Fen>;

/** A 0-based position in a stream, or any other non-negative safe integer. */
export const NonNegativeInteger = new t.Type<number, number, unknown>(
  "NonNegativeInteger",
  (u): u is number => typeof u === "number" && Number.isSafeInteger(u) && u >= 0,
  (u, c) =>
    typeof u === "number" && Number.isSafeInteger(u) && u >= 0
      ? t.success(u)
      : t.failure(u, c, `${JSON.stringify(u)} is not a non-negative whole number`),
  t.identity,
);

/** Lowercase code of an open set, such as a sector (`fire`, `hazchem`, `industry_trade`). */
export const Code = refinedString(
  "Code",
  (s) => /^[a-z][a-z0-9_]{0,63}$/.test(s),
  "is not a code (lowercase letters, digits and '_', starting with a letter)",
);

/**
 * An administrative division code, hierarchical by prefix: `430000` province, `430100`
 * city, `430104` district, `430104001` township, `430104001001` village.
 */
export const RegionCode = refinedString(
  "RegionCode",
  (s) => /^\d{6}(\d{3}){0,2}$/.test(s),
  "is not an administrative division code (6, 9 or 12 digits)",
);

/** The 18-character unified social credit code (统一社会信用代码). */
export const CreditCode = refinedString(
  "CreditCode",
  (s) => /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(s),
  "is not an 18-character unified social credit code",
);

/** Hex sha256. */
export const Sha256Hex = refinedString("Sha256Hex", (s) => /^[0-9a-f]{64}$/.test(s), "is not a hex sha256");

/** A string-literal union codec whose failure message lists the allowed values. */
export const oneOf = <const V extends readonly [string, ...string[]]>(name: string, values: V) => {
  const allowed = new Set<string>(values);
  // The values ride along so the documentation can list them from the codec itself.
  const codec = new t.Type<V[number], V[number], unknown>(
    name,
    (u): u is V[number] => typeof u === "string" && allowed.has(u),
    (u, c) =>
      typeof u === "string" && allowed.has(u)
        ? t.success(u)
        : t.failure(u, c, `${JSON.stringify(u)} is not one of ${values.join(", ")}`),
    t.identity,
  );
  return Object.assign(codec, { values });
};

export const HAZARD_LEVELS = ["general", "major"] as const;
/** 一般事故隐患 / 重大事故隐患. */
export const HazardLevel = oneOf("HazardLevel", HAZARD_LEVELS);
export type HazardLevel = t.TypeOf<typeof HazardLevel>;

export const GOV_LEVELS = ["township", "county", "city", "province"] as const;
/** A government level, lowest first. */
export const GovLevel = oneOf("GovLevel", GOV_LEVELS);
export type GovLevel = t.TypeOf<typeof GovLevel>;

/** Rank of a government level: township 0 < county 1 < city 2 < province 3. */
export const govLevelRank = (level: GovLevel): number => GOV_LEVELS.indexOf(level);

export const SOURCES = [
  "self_inspection",
  "department_inspection",
  "commissioned_inspection",
  "supervision_check",
  "public_report",
  "other",
] as const;
export const HazardSource = oneOf("HazardSource", SOURCES);
export type HazardSource = t.TypeOf<typeof HazardSource>;

export const CATEGORIES = ["object", "behaviour", "management", "environment"] as const;
export const HazardCategory = oneOf("HazardCategory", CATEGORIES);

export const ROLES = ["enterprise", "inspector", "authority", "expert", "public", "system"] as const;
/** enterprise (the unit), inspector (a regulator), authority (a government), expert, public, system. */
export const Role = oneOf("Role", ROLES);
export type Role = t.TypeOf<typeof Role>;

/** Who did something: `{id, role, org?, level?}`. */
export const Actor = struct("Actor", { id: NonEmptyString, role: Role }, { org: t.string, level: GovLevel });
export type Actor = t.TypeOf<typeof Actor>;
