import * as E from "fp-ts/lib/Either.js";
import * as t from "io-ts";
import { NonNegativeInteger } from "../codecs/primitives.js";
import { StructType } from "../codecs/struct.js";
import { formatErrors } from "../codecs/formatErrors.js";
import type { DigestError } from "./digestError.js";
import { checkHashAlgorithm, HashAlgorithm } from "./hashAlgorithm.js";
import { DigestHex, digestBytes } from "./hexDigest.js";
import { treeHasherOf } from "./treeHasher.js";

/**
 * The ledger's Merkle tree kept up incrementally: the roots of the perfect subtrees that the
 * first `size` leaves split into (one per set bit of `size`, the largest first), as in
 * Certificate Transparency's compact ranges. O(log n) state, and appending a leaf costs one
 * leaf hash plus one node hash per trailing one-bit of `size` (amortised two hashes). A value:
 * {@link appendLeaf} answers a new frontier and leaves the old one as it was, so a store can
 * drop a failed transaction's frontier by not keeping it.
 */
export interface MerkleFrontier {
  readonly algorithm: HashAlgorithm;
  /** How many leaves (events) the frontier covers. */
  readonly size: number;
  /** The perfect-subtree roots, largest (leftmost) first. Not to be mutated. */
  readonly nodes: readonly Buffer[];
}

/** The frontier of the empty log. */
export const emptyFrontier = (algorithm: HashAlgorithm): MerkleFrontier => ({
  algorithm,
  size: 0,
  nodes: [],
});

/**
 * The frontier after one more event, whose chain `hash` (hex) is the leaf. Throws a
 * RangeError on a hash that is not 32 bytes of lowercase hex (stored hashes are decoded
 * already; see `digestBytes`).
 */
export const appendLeaf = (frontier: MerkleFrontier, eventHashHex: string): MerkleFrontier => {
  const hasher = treeHasherOf(frontier.algorithm);
  const nodes = frontier.nodes.slice();
  let carry = hasher.leaf(digestBytes(eventHashHex));
  // Each trailing one-bit of size is a perfect subtree the new leaf's subtree now completes.
  for (let s = frontier.size; s % 2 === 1; s = Math.floor(s / 2)) carry = hasher.node(nodes.pop()!, carry);
  nodes.push(carry);
  return { algorithm: frontier.algorithm, size: frontier.size + 1, nodes };
};

/** The frontier after each of `eventHashesHex` in order. */
export const appendLeaves = (frontier: MerkleFrontier, eventHashesHex: Iterable<string>): MerkleFrontier => {
  let f = frontier;
  for (const h of eventHashesHex) f = appendLeaf(f, h);
  return f;
};

/**
 * The Merkle tree hash (RFC 9162 §2.1.1 MTH) of the leaves so far, in hex: the ledger digest
 * of its first `size` events. The perfect subtrees fold from the right, which is exactly the
 * RFC's split at the largest power of two below n. O(log n).
 */
export const frontierRoot = (frontier: MerkleFrontier): string => {
  const hasher = treeHasherOf(frontier.algorithm);
  const { nodes } = frontier;
  if (nodes.length === 0) return hasher.empty().toString("hex");
  let root = nodes[nodes.length - 1]!;
  for (let i = nodes.length - 2; i >= 0; i--) root = hasher.node(nodes[i]!, root);
  return root.toString("hex");
};

/** A frontier as JSON, for a store to persist beside its log. */
export const MerkleFrontierJson = new StructType(
  "MerkleFrontier",
  { algorithm: HashAlgorithm, size: NonNegativeInteger, nodes: t.array(DigestHex) },
  {},
);
export type MerkleFrontierJson = t.TypeOf<typeof MerkleFrontierJson>;

/** The JSON form of a frontier ({@link deserialiseFrontier} reads it back). */
export const serialiseFrontier = (frontier: MerkleFrontier): MerkleFrontierJson => ({
  algorithm: frontier.algorithm,
  size: frontier.size,
  nodes: frontier.nodes.map((n) => n.toString("hex")),
});

const popCount = (n: number): number => {
  let count = 0;
  for (let x = n; x > 0; x = Math.floor(x / 2)) count += x % 2;
  return count;
};

/**
 * A frontier from its JSON form: checks the shape, that the algorithm is available, and that
 * there is one node per set bit of `size`. It cannot check the nodes against the log (that is
 * what recomputing from the log is for), so a store should keep it where its log's checks
 * reach (e.g. checksummed with the snapshot it belongs to).
 */
export const deserialiseFrontier = (json: unknown): E.Either<DigestError, MerkleFrontier> => {
  const decoded = MerkleFrontierJson.decode(json);
  if (E.isLeft(decoded))
    return E.left({ code: "DIGEST_MALFORMED", message: `frontier: ${formatErrors(decoded.left)}` });
  const { algorithm, size, nodes } = decoded.right;
  const available = checkHashAlgorithm(algorithm);
  if (E.isLeft(available)) return available;
  if (nodes.length !== popCount(size))
    return E.left({
      code: "DIGEST_MALFORMED",
      message: `frontier: ${nodes.length} nodes cannot describe ${size} leaves (needs ${popCount(size)})`,
    });
  return E.right({ algorithm, size, nodes: nodes.map(digestBytes) });
};
