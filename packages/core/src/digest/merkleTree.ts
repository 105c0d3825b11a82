import { isPowerOfTwo, type MerkleHasher, NODE_BYTES, splitPoint } from "./merkleHashing.js";

/**
 * A Merkle tree over a whole list of leaves (RFC 9162 §2.1), kept as its levels of complete
 * subtrees: level j holds the roots of the aligned subtrees of 2^j leaves, each level one
 * contiguous buffer. Building it hashes every leaf once and every node once (O(n)); after that
 * the root of any prefix, an inclusion path or a consistency path costs O(log n) look-ups and
 * at most O(log n) fresh node hashes along the right edge. Used to answer proofs; the stores
 * keep only a {@link MerkleFrontier} up to date.
 */
export class MerkleTree {
  private readonly levels: Buffer[];

  /** `leafHashes`: the leaf hashes `H(0x00 || leaf)`, one per leaf, in order. */
  constructor(
    private readonly hasher: MerkleHasher,
    leafHashes: readonly Uint8Array[],
  ) {
    const level0 = Buffer.alloc(leafHashes.length * NODE_BYTES);
    leafHashes.forEach((h, i) => level0.set(h, i * NODE_BYTES));
    this.levels = [level0];
    for (let below = level0; below.length >= 2 * NODE_BYTES;) {
      const count = Math.floor(below.length / NODE_BYTES / 2);
      const level = Buffer.alloc(count * NODE_BYTES);
      for (let i = 0; i < count; i++)
        level.set(hasher.node(nodeAt(below, 2 * i), nodeAt(below, 2 * i + 1)), i * NODE_BYTES);
      this.levels.push(level);
      below = level;
    }
  }

  /** How many leaves the tree holds. */
  get size(): number {
    return this.levels[0]!.length / NODE_BYTES;
  }

  /** MTH of the first `size` leaves (the empty tree's root for 0). */
  root(size: number = this.size): Buffer {
    this.checkSize(size);
    return size === 0 ? this.hasher.empty() : this.subtree(0, size);
  }

  /** MTH(D[start:end]) of any non-empty range of the leaves. */
  rangeRoot(start: number, end: number): Buffer {
    this.checkSize(end);
    if (!(Number.isSafeInteger(start) && start >= 0 && start < end))
      throw new RangeError(`leaf range ${start}..${end} is empty or outside the tree`);
    return this.subtree(start, end);
  }

  /** RFC 9162 §2.1.3.1 PATH(index, D[0:size]): the audit path of one leaf, leaf upwards. */
  inclusionPath(index: number, size: number = this.size): Buffer[] {
    this.checkSize(size);
    if (!(Number.isSafeInteger(index) && index >= 0 && index < size))
      throw new RangeError(`leaf index ${index} is outside a tree of ${size}`);
    return this.path(index, 0, size);
  }

  /** RFC 9162 §2.1.4.1 PROOF(m, D[0:n]) for 0 < m ≤ n (empty for m = n). */
  consistencyPath(m: number, n: number = this.size): Buffer[] {
    this.checkSize(n);
    if (!(Number.isSafeInteger(m) && m > 0 && m <= n))
      throw new RangeError(`no consistency proof from size ${m} to size ${n}`);
    return this.subproof(m, 0, n, true);
  }

  private checkSize(size: number): void {
    if (!(Number.isSafeInteger(size) && size >= 0 && size <= this.size))
      throw new RangeError(`tree size ${size} is outside 0..${this.size}`);
  }

  /** MTH(D[start:end]), end > start. */
  private subtree(start: number, end: number): Buffer {
    const n = end - start;
    if (isPowerOfTwo(n) && start % n === 0) return nodeAt(this.levels[Math.log2(n)]!, start / n);
    const k = splitPoint(n);
    return this.hasher.node(this.subtree(start, start + k), this.subtree(start + k, end));
  }

  private path(index: number, start: number, end: number): Buffer[] {
    if (end - start === 1) return [];
    const k = splitPoint(end - start);
    return index < start + k
      ? [...this.path(index, start, start + k), this.subtree(start + k, end)]
      : [...this.path(index, start + k, end), this.subtree(start, start + k)];
  }

  /** SUBPROOF with `m` absolute (start < m ≤ end). */
  private subproof(m: number, start: number, end: number, whole: boolean): Buffer[] {
    if (m === end) return whole ? [] : [this.subtree(start, end)];
    const k = splitPoint(end - start);
    return m - start <= k
      ? [...this.subproof(m, start, start + k, whole), this.subtree(start + k, end)]
      : [...this.subproof(m, start + k, end, false), this.subtree(start, start + k)];
  }
}

const nodeAt = (level: Buffer, index: number): Buffer =>
  level.subarray(index * NODE_BYTES, (index + 1) * NODE_BYTES);
