import * as E from "fp-ts/lib/Either.js";
import type { DigestError } from "./digestError.js";
import { digestBytes } from "./hexDigest.js";
import type { LedgerDigest } from "./ledgerDigest.js";
import { ledgerDigestOf } from "./ledgerDigest.js";
import { type ConsistencyProof, type LedgerTree, verifyConsistency } from "./ledgerProofs.js";
import { frontierRoot } from "./merkleFrontier.js";
import { perfectRanges } from "./merkleHashing.js";

/**
 * How today's log stands to an earlier digest. Positions are 0-based log positions.
 * - `extends`: its first `events` events are those the digest commits to (with the
 *   consistency proof that shows it in O(log n)).
 * - `parts`: the first position where it differs; `at` equal to today's length means the log
 *   ends there (events were cut).
 * - `parts_within`: the first difference lies in `from` … `to - 1`; the digest carried too
 *   little to say which (a digest with `leaves` always names the event).
 */
export type LogDivergence =
  | { readonly kind: "extends"; readonly proof: ConsistencyProof }
  | { readonly kind: "parts"; readonly at: number }
  | { readonly kind: "parts_within"; readonly from: number; readonly to: number };

const malformed = (message: string): E.Either<DigestError, never> =>
  E.left({ code: "DIGEST_MALFORMED", message });

/** The digest's witnesses, each checked to hash to its digest (else it is refused, not trusted). */
const checkedWitnesses = (
  earlier: LedgerDigest,
): E.Either<DigestError, { leaves?: readonly string[]; frontier?: readonly string[] }> => {
  const { leaves, frontier } = earlier;
  if (leaves !== undefined) {
    if (leaves.length !== earlier.events)
      return malformed(`the digest lists ${leaves.length} leaves for ${earlier.events} events`);
    if (ledgerDigestOf(earlier.algorithm, leaves).digest !== earlier.digest)
      return malformed("the digest's leaves do not hash to its digest");
  }
  if (frontier !== undefined) {
    const ranges = perfectRanges(earlier.events);
    if (frontier.length !== ranges.length)
      return malformed(
        `the digest's frontier has ${frontier.length} nodes; ${earlier.events} events need ${ranges.length}`,
      );
    const root = frontierRoot({
      algorithm: earlier.algorithm,
      size: earlier.events,
      nodes: frontier.map(digestBytes),
    });
    if (root !== earlier.digest) return malformed("the digest's frontier does not hash to its digest");
  }
  return E.right({
    ...(leaves === undefined ? {} : { leaves }),
    ...(frontier === undefined ? {} : { frontier }),
  });
};

/**
 * Compares today's log (its tree, and its event hashes in log order) with an earlier digest.
 * Proving that it extends costs O(log n) hashes once the tree is built; finding where it
 * parts uses the digest's witnesses: `leaves` name the event, `frontier` the one perfect
 * subtree where the first difference lies, and a bare digest only the span it covers.
 */
export const compareWithDigest = (
  tree: LedgerTree,
  currentHashes: readonly string[],
  earlier: LedgerDigest,
): E.Either<DigestError, LogDivergence> => {
  if (tree.algorithm !== earlier.algorithm)
    return E.left({
      code: "DIGEST_ALGORITHM_MISMATCH",
      message: `the digest is ${earlier.algorithm}; this ledger hashes with ${tree.algorithm}`,
    });
  const witnesses = checkedWitnesses(earlier);
  if (E.isLeft(witnesses)) return witnesses;
  const n = tree.size;
  const m = earlier.events;
  if (m <= n && tree.digest(m) === earlier.digest) {
    const proof = tree.consistencyProof(m, n);
    if (E.isLeft(proof)) return proof;
    const checked = verifyConsistency(proof.right, earlier.digest, tree.digest(n));
    return E.isLeft(checked) ? checked : E.right({ kind: "extends", proof: proof.right });
  }
  const common = Math.min(m, n);
  const { leaves, frontier } = witnesses.right;
  if (leaves !== undefined) {
    for (let i = 0; i < common; i++)
      if (leaves[i] !== currentHashes[i]) return E.right({ kind: "parts", at: i });
    return E.right({ kind: "parts", at: common });
  }
  if (frontier !== undefined) {
    const ranges = perfectRanges(m);
    for (const [k, [a, b]] of ranges.entries()) {
      // Every range before this one matched, so the log is intact up to `a`.
      if (a >= n) return E.right({ kind: "parts", at: n });
      if (b > n) return within(a, n + 1);
      if (tree.rangeDigest(a, b) !== frontier[k]) return within(a, b);
    }
  }
  return within(0, n < m ? n + 1 : m);
};

const within = (from: number, to: number): E.Either<DigestError, LogDivergence> =>
  E.right(to - from === 1 ? { kind: "parts", at: from } : { kind: "parts_within", from, to });
