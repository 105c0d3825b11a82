import type { HashFunction } from "./hashAlgorithm.js";

/** Every node of the tree is a digest of this many bytes (sha256 and sm3 alike). */
export const NODE_BYTES = 32;

// RFC 9162 §2.1.1 domain separation: a leaf can never be mistaken for an interior node, so
// no two different trees (or a tree and a shorter one) can share a root by re-reading nodes.
const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

/** The hashes of one Merkle tree: leaf `H(0x00 || leaf)`, node `H(0x01 || left || right)`. */
export interface MerkleHasher {
  readonly leaf: (data: Uint8Array) => Buffer;
  readonly node: (left: Uint8Array, right: Uint8Array) => Buffer;
  /** The root of the empty tree, `H()`. */
  readonly empty: () => Buffer;
}

/** The RFC 9162 §2.1.1 tree hashes over `h`. */
export const merkleHasher = (h: HashFunction): MerkleHasher => ({
  leaf: (data) => h(Buffer.concat([LEAF_PREFIX, data])),
  node: (left, right) => h(Buffer.concat([NODE_PREFIX, left, right])),
  empty: () => h(new Uint8Array(0)),
});

/** The largest power of two strictly below `n` (n ≥ 2): where RFC 9162 splits a tree. */
export const splitPoint = (n: number): number => {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
};

/** Whether `n` is a power of two (1, 2, 4, …). Plain arithmetic: sizes may pass 2^32. */
export const isPowerOfTwo = (n: number): boolean => {
  if (n < 1) return false;
  let x = n;
  while (x % 2 === 0) x /= 2;
  return x === 1;
};

/**
 * The ranges `[start, end)` of the perfect subtrees that the first `size` leaves split into,
 * largest first: one per set bit of `size` (a {@link MerkleFrontier}'s nodes cover these).
 */
export const perfectRanges = (size: number): [number, number][] => {
  const ranges: [number, number][] = [];
  let start = 0;
  for (let k = 2 ** Math.floor(Math.log2(Math.max(size, 1))); k >= 1; k /= 2)
    if (start + k <= size) {
      ranges.push([start, start + k]);
      start += k;
    }
  return ranges;
};
