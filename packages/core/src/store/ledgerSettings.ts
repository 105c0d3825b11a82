import * as t from "io-ts";
import { isRight } from "fp-ts/lib/Either.js";
import { formatErrors } from "../codecs/formatErrors.js";
import { oneOf } from "../codecs/primitives.js";
import { HashAlgorithm } from "../digest/hashAlgorithm.js";
import { Instant, isTimeZone } from "../time/instant.js";

/** What created a ledger: `demo` may only ever write into a ledger it made itself. */
export const LEDGER_CREATORS = ["init", "import", "append", "demo"] as const;
export const LedgerCreator = oneOf("LedgerCreator", LEDGER_CREATORS);
/** Which command created a ledger: `init`, `import`, `append` or `demo`. */
export type LedgerCreator = t.TypeOf<typeof LedgerCreator>;

/** An IANA time zone name that luxon knows. */
export const TimeZoneName = new t.Type<string, string, unknown>(
  "TimeZoneName",
  (u): u is string => typeof u === "string" && isTimeZone(u),
  (u, c) =>
    typeof u === "string" && isTimeZone(u)
      ? t.success(u)
      : t.failure(u, c, `${JSON.stringify(u)} is not an IANA time zone`),
  t.identity,
);

/**
 * What a ledger keeps for life from its creation: the calendar its deadlines and reports are
 * counted in, and the hash of its chains. Fixed once written: a write under another zone
 * would judge the same facts by another calendar. Unknown fields are refused (a newer
 * program's manifest is not silently half-read).
 */
export const LedgerSettings = t.exact(
  t.type({
    timeZone: TimeZoneName,
    hashAlgorithm: HashAlgorithm,
    createdBy: LedgerCreator,
    createdAt: Instant,
  }),
);
export type LedgerSettings = t.TypeOf<typeof LedgerSettings>;

/**
 * Decodes settings and refuses fields it does not know (an exact codec only strips them).
 * Returns the settings or a one-line reason.
 */
export const decodeLedgerSettings = (u: unknown): LedgerSettings | string => {
  if (typeof u !== "object" || u === null || Array.isArray(u)) return "is not a JSON object";
  const known = new Set(Object.keys(LedgerSettings.type.props));
  const unknown = Object.keys(u).filter((k) => !known.has(k));
  if (unknown.length > 0) return `unknown field ${JSON.stringify(unknown[0])}`;
  const decoded = LedgerSettings.decode(u);
  return isRight(decoded) ? decoded.right : formatErrors(decoded.left);
};

/** Two settings name the same ledger rules (zone and hash); who and when do not matter. */
export const sameLedgerRules = (a: LedgerSettings, b: LedgerSettings): boolean =>
  a.timeZone === b.timeZone && a.hashAlgorithm === b.hashAlgorithm;
