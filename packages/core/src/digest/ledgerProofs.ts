import * as E from "fp-ts/lib/Either.js";
import * as t from "io-ts";
import { NonNegativeInteger } from "../codecs/primitives.js";
import { StructType } from "../codecs/struct.js";
import type { DigestError } from "./digestError.js";
import { checkHashAlgorithm, HashAlgorithm } from "./hashAlgorithm.js";
import { DigestHex, digestBytes } from "./hexDigest.js";
import { perfectRanges } from "./merkleHashing.js";
import { MerkleTree } from "./merkleTree.js";
import { rootFromConsistencyPath, rootFromInclusionPath } from "./proofVerification.js";
import { treeHasherOf } from "./treeHasher.js";

/**
 * Proof that the event whose chain hash is the leaf at `leafIndex` (0-based position in the
 * log) is in the ledger whose digest covers its first `treeSize` events: the RFC 9162
 * §2.1.3 audit path, leaf upwards, in hex.
 */
export const InclusionProof = new StructType(
  "InclusionProof",
  {
    algorithm: HashAlgorithm,
    leafIndex: NonNegativeInteger,
    treeSize: NonNegativeInteger,
    path: t.array(DigestHex),
  },
  {},
);
export type InclusionProof = t.TypeOf<typeof InclusionProof>;

/**
 * Proof that the ledger of `toSize` events extends the ledger of `fromSize` events: its
 * first `fromSize` events are exactly those (RFC 9162 §2.1.4 consistency path, in hex).
 */
export const ConsistencyProof = new StructType(
  "ConsistencyProof",
  {
    algorithm: HashAlgorithm,
    fromSize: NonNegativeInteger,
    toSize: NonNegativeInteger,
    path: t.array(DigestHex),
  },
  {},
);
export type ConsistencyProof = t.TypeOf<typeof ConsistencyProof>;

/**
 * The Merkle tree of a log read whole, to answer digests of its prefixes and proofs. Building
 * it reads every event hash and costs about 2n hashes (O(n) time, 64 bytes per event of
 * memory); each digest or proof after that is O(log n). Proving is the only part that reads
 * the log: verifying needs only the proof and the digests ({@link verifyInclusion},
 * {@link verifyConsistency}).
 */
export interface LedgerTree {
  readonly algorithm: HashAlgorithm;
  /** How many events the tree covers. */
  readonly size: number;
  /** The digest (hex) of the first `size` events. */
  readonly digest: (size?: number) => string;
  /** The Merkle tree hash (hex) of the events at positions `start` to `end - 1`. */
  readonly rangeDigest: (start: number, end: number) => string;
  /** The perfect-subtree roots (hex) of the first `size` events, largest first. */
  readonly frontier: (size?: number) => string[];
  /** The proof that the event at `leafIndex` is in the tree of the first `treeSize` events. */
  readonly inclusionProof: (leafIndex: number, treeSize?: number) => E.Either<DigestError, InclusionProof>;
  /** The proof that the tree of `fromSize` events is a prefix of the tree of `toSize`. */
  readonly consistencyProof: (fromSize: number, toSize?: number) => E.Either<DigestError, ConsistencyProof>;
}

const outOfRange = (message: string): E.Either<DigestError, never> =>
  E.left({ code: "PROOF_OUT_OF_RANGE", message });

const isSize = (n: number, max: number): boolean => Number.isSafeInteger(n) && n >= 0 && n <= max;

/** The tree over `eventHashesInLogOrder` (see {@link LedgerTree}). */
export const ledgerTreeOf = (
  algorithm: HashAlgorithm,
  eventHashesInLogOrder: Iterable<string>,
): E.Either<DigestError, LedgerTree> => {
  const available = checkHashAlgorithm(algorithm);
  if (E.isLeft(available)) return available;
  const hasher = treeHasherOf(algorithm);
  const leaves: Buffer[] = [];
  for (const h of eventHashesInLogOrder) leaves.push(hasher.leaf(digestBytes(h)));
  const tree = new MerkleTree(hasher, leaves);
  const hex = (nodes: Buffer[]) => nodes.map((n) => n.toString("hex"));
  return E.right({
    algorithm,
    size: tree.size,
    digest: (size = tree.size) => tree.root(size).toString("hex"),
    rangeDigest: (start, end) => tree.rangeRoot(start, end).toString("hex"),
    frontier: (size = tree.size) => perfectRanges(size).map(([a, b]) => tree.rangeRoot(a, b).toString("hex")),
    inclusionProof: (leafIndex, treeSize = tree.size) =>
      !isSize(treeSize, tree.size)
        ? outOfRange(`tree size ${treeSize} is outside 0..${tree.size}`)
        : !(Number.isSafeInteger(leafIndex) && leafIndex >= 0 && leafIndex < treeSize)
          ? outOfRange(`event ${leafIndex} is outside a ledger of ${treeSize} events`)
          : E.right({ algorithm, leafIndex, treeSize, path: hex(tree.inclusionPath(leafIndex, treeSize)) }),
    consistencyProof: (fromSize, toSize = tree.size) =>
      !isSize(toSize, tree.size)
        ? outOfRange(`tree size ${toSize} is outside 0..${tree.size}`)
        : !isSize(fromSize, toSize)
          ? outOfRange(`a ledger of ${toSize} events cannot extend one of ${fromSize}`)
          : E.right({
              algorithm,
              fromSize,
              toSize,
              path: fromSize === 0 ? [] : hex(tree.consistencyPath(fromSize, toSize)),
            }),
  });
};

