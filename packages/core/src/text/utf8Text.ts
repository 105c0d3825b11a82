import * as E from "fp-ts/lib/Either.js";

/** The leading byte-order mark of UTF-8 text: skipped, never part of the text. */
const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
// GB 18030 is the superset of GBK (and GB 2312) that the WHATWG decoder implements, and the
// encoding Excel on a Chinese Windows saves "text" in. Used only to name what the bytes are.
const gb18030 = new TextDecoder("gb18030", { fatal: true });

const startsWith = (bytes: Uint8Array, prefix: readonly number[]): boolean =>
  prefix.every((b, i) => bytes[i] === b);

/** True when `bytes` begin with the UTF-8 byte-order mark. */
export const hasUtf8Bom = (bytes: Uint8Array): boolean => startsWith(bytes, UTF8_BOM);

/**
 * Which UTF-16 the bytes look like, if any: a byte-order mark (FF FE little-endian, FE FF
 * big-endian), or ASCII text interleaved with NUL bytes (what UTF-16 without a mark is).
 */
export const utf16Kind = (bytes: Uint8Array): string | undefined => {
  if (startsWith(bytes, [0xff, 0xfe])) return "UTF-16 LE (byte-order mark FF FE)";
  if (startsWith(bytes, [0xfe, 0xff])) return "UTF-16 BE (byte-order mark FE FF)";
  const n = Math.min(bytes.length, 512) & ~1;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenNul++;
    if (bytes[i + 1] === 0) oddNul++;
  }
  // Mostly-ASCII UTF-16 has a NUL in every other byte; a binary file has them anywhere.
  const pairs = n / 2;
  if (pairs >= 2 && oddNul >= pairs * 0.6 && evenNul <= pairs * 0.1) return "UTF-16 LE (no byte-order mark)";
  if (pairs >= 2 && evenNul >= pairs * 0.6 && oddNul <= pairs * 0.1) return "UTF-16 BE (no byte-order mark)";
  return undefined;
};

/**
 * Why `bytes` (one line, or a whole body) are not UTF-8 text, in words a user can act on:
 * UTF-16 and GBK (GB 18030) are named, since Chinese offices' tools save text in them.
 */
export const describeNotUtf8 = (bytes: Uint8Array): string => {
  const utf16 = utf16Kind(bytes);
  if (utf16 !== undefined) return `not UTF-8: the text is ${utf16}; save it as UTF-8`;
  if (bytes.includes(0)) return "not UTF-8 text: it contains NUL bytes (a binary file?)";
  // Text, in any encoding, has no control bytes but tab, CR, LF and form feed.
  if (bytes.some((b) => (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d) || b === 0x7f))
    return "not UTF-8 text: it contains control bytes (a binary file?)";
  try {
    gb18030.decode(bytes);
    return "not UTF-8: the bytes look like GBK (GB 18030, as Excel saves Chinese text); convert the file to UTF-8 (e.g. iconv -f GB18030 -t UTF-8)";
  } catch {
    return "not UTF-8 text (a binary file, or an encoding other than UTF-8?)";
  }
};

/**
 * Bytes as UTF-8 text, refused (never patched with U+FFFD) when they are not: UTF-16, NUL
 * bytes and invalid UTF-8 are refused with {@link describeNotUtf8}. A BOM is not skipped
 * here; see {@link decodeUtf8}.
 */
export const decodeUtf8Strict = (bytes: Uint8Array): E.Either<string, string> => {
  // NUL is valid UTF-8 but never in a JSON text; UTF-16 of ASCII decodes "fine" with NULs.
  if (bytes.includes(0)) return E.left(describeNotUtf8(bytes));
  try {
    return E.right(utf8.decode(bytes));
  } catch {
    return E.left(describeNotUtf8(bytes));
  }
};

/** `decodeUtf8Strict` of a whole text (a request body, a file), a leading BOM skipped. */
export const decodeUtf8 = (bytes: Uint8Array): E.Either<string, string> =>
  utf16Kind(bytes) !== undefined
    ? E.left(describeNotUtf8(bytes))
    : decodeUtf8Strict(hasUtf8Bom(bytes) ? bytes.subarray(UTF8_BOM.length) : bytes);
