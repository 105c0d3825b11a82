import { type MerkleFrontier, appendLeaf } from "@hazard-ledger/core/digest";

/**
 * The ledger digest's frontier as a group commit extends it: each event framed adds its
 * leaf, a transaction that commits keeps them, one taken back drops them. O(log n) state, so a
 * streamed import of millions of events holds no hash per event. The store takes
 * {@link committed} once the group is on disk and indexed.
 */
export class PendingFrontier {
  private pending: MerkleFrontier;
  private pendingLastHash: string | undefined;
  private kept: MerkleFrontier;
  private keptLastHash: string | undefined;

  constructor(start: MerkleFrontier, lastHash: string | undefined) {
    this.pending = this.kept = start;
    this.pendingLastHash = this.keptLastHash = lastHash;
  }

  /** One more event of the transaction being framed. */
  add(eventHash: string): void {
    this.pending = appendLeaf(this.pending, eventHash);
    this.pendingLastHash = eventHash;
  }

  commit(): void {
    this.kept = this.pending;
    this.keptLastHash = this.pendingLastHash;
  }

  rollback(): void {
    this.pending = this.kept;
    this.pendingLastHash = this.keptLastHash;
  }

  /** The frontier over the log up to the group's last committed transaction, and its last leaf. */
  get committed(): { readonly frontier: MerkleFrontier; readonly lastHash: string | undefined } {
    return { frontier: this.kept, lastHash: this.keptLastHash };
  }
}