/** An inclusion proof for one event of a log (O(n): builds the tree; see {@link ledgerTreeOf}). */
export const inclusionProof = (
  algorithm: HashAlgorithm,
  eventHashesInLogOrder: Iterable<string>,
  leafIndex: number,
  treeSize: number,
): E.Either<DigestError, InclusionProof> =>
  E.flatMap(ledgerTreeOf(algorithm, eventHashesInLogOrder), (tree) =>
    tree.inclusionProof(leafIndex, treeSize),
  );

/** A consistency proof between two sizes of a log (O(n): builds the tree; see {@link ledgerTreeOf}). */
export const consistencyProof = (
  algorithm: HashAlgorithm,
  eventHashesInLogOrder: Iterable<string>,
  fromSize: number,
  toSize: number,
): E.Either<DigestError, ConsistencyProof> =>
  E.flatMap(ledgerTreeOf(algorithm, eventHashesInLogOrder), (tree) =>
    tree.consistencyProof(fromSize, toSize),
  );

const invalid = (message: string): E.Either<DigestError, never> => E.left({ code: "PROOF_INVALID", message });

const decodeHex = (hex: string, what: string): E.Either<DigestError, Buffer> =>
  DigestHex.is(hex)
    ? E.right(Buffer.from(hex, "hex"))
    : E.left({ code: "DIGEST_MALFORMED", message: `${what} is not a 32-byte digest in lowercase hex` });

/**
 * Checks that the event with chain hash `eventHashHex` is at `proof.leafIndex` of the ledger
 * whose digest over its first `proof.treeSize` events is `digestHex`. O(log n) hashes; needs
 * neither the store nor the other events. Take the tree size from the digest you trust (its
 * `events`), not from the proof: some paths fit trees of several sizes (RFC 9162 §2.1.3.2).
 */
export const verifyInclusion = (
  proof: InclusionProof,
  eventHashHex: string,
  digestHex: string,
): E.Either<DigestError, true> => {
  const available = checkHashAlgorithm(proof.algorithm);
  if (E.isLeft(available)) return available;
  const hasher = treeHasherOf(proof.algorithm);
  return E.flatMap(decodeHex(eventHashHex, "the event hash"), (leaf) =>
    E.flatMap(decodeHex(digestHex, "the digest"), (root) => {
      if (!proof.path.every((p) => DigestHex.is(p)))
        return E.left<DigestError>({ code: "DIGEST_MALFORMED", message: "a proof node is not hex" });
      const computed = rootFromInclusionPath(
        hasher,
        proof.leafIndex,
        proof.treeSize,
        hasher.leaf(leaf),
        proof.path.map((p) => Buffer.from(p, "hex")),
      );
      if (E.isLeft(computed)) return invalid(`inclusion proof of event ${proof.leafIndex}: ${computed.left}`);
      return computed.right.equals(root)
        ? E.right(true as const)
        : invalid(
            `event ${proof.leafIndex} is not in the ledger of ${proof.treeSize} events with that digest (the proof leads elsewhere)`,
          );
    }),
  );
};

/**
 * Checks that the ledger whose first `proof.toSize` events have digest `secondDigestHex`
 * extends the ledger of `proof.fromSize` events with digest `firstDigestHex`: those events are
 * its first ones, unchanged and in the same order. O(log n) hashes. The empty ledger is
 * extended by every ledger (its digest must be the empty tree's and its proof empty).
 */
export const verifyConsistency = (
  proof: ConsistencyProof,
  firstDigestHex: string,
  secondDigestHex: string,
): E.Either<DigestError, true> => {
  const available = checkHashAlgorithm(proof.algorithm);
  if (E.isLeft(available)) return available;
  const hasher = treeHasherOf(proof.algorithm);
  return E.flatMap(decodeHex(firstDigestHex, "the earlier digest"), (first) =>
    E.flatMap(decodeHex(secondDigestHex, "the later digest"), (second) => {
      if (!proof.path.every((p) => DigestHex.is(p)))
        return E.left<DigestError>({ code: "DIGEST_MALFORMED", message: "a proof node is not hex" });
      if (proof.fromSize === 0)
        return !hasher.empty().equals(first)
          ? invalid("the earlier digest of 0 events is not the empty ledger's")
          : proof.path.length !== 0
            ? invalid("a proof from the empty ledger must be empty")
            : E.right(true as const);
      const computed = rootFromConsistencyPath(
        hasher,
        proof.fromSize,
        proof.toSize,
        proof.path.map((p) => Buffer.from(p, "hex")),
        first,
      );
      if (E.isLeft(computed))
        return invalid(
          `the ledger of ${proof.toSize} events does not extend that of ${proof.fromSize}: ${computed.left}`,
        );
      return computed.right.equals(second)
        ? E.right(true as const)
        : invalid(
            `the ledger of ${proof.toSize} events does not extend that of ${proof.fromSize} (the proof leads to another digest)`,
          );
    }),
  );
};
