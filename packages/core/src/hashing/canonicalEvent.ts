import canonicalize from "canonicalize";

/*
 * RFC 8785 (JCS) canonical JSON of a stored event without the generic canonicalizer's
 * bookkeeping: the envelope's keys are known, so they are written in their canonical order
 * directly; `actor` and `data` are small plain objects of strings, numbers, booleans and
 * arrays, written by a short recursive walk. Anything outside that shape (an unknown key on
 * the envelope, a non-plain object, `toJSON`, a non-finite number, a lone surrogate) goes to
 * `canonicalize` itself, which answers or throws exactly as before: the bytes, and so every
 * hash of every existing ledger, are the same (a property test holds the two together).
 */

/** The envelope's keys in canonical order (UTF-16 code units; all ASCII here). */
const ENVELOPE_KEYS = [
  "actor",
  "commandId",
  "data",
  "eventId",
  "ext",
  "hazardId",
  "occurredAt",
  "prevHash",
  "recordedAt",
  "schemaVersion",
  "seq",
  "type",
] as const;

type Envelope = Partial<Record<(typeof ENVELOPE_KEYS)[number], unknown>>;

/** Characters JSON escapes (the controls among them), and the surrogates whose pairing must be checked. */
// eslint-disable-next-line no-control-regex -- the controls are exactly what JSON escapes
const NEEDS_CARE = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * A JSON string: quoted as is when nothing in it needs escaping or checking; otherwise
 * canonicalize's own answer (escapes as ES2019 JSON does, refuses a lone surrogate).
 */
const quote = (s: string): string => (NEEDS_CARE.test(s) ? (canonicalize(s) as string) : `"${s}"`);

const isNothing = (x: unknown): boolean =>
  x === undefined || typeof x === "function" || typeof x === "symbol";

/** The canonical JSON of a value inside an event. */
const value = (v: unknown): string => {
  switch (typeof v) {
    case "string":
      return quote(v);
    case "number":
      // For finite numbers, ES number-to-string is JCS's serialization.
      return Number.isFinite(v) ? String(v) : (canonicalize(v) as string);
    case "boolean":
      return v ? "true" : "false";
    case "object": {
      if (v === null) return "null";
      if (Array.isArray(v)) {
        let out = "[";
        for (let i = 0; i < v.length; i++) {
          const x: unknown = v[i];
          out += (i > 0 ? "," : "") + (isNothing(x) ? "null" : value(x));
        }
        return `${out}]`;
      }
      const proto: unknown = Object.getPrototypeOf(v);
      if ((proto !== Object.prototype && proto !== null) || "toJSON" in v) return canonicalize(v) as string;
      const o = v as Record<string, unknown>;
      // The default sort compares UTF-16 code units: JCS's order.
      const keys = Object.keys(o).sort();
      let out = "{";
      for (const k of keys) {
        const x = o[k];
        if (isNothing(x)) continue;
        out += (out.length > 1 ? "," : "") + quote(k) + ":" + value(x);
      }
      return `${out}}`;
    }
    default:
      return canonicalize(v) as string;
  }
};

/**
 * The RFC 8785 canonical JSON of any value, the same string `canonicalize(v)` gives (which it
 * falls back to for anything unusual), without its bookkeeping for plain data.
 */
export const canonicalJson = (v: unknown): string | undefined => (isNothing(v) ? undefined : value(v));

/**
 * The RFC 8785 canonical JSON of an event (the text its hash is taken over): the same
 * string `canonicalize(event)` gives, for every input, in about half the time. Throws where
 * `canonicalize` throws (a lone surrogate, a non-finite number).
 */
export const canonicalEventJson = (event: object): string => {
  const e = event as Envelope;
  let known = 0;
  for (const k of ENVELOPE_KEYS) if (e[k] !== undefined) known += 1;
  // Another key on the envelope, or one holding undefined: the generic path.
  if (Object.keys(event).length !== known || Object.getPrototypeOf(event) !== Object.prototype) {
    const text = canonicalize(event);
    if (text === undefined) throw new TypeError("event cannot be canonicalized");
    return text;
  }
  let out = "{";
  for (const k of ENVELOPE_KEYS) {
    const x = e[k];
    if (isNothing(x)) continue;
    out += (out.length > 1 ? ',"' : '"') + k + '":' + value(x);
  }
  return `${out}}`;
};
