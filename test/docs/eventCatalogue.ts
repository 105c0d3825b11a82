import { EventLogEnvelope, eventDataCodecs } from "@hazard-ledger/core";

/** What the catalogue reads of a codec: its name, and what composite codecs carry. */
interface Codec {
  readonly name: string;
  readonly _tag?: string;
  /** The element codec of an io-ts array. */
  readonly type?: Codec;
  /** The allowed values of the core's `oneOf` codecs. */
  readonly values?: readonly string[];
}
const isStruct = (
  c: Codec,
): c is Codec & { required: Record<string, Codec>; optional: Record<string, Codec> } =>
  (c as { readonly _tag?: string })._tag === "StructType";

/** What each named codec accepts, in the words of the contract. */
const TYPE_WORDS: Readonly<Record<string, string>> = {
  string: "text",
  boolean: "true or false",
  unknown: "any JSON value (decoded by its event type)",
  UnknownRecord: "a JSON object, free-form",
  NonEmptyString: "non-blank text",
  HazardId: "hazard id `[A-Za-z0-9][A-Za-z0-9._-]{0,63}`",
  Instant: "RFC 3339 instant with offset or `Z`, kept as written",
  CalendarDate: "calendar date `YYYY-MM-DD` (a real day) in the ledger's zone",
  Fen: "money: a non-negative whole number of fen (1 元 = 100 fen)",
  NonNegativeInteger: "a non-negative whole number",
  Code: "lowercase code `[a-z][a-z0-9_]{0,63}` (an open set)",
  RegionCode: "administrative division code, 6, 9 or 12 digits",
  CreditCode: "18-character unified social credit code",
  Sha256Hex: "64 lowercase hex digits",
};

const describeCodec = (codec: Codec): string => {
  if (isStruct(codec)) return `object: ${structSummary(codec)}`;
  if (codec._tag === "ArrayType" && codec.type !== undefined) return `array of ${describeCodec(codec.type)}`;
  if (codec.values !== undefined) return `one of ${codec.values.map((v) => `\`${v}\``).join(", ")}`;
  return TYPE_WORDS[codec.name] ?? codec.name;
};

const structSummary = (codec: { required: object; optional: object }): string => {
  const req = Object.keys(codec.required).map((k) => `\`${k}\``);
  const opt = Object.keys(codec.optional).map((k) => `\`${k}\`?`);
  return `{${[...req, ...opt].join(", ")}}`;
};

/** Table rows of a struct's fields, nested objects flattened with a dotted path. */
const fieldRows = (codec: Codec, prefix = "", words: Readonly<Record<string, string>> = {}): string[] => {
  if (!isStruct(codec)) return [];
  const rows: string[] = [];
  const add = (key: string, c: Codec, required: boolean) => {
    const path = `${prefix}${key}`;
    rows.push(`| \`${path}\` | ${required ? "yes" : "no"} | ${words[key] ?? describeCodec(c)} |`);
    rows.push(...fieldRows(c, `${path}.`));
    if (c._tag === "ArrayType" && c.type !== undefined) rows.push(...fieldRows(c.type, `${path}[].`));
  };
  for (const [k, c] of Object.entries(codec.required)) add(k, c, true);
  for (const [k, c] of Object.entries(codec.optional)) add(k, c, false);
  return rows;
};

const TABLE_HEAD = ["| field | required | value |", "| --- | --- | --- |"];

/**
 * The event-log catalogue, generated from the codecs the import decodes with, so the page and
 * the code cannot disagree: the envelope of a line, then every event type's `data`.
 */
export const eventCatalogueMarkdown = (): string => {
  const sections = Object.entries(eventDataCodecs).flatMap(([type, codec]) => [
    `### \`${type}\``,
    "",
    ...TABLE_HEAD,
    ...fieldRows(codec, "data."),
    "",
  ]);
  return [
    "# The event log: every field and event type",
    "",
    "Generated from the io-ts codecs of `@hazard-ledger/core` by `test/docs/eventCatalogue.test.ts`",
    "(`UPDATE_DOCS=1 pnpm exec vitest run test/docs` rewrites it; CI fails when it is stale). The",
    "contract's prose (what the fields mean, import and export rules) is in",
    "[interchange.md](interchange.md). Objects are closed: a field not listed here is refused.",
    "",
    "One JSON object per line (NDJSON), UTF-8.",
    "",
    "## The envelope",
    "",
    ...TABLE_HEAD,
    // The envelope decodes `type` as text and the body by it: say what it may be.
    ...fieldRows(EventLogEnvelope, "", { type: "one of the event types below" }),
    "",
    `## The ${Object.keys(eventDataCodecs).length} event types and their \`data\``,
    "",
    ...sections,
  ].join("\n");
};
