import { type ChainBreak, StoredHazardEvent, formatErrors } from "@hazard-ledger/core";
import { chainVerifier } from "@hazard-ledger/core/digest";
import * as E from "fp-ts/lib/Either.js";

/**
 * Checks the hash chains of an exported event log (NDJSON lines, as `hazard-ledger export`
 * writes them) without any store: each line must be a stored event, and each hazard's events
 * must chain (seq 0, 1, 2..., each `prevHash` the hash before it, each `hash` recomputed from
 * the content). Returns every break, or the first line that is not an event at all.
 */
export const verifyEventLog = (lines: Iterable<string>): E.Either<string, ChainBreak[]> => {
  const check = chainVerifier();
  const breaks: ChainBreak[] = [];
  let lineNo = 0;
  for (const line of lines) {
    lineNo += 1;
    if (line.trim() === "") continue;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (e) {
      return E.left(`line ${lineNo}: not JSON (${(e as Error).message})`);
    }
    const event = StoredHazardEvent.decode(raw);
    if (E.isLeft(event)) return E.left(`line ${lineNo}: ${formatErrors(event.left)}`);
    breaks.push(...check(event.right));
  }
  return E.right(breaks);
};
