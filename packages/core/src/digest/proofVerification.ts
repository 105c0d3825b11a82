import * as E from "fp-ts/lib/Either.js";
import { isPowerOfTwo, type MerkleHasher, NODE_BYTES } from "./merkleHashing.js";

// The two verification algorithms of RFC 9162 §2.1.3.2 and §2.1.4.2, over raw node bytes.
// Each walks the path once: O(log n) hashes and no access to the tree. They answer the root
// the path leads to (the caller compares it with the root it trusts) or why the path cannot
// be a proof at all. Sizes may pass 2^32, so the bit steps are arithmetic, not `>>`.

const wellSized = (nodes: readonly Uint8Array[]): boolean => nodes.every((n) => n.length === NODE_BYTES);

const lsb = (x: number): boolean => x % 2 === 1;
const half = (x: number): number => Math.floor(x / 2);

/**
 * The root that an inclusion path leads to from `leafHash` at `leafIndex` in a tree of
 * `treeSize` (RFC 9162 §2.1.3.2, steps 1-5 without the final comparison).
 */
export const rootFromInclusionPath = (
  hasher: MerkleHasher,
  leafIndex: number,
  treeSize: number,
  leafHash: Uint8Array,
  path: readonly Uint8Array[],
): E.Either<string, Buffer> => {
  if (!(Number.isSafeInteger(leafIndex) && Number.isSafeInteger(treeSize) && leafIndex >= 0))
    return E.left("leaf index and tree size must be whole numbers");
  if (leafIndex >= treeSize) return E.left(`leaf index ${leafIndex} is outside a tree of ${treeSize}`);
  if (!wellSized([leafHash, ...path])) return E.left(`every hash must be ${NODE_BYTES} bytes`);
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r: Buffer = Buffer.from(leafHash);
  for (const p of path) {
    if (sn === 0) return E.left("the path is longer than the tree is deep");
    if (lsb(fn) || fn === sn) {
      r = hasher.node(p, r);
      while (!lsb(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else r = hasher.node(r, p);
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) return E.left("the path is shorter than the tree is deep");
  return E.right(r);
};

/**
 * Checks a consistency path from the tree of `size1` leaves with root `root1` to the tree of
 * `size2` leaves (RFC 9162 §2.1.4.2) and answers the root of the second tree it proves. A
 * proof from the empty tree is meaningless (RFC 9162 defines none): callers handle size 0.
 */
export const rootFromConsistencyPath = (
  hasher: MerkleHasher,
  size1: number,
  size2: number,
  path: readonly Uint8Array[],
  root1: Uint8Array,
): E.Either<string, Buffer> => {
  if (!(Number.isSafeInteger(size1) && Number.isSafeInteger(size2) && size1 >= 0))
    return E.left("tree sizes must be whole numbers");
  if (size2 < size1) return E.left(`the second tree (${size2}) is smaller than the first (${size1})`);
  if (size1 === 0) return E.left("a consistency proof from the empty tree is meaningless");
  if (size1 === size2)
    return path.length === 0 ? E.right(Buffer.from(root1)) : E.left("equal sizes need an empty proof");
  if (path.length === 0) return E.left("the proof is empty");
  if (!wellSized([root1, ...path])) return E.left(`every hash must be ${NODE_BYTES} bytes`);
  const nodes = isPowerOfTwo(size1) ? [root1, ...path] : [...path];
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (lsb(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr: Buffer = Buffer.from(nodes[0]!);
  let sr: Buffer = Buffer.from(nodes[0]!);
  for (const c of nodes.slice(1)) {
    if (sn === 0) return E.left("the proof is longer than the trees are deep");
    if (lsb(fn) || fn === sn) {
      fr = hasher.node(c, fr);
      sr = hasher.node(c, sr);
      while (!lsb(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else sr = hasher.node(sr, c);
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) return E.left("the proof is shorter than the trees are deep");
  if (!fr.equals(root1)) return E.left("the proof does not lead to the first tree's root");
  return E.right(sr);
};
