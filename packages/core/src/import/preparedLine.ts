import * as E from "fp-ts/lib/Either.js";
import { type HashAlgorithm, checkHashAlgorithm } from "../digest/hashAlgorithm.js";
import { type DecodedLogLine, decodeEventLogLine } from "../events/eventLogLine.js";
import { GENESIS_HASH } from "../events/hazardEvent.js";
import { type UnhashedEvent, hashEvent, sealEvent } from "../hashing/hashChain.js";
import { commandFingerprint } from "../store/commandReplay.js";
import { TextInputError, type TextInputErrorCode } from "../text/utf8Lines.js";
import type { Instant } from "../time/instant.js";
import { CURRENT_SCHEMA_VERSIONS, defaultUpcasters } from "../upcasting/schemaVersions.js";

/**
 * A line of an event log as {@link linePreparer} leaves it: the work on it that needs no other
 * line, no store and no rule, done ahead (on another thread) of the import that checks the
 * lines in order ({@link importPreparedLines}). Plain data, so it crosses threads by
 * structured clone:
 *
 * - `null`: a blank line;
 * - `refused`: the line is not JSON or not an event-log line: the code and message the import
 *   gives such a line;
 * - `unreadable`: the bytes stop being a line of UTF-8 here (the error the line reader threw,
 *   with its line): nothing after it was read;
 * - `decoded`: the decoded line, the fingerprint of its event alone when it names a command,
 *   and the seal it was given ahead (see {@link PreparedSeal}).
 */
export type PreparedLine = null | RefusedLine | UnreadableLine | PreparedEvent;

/** A {@link PreparedLine} that is not JSON or not an event-log line. */
export interface RefusedLine {
  readonly refused: { readonly code: "BROKEN_JSON" | "INVALID_LINE"; readonly message: string };
}

/** Where a {@link PreparedLine}'s reader stopped: the bytes are not a line of UTF-8 there. */
export interface UnreadableLine {
  readonly unreadable: { readonly line: number; readonly reason: string; readonly code: TextInputErrorCode };
}

/** A decoded line of a {@link PreparedLine}. */
export interface PreparedEvent {
  readonly decoded: DecodedLogLine;
  /** `commandFingerprint([event])`, when the event has a commandId. */
  readonly fingerprint?: string;
  readonly seal: PreparedSeal;
}

/**
 * The event sealed ahead at the place in its hazard's chain the lines before it suggest: the
 * line's own `seq` and `prevHash` when it gives them, else the next seq and the hash of the
 * previous line of the same hazard in the file, as if every line were stored and every hazard
 * new. The import uses the hash only when its own seq and prevHash for the line are these (the
 * hash is a function of the event and the seal alone); any other line it seals itself.
 */
export interface PreparedSeal {
  readonly seq: number;
  readonly prevHash: string;
  readonly hash: string;
  /**
   * When the line gives a `hash` that is not this seal's (a line in an older schema, or a hash
   * that does not match): whether the line's own content hashes to it, else the refusal's
   * hint about the other algorithm (see `ownHashMismatch`).
   */
  readonly ownHash?: { readonly matches: true } | { readonly matches: false; readonly hint: string };
}

/** What a line preparer needs to seal as the import will: the import time and the ledger's hash. */
export interface LinePreparerOptions {
  /** The import's `now`: the `recordedAt` of lines that carry none. */
  readonly now: Instant;
  readonly hashAlgorithm: HashAlgorithm;
}

/**
 * An exported log carries no header, so its hashes name their algorithm only by matching it:
 * when a line's hash is not the ledger's but is the other algorithm's, the refusal says so
 * (an sm3 log goes into a ledger made with `init --hash sm3`, and a sha256 log into a sha256 one).
 */
export const otherAlgorithmHint = (unhashed: UnhashedEvent, hash: string, ledger: HashAlgorithm): string => {
  const other: HashAlgorithm = ledger === "sha256" ? "sm3" : "sha256";
  if (E.isLeft(checkHashAlgorithm(other)) || hashEvent(unhashed, other) !== hash) return "";
  return ` under this ledger's ${ledger}; it is the ${other} hash: import the log into a ledger made with --hash ${other}`;
};

