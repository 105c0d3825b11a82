import * as E from "fp-ts/lib/Either.js";
import * as t from "io-ts";
import { HazardId, NonNegativeInteger } from "../codecs/primitives.js";
import { StructType } from "../codecs/struct.js";
import { formatErrors } from "../codecs/formatErrors.js";
import { StoredHazardEvent } from "../events/hazardEvent.js";
import { chainVerifier } from "../hashing/hashChain.js";
import { checkHashAlgorithm, type HashAlgorithm } from "./hashAlgorithm.js";
import { DigestHex } from "./hexDigest.js";
import { LedgerDigest } from "./ledgerDigest.js";
import { type LedgerTree, ledgerTreeOf, verifyInclusion } from "./ledgerProofs.js";

/** One event's place in the ledger: its position in the log and its RFC 9162 audit path. */
export const EventInclusion = new StructType(
  "EventInclusion",
  { seq: NonNegativeInteger, leafIndex: NonNegativeInteger, path: t.array(DigestHex) },
  {},
);
export type EventInclusion = t.TypeOf<typeof EventInclusion>;

/**
 * Proof that one hazard's events, as exported, are in the ledger at a digest: the digest
 * (`ledger`, what the office printed or signed) and one inclusion proof per event, in seq
 * order. One proof per event rather than a multi-proof: a hazard has a handful of events, and
 * each proof stands alone (O(log n) hashes to check). It proves the events are in the ledger,
 * in that order, unchanged; it does not prove that the hazard has no other events (an
 * auditor who needs that compares with a later export under a later digest).
 */
export const HazardProof = new StructType(
  "HazardProof",
  { hazardId: HazardId, ledger: LedgerDigest, events: t.array(EventInclusion) },
  {},
);
export type HazardProof = t.TypeOf<typeof HazardProof>;

/** Why a hazard's history was not proven; `line` is the 1-based line of the history, if any. */
export interface HazardProofError {
  readonly code: "HAZARD_PROOF_INVALID";
  readonly message: string;
  readonly line?: number;
}

const refused = (message: string, line?: number): E.Either<HazardProofError, never> =>
  E.left({ code: "HAZARD_PROOF_INVALID", message, ...(line === undefined ? {} : { line }) });

/**
 * The proof for one hazard whose events sit at `positions` (0-based log positions, in seq
 * order) of the ledger `tree` describes, against `ledger` (whose `events` must be the tree's
 * size). O(k log n) for k events once the tree is built.
 */
export const hazardProofOf = (
  tree: LedgerTree,
  ledger: LedgerDigest,
  hazardId: string,
  positions: readonly { readonly seq: number; readonly leafIndex: number }[],
): E.Either<HazardProofError, HazardProof> => {
  const events: EventInclusion[] = [];
  for (const { seq, leafIndex } of positions) {
    const proof = tree.inclusionProof(leafIndex, ledger.events);
    if (E.isLeft(proof)) return refused(proof.left.message);
    events.push({ seq, leafIndex, path: proof.right.path });
  }
  return E.right({ hazardId, ledger, events });
};

/** What a proven history established. */
export interface ProvenHistory {
  readonly hazardId: string;
  readonly events: number;
  readonly ledger: LedgerDigest;
}

/**
 * The standalone verifier (no store): checks that `historyLines` (NDJSON, as
 * `export --hazard ID` writes them) are exactly the events of `proof.hazardId` from seq 0, with
 * an intact hash chain, each in the ledger at the proof's digest. With `trusted` (a digest the
 * auditor holds from elsewhere: a printed report, a signed digest), the proof must be against
 * that very digest; without it the proof only shows consistency with the digest it carries.
 */
