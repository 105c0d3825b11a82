import type { IncomingMessage } from "node:http";
import { decodeUtf8 } from "@hazard-ledger/core";
import * as E from "fp-ts/lib/Either.js";
import { type Reply, problem } from "./reply.js";

/** Default cap on a request body: a command is a few hundred bytes, a plan a few kilobytes. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/**
 * Reads a request body and parses it as JSON. A body over `maxBytes` is refused with 413
 * without reading the rest (a client cannot make the server buffer without bound); a body
 * that is not UTF-8 or not JSON with 400, naming why.
 */
export const readJsonBody = async (
  req: IncomingMessage,
  maxBytes: number = DEFAULT_MAX_BODY_BYTES,
): Promise<E.Either<Reply, unknown>> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      // Leave the rest unread: the connection is closed after the reply.
      req.pause();
      return E.left({
        ...problem(413, "BODY_TOO_LARGE", `body: larger than ${maxBytes} bytes`),
        headers: { connection: "close" },
      });
    }
    chunks.push(chunk);
  }
  // Strictly UTF-8: a GBK or UTF-16 body is refused, never stored with U+FFFD in it.
  const text = decodeUtf8(Buffer.concat(chunks));
  if (E.isLeft(text)) return E.left(problem(400, "BAD_REQUEST", `body: ${text.left}`));
  const body = text.right;
  if (body.trim() === "") return E.left(problem(400, "BAD_REQUEST", "body: empty; expected a JSON command"));
  try {
    return E.right(JSON.parse(body) as unknown);
  } catch (e) {
    return E.left(problem(400, "BAD_REQUEST", `body: not JSON (${(e as Error).message})`));
  }
};
