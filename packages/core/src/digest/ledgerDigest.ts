import * as t from "io-ts";
import { NonNegativeInteger, oneOf } from "../codecs/primitives.js";
import { StructType } from "../codecs/struct.js";
import { Instant } from "../time/instant.js";
import { HashAlgorithm } from "./hashAlgorithm.js";
import { DigestHex } from "./hexDigest.js";
import {
  appendLeaf,
  appendLeaves,
  emptyFrontier,
  frontierRoot,
  type MerkleFrontier,
} from "./merkleFrontier.js";

/**
 * A signature over a digest by the office that holds the ledger: Ed25519 over the canonical
 * JSON (RFC 8785) of the digest's `{algorithm, events, digest, committedAt}`. `keyId` names
 * the key (the hex sha256 of its DER SubjectPublicKeyInfo) so a verifier can pick the right
 * one of the keys the office has published; the key itself is never taken from the digest.
 */
export const DigestSignature = new StructType(
  "DigestSignature",
  {
    algorithm: oneOf("SignatureAlgorithm", ["ed25519"] as const),
    keyId: DigestHex,
    value: t.string,
  },
  {},
);
export type DigestSignature = t.TypeOf<typeof DigestSignature>;

/**
 * The ledger digest (interchange "Commit time, backfill and the ledger digest"): the RFC 9162
 * Merkle tree hash over the chain `hash` of the first `events` events in log order, with the
 * commit time of the transaction that wrote the last of them (`null` for the empty ledger).
 * It commits to the order and content of those events and to their per-hazard chains, and
 * depends on nothing else: the same log in any store has the same digest.
 */
export const LedgerDigest = new StructType(
  "LedgerDigest",
  {
    algorithm: HashAlgorithm,
    events: NonNegativeInteger,
    digest: DigestHex,
    committedAt: t.union([Instant, t.null]),
  },
  {
    signature: DigestSignature,
    /**
     * Optional witnesses, checked against `digest` before use and not signed (they need not
     * be: they either hash to the digest or are refused). `frontier`: the roots of the perfect
     * subtrees the events split into, largest first (O(log n)); `leaves`: every event's chain
     * hash in log order (O(n)). With them, `verify --digest` narrows where a log parts from
     * the digest to one subtree, or names the very event.
     */
    frontier: t.array(DigestHex),
    leaves: t.array(DigestHex),
  },
);
export type LedgerDigest = t.TypeOf<typeof LedgerDigest>;

/** The part of a digest that the log alone determines (no commit time, no signature). */
export interface LedgerRoot {
  readonly algorithm: HashAlgorithm;
  readonly events: number;
  readonly digest: string;
}

/** The digest of a log as a frontier covers it. */
export const ledgerRootOf = (frontier: MerkleFrontier): LedgerRoot => ({
  algorithm: frontier.algorithm,
  events: frontier.size,
  digest: frontierRoot(frontier),
});

/**
 * The digest of a whole log from its events' chain hashes in log order. O(n) hashes, O(log n)
 * memory: the hashes may be streamed.
 */
export const ledgerDigestOf = (
  algorithm: HashAlgorithm,
  eventHashesInLogOrder: Iterable<string>,
): LedgerRoot => ledgerRootOf(appendLeaves(emptyFrontier(algorithm), eventHashesInLogOrder));

/** As {@link ledgerDigestOf}, over an asynchronous stream (a store's `readAll`, say). */
export const ledgerDigestOfStream = async (
  algorithm: HashAlgorithm,
  eventHashesInLogOrder: AsyncIterable<string>,
): Promise<LedgerRoot> => {
  let frontier = emptyFrontier(algorithm);
  for await (const h of eventHashesInLogOrder) frontier = appendLeaf(frontier, h);
  return ledgerRootOf(frontier);
};
