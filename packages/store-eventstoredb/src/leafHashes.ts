/** Leaves a chunk holds (32 bytes of hash and 8 of commit time each). */
const CHUNK_LEAVES = 32_768;
const LEAF_BYTES = 32;

/**
 * Every event's chain hash and commit time in log order, as bytes (40 an event): what the
 * EventStoreDB store keeps beside its digest's frontier so that the digest of a shorter prefix
 * is hashed from memory, not read again from `$all` (which holds every other ledger's events
 * too).
 */
export class LeafHashes {
  private readonly hashes: Buffer[] = [];
  private readonly commits: Float64Array[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** One more leaf: its 32-byte hash in lowercase hex, and its commit time when it has one. */
  push(hex: string, committedAt: string | undefined): void {
    const at = this.count % CHUNK_LEAVES;
    if (at === 0) {
      this.hashes.push(Buffer.alloc(CHUNK_LEAVES * LEAF_BYTES));
      this.commits.push(new Float64Array(CHUNK_LEAVES));
    }
    (this.hashes[this.hashes.length - 1] as Buffer).write(hex, at * LEAF_BYTES, LEAF_BYTES, "hex");
    (this.commits[this.commits.length - 1] as Float64Array)[at] =
      committedAt === undefined ? Number.NaN : Date.parse(committedAt);
    this.count++;
  }

  /** The first `n` leaves, in hex. */
  *first(n: number): Generator<string> {
    for (let i = 0; i < Math.min(n, this.count); i++) {
      const at = (i % CHUNK_LEAVES) * LEAF_BYTES;
      yield (this.hashes[Math.floor(i / CHUNK_LEAVES)] as Buffer).toString("hex", at, at + LEAF_BYTES);
    }
  }

  /** The commit time of leaf `i` (RFC 3339, UTC), or null when its event has none. */
  committedAt(i: number): string | null {
    const ms = this.commits[Math.floor(i / CHUNK_LEAVES)]?.[i % CHUNK_LEAVES];
    return ms === undefined || Number.isNaN(ms) ? null : new Date(ms).toISOString();
  }
}
