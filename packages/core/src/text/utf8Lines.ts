import * as E from "fp-ts/lib/Either.js";
import { decodeUtf8Strict, hasUtf8Bom, utf16Kind } from "./utf8Text.js";

/** Why text could not be read as lines: bytes that are not UTF-8, or a line past the limit. */
export type TextInputErrorCode = "NOT_UTF8" | "LINE_TOO_LONG";

/** Text that cannot be read as UTF-8 lines: the 1-based line and why. */
export class TextInputError extends Error {
  constructor(
    readonly line: number,
    readonly reason: string,
    readonly code: TextInputErrorCode,
  ) {
    super(`line ${line}: ${reason}`);
    this.name = "TextInputError";
  }
}

/** The longest line read by default: an event is a few hundred bytes, a plan a few kilobytes. */
export const DEFAULT_MAX_LINE_BYTES = 1024 * 1024;

export interface Utf8LinesOptions {
  /** A longer line is refused (a file with no newline is not buffered without bound). */
  readonly maxLineBytes?: number;
}

const LF = 0x0a;
const CR = 0x0d;
const encoder = new TextEncoder();

/**
 * The lines of a byte stream read as UTF-8, for an event log: split at LF (a CR before it is
 * dropped, so CRLF files read alike), each line decoded strictly. A leading UTF-8 BOM is
 * skipped. The first line that is not UTF-8 (GBK, UTF-16, binary) or longer than the limit
 * throws a {@link TextInputError} naming the line, so nothing is ever stored as U+FFFD.
 *
 * Splitting the bytes at LF is safe before decoding: in UTF-8 (and in GBK) 0x0A is never part
 * of a multi-byte character. String chunks (a stream with an encoding set) are taken as UTF-8.
 */
export async function* utf8Lines(
  chunks: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  options: Utf8LinesOptions = {},
): AsyncGenerator<string> {
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  let line = 1;
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let first = true;

  const decodeLine = (bytes: Uint8Array): string => {
    let body = bytes;
    if (first) {
      first = false;
      const utf16 = utf16Kind(body);
      if (utf16 !== undefined)
        throw new TextInputError(line, `not UTF-8: the file is ${utf16}; save it as UTF-8`, "NOT_UTF8");
      if (hasUtf8Bom(body)) body = body.subarray(3);
    }
    if (body.length > 0 && body[body.length - 1] === CR) body = body.subarray(0, body.length - 1);
    const text = decodeUtf8Strict(body);
    if (E.isLeft(text)) throw new TextInputError(line, text.left, "NOT_UTF8");
    return text.right;
  };

  const tooLong = (): TextInputError =>
    new TextInputError(
      line,
      `longer than ${maxLineBytes} bytes (is this an event log, one JSON object a line?)`,
      "LINE_TOO_LONG",
    );

  for await (const chunk of chunks) {
    const bytes = typeof chunk === "string" ? encoder.encode(chunk) : chunk;
    let from = 0;
    for (;;) {
      const lf = bytes.indexOf(LF, from);
      if (lf === -1) break;
      let lineBytes = bytes.subarray(from, lf);
      if (pending.length > 0) {
        pending.push(lineBytes);
        lineBytes = concat(pending, pendingBytes + lineBytes.length);
        pending = [];
        pendingBytes = 0;
      }
      if (lineBytes.length > maxLineBytes) throw tooLong();
      yield decodeLine(lineBytes);
      line += 1;
      from = lf + 1;
    }
    if (from < bytes.length) {
      const rest = bytes.subarray(from);
      pending.push(rest);
      pendingBytes += rest.length;
      if (pendingBytes > maxLineBytes) throw tooLong();
    }
  }
  if (pendingBytes > 0) yield decodeLine(concat(pending, pendingBytes));
}

const concat = (parts: readonly Uint8Array[], length: number): Uint8Array => {
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};