/**
 * The hint an import gives a line whose `hash` is not what the ledger's sealing computes:
 * undefined when the line's own content (as parsed, `raw`) does hash to it under the ledger's
 * algorithm (an older schema's line), else the text to append to the `HASH_MISMATCH` message.
 */
export const ownHashMismatch = (raw: unknown, hash: string, algorithm: HashAlgorithm): string | undefined => {
  const { hash: _hash, ...unhashed } = raw as UnhashedEvent & { hash: string };
  return hashEvent(unhashed, algorithm) === hash ? undefined : otherAlgorithmHint(unhashed, hash, algorithm);
};

/**
 * A preparer of the lines of one event log, in file order (see {@link PreparedLine}): the
 * work of the import that does not depend on the order of the lines' checks nor on the store,
 * so that another thread can do it. It keeps the last seq and hash of each hazard it saw, to
 * seal each line where the one before left the chain.
 */
export const linePreparer = (options: LinePreparerOptions): ((text: string) => PreparedLine) => {
  const tips = new Map<string, { nextSeq: number; lastHash: string }>();
  const { now, hashAlgorithm } = options;
  return (text) => {
    if (text.trim() === "") return null;
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (e) {
      return { refused: { code: "BROKEN_JSON", message: `broken JSON: ${(e as Error).message}` } };
    }
    // The import of a prepared log takes the default upcasters: a function does not cross threads.
    const decoded = decodeEventLogLine(raw, defaultUpcasters);
    if (E.isLeft(decoded)) return { refused: { code: "INVALID_LINE", message: decoded.left } };
    const line = decoded.right;
    const event = line.event;
    const tip = tips.get(event.hazardId);
    const seq = line.seq ?? tip?.nextSeq ?? 0;
    const prevHash = line.prevHash ?? tip?.lastHash ?? GENESIS_HASH;
    const schemaVersion = CURRENT_SCHEMA_VERSIONS[event.type];
    const recordedAt = event.recordedAt ?? now;
    const hash = sealEvent(event, { seq, recordedAt, prevHash, schemaVersion, hashAlgorithm }).hash;
    if (tip === undefined) tips.set(event.hazardId, { nextSeq: seq + 1, lastHash: hash });
    else {
      tip.nextSeq = seq + 1;
      tip.lastHash = hash;
    }
    let seal: PreparedSeal = { seq, prevHash, hash };
    if (line.hash !== undefined && (line.schemaVersion !== schemaVersion || hash !== line.hash)) {
      const hint = ownHashMismatch(raw, line.hash, hashAlgorithm);
      seal = { ...seal, ownHash: hint === undefined ? { matches: true } : { matches: false, hint } };
    }
    return event.commandId === undefined
      ? { decoded: line, seal }
      : { decoded: line, fingerprint: commandFingerprint([event]), seal };
  };
};

/**
 * The lines of an event log prepared in file order ({@link linePreparer}), in batches of
 * `batchLines` (one message each to the thread that imports them). Where the line reader throws
 * a `TextInputError` (the bytes are not UTF-8 there), the last batch ends with it as an
 * `unreadable` line: the import throws it at the same place.
 */
export async function* preparedLineBatches(
  lines: AsyncIterable<string> | Iterable<string>,
  options: LinePreparerOptions,
  batchLines: number,
): AsyncGenerator<PreparedLine[]> {
  const prepare = linePreparer(options);
  let batch: PreparedLine[] = [];
  try {
    for await (const text of lines) {
      batch.push(prepare(text));
      if (batch.length >= batchLines) {
        yield batch;
        batch = [];
      }
    }
  } catch (e) {
    if (!(e instanceof TextInputError)) throw e;
    batch.push({ unreadable: { line: e.line, reason: e.reason, code: e.code } });
  }
  if (batch.length > 0) yield batch;
}