export const verifyHazardHistory = (
  historyLines: Iterable<string>,
  proof: HazardProof,
  trusted?: LedgerDigest,
): E.Either<HazardProofError, ProvenHistory> => {
  const { ledger } = proof;
  const available = checkHashAlgorithm(ledger.algorithm);
  if (E.isLeft(available)) return refused(available.left.message);
  if (
    trusted !== undefined &&
    (trusted.algorithm !== ledger.algorithm ||
      trusted.events !== ledger.events ||
      trusted.digest !== ledger.digest)
  )
    return refused(
      `the proof is against the digest of ${ledger.events} events ${ledger.digest}, not the trusted one of ${trusted.events} events ${trusted.digest}`,
    );
  const check = chainVerifier(ledger.algorithm);
  let lineNo = 0;
  let count = 0;
  let lastIndex = -1;
  for (const line of historyLines) {
    lineNo += 1;
    if (line.trim() === "") continue;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (e) {
      return refused(`not JSON (${(e as Error).message})`, lineNo);
    }
    const decoded = StoredHazardEvent.decode(raw);
    if (E.isLeft(decoded)) return refused(formatErrors(decoded.left), lineNo);
    const event = decoded.right;
    if (event.hazardId !== proof.hazardId)
      return refused(`event of ${event.hazardId} in the history of ${proof.hazardId}`, lineNo);
    const breaks = check(event);
    if (breaks.length > 0) return refused(breaks[0]!.message, lineNo);
    const inclusion = proof.events[count];
    if (inclusion === undefined)
      return refused(`the proof has no entry for ${event.hazardId} seq ${event.seq}`, lineNo);
    if (inclusion.seq !== event.seq)
      return refused(
        `the proof's entry ${count} is for seq ${inclusion.seq}, the history's is seq ${event.seq}`,
        lineNo,
      );
    if (inclusion.leafIndex <= lastIndex)
      return refused(`seq ${event.seq} is placed before the event it follows in the ledger`, lineNo);
    const included = verifyInclusion(
      {
        algorithm: ledger.algorithm,
        leafIndex: inclusion.leafIndex,
        treeSize: ledger.events,
        path: inclusion.path,
      },
      event.hash,
      ledger.digest,
    );
    if (E.isLeft(included))
      return refused(
        `${event.hazardId} seq ${event.seq} is not in the ledger at that digest (${included.left.message})`,
        lineNo,
      );
    lastIndex = inclusion.leafIndex;
    count += 1;
  }
  if (count < proof.events.length)
    return refused(
      `the history has ${count} events of ${proof.hazardId}; the proof covers ${proof.events.length}: the history was cut`,
    );
  if (count === 0) return refused(`the history of ${proof.hazardId} is empty`);
  return E.right({ hazardId: proof.hazardId, events: count, ledger });
};

/** A stored event as a log gives it, with its commit time when the store keeps one. */
/** An event of the log as {@link proveHazard} reads it: stored, with its commit time when known. */
export type LoggedEvent = StoredHazardEvent & { readonly committedAt?: string };

/**
 * The proof for the events of one hazard, read from a whole log in order (a store's
 * `readAll()`, say): the tree over every event's hash (O(n) hashes, 64 bytes an event), then
 * one audit path per event kept (`keep`, by seq; all by default). The proof is against the
 * digest of the whole log as read, with the commit time of its last event when known. Answers
 * the proof and the hazard's events it covers, in seq order.
 */
export const proveHazard = async (
  algorithm: HashAlgorithm,
  log: AsyncIterable<LoggedEvent> | Iterable<LoggedEvent>,
  hazardId: string,
  keep: (seq: number) => boolean = () => true,
): Promise<
  E.Either<HazardProofError, { readonly proof: HazardProof; readonly events: StoredHazardEvent[] }>
> => {
  const hashes: string[] = [];
  const positions: { seq: number; leafIndex: number }[] = [];
  const events: StoredHazardEvent[] = [];
  let committedAt: string | null = null;
  for await (const e of log) {
    if (e.hazardId === hazardId && keep(e.seq)) {
      positions.push({ seq: e.seq, leafIndex: hashes.length });
      events.push(e);
    }
    hashes.push(e.hash);
    committedAt = e.committedAt ?? committedAt;
  }
  const tree = ledgerTreeOf(algorithm, hashes);
  if (E.isLeft(tree)) return refused(tree.left.message);
  const ledger: LedgerDigest = { algorithm, events: hashes.length, digest: tree.right.digest(), committedAt };
  return E.map((proof: HazardProof) => ({ proof, events }))(
    hazardProofOf(tree.right, ledger, hazardId, positions),
  );
};
