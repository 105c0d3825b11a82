import * as E from "fp-ts/lib/Either.js";
import {
  DEFAULT_HASH_ALGORITHM,
  type HashAlgorithm,
  type RecordedHazardEvent,
  type StoreDigest,
  type StoreDigestError,
} from "@hazard-ledger/core";
import { FrontierKeeper, digestSize, frontierOfPrefix, storeDigestOf } from "@hazard-ledger/core/store-kit";
import type { SavedFrontier } from "../index/indexSnapshot.js";
import { PendingFrontier } from "./pendingFrontier.js";

/** What the digest reads of the store's committed log. */
export interface DigestLog {
  /** Committed events (as indexed by this process). */
  readonly size: number;
  /** Up to `max` committed events with positions in [from, end), in order. */
  readRange(from: number, end: number, max: number): RecordedHazardEvent[];
  /** The ledger's hash algorithm (its manifest's, else the one a first write will keep). */
  hashAlgorithm(): HashAlgorithm;
}

/** Events read at a time when the frontier catches up with the log. */
const CATCH_UP_BATCH = 512;

/**
 * The file store's ledger digest, kept up as the store commits: the frontier of a group is
 * extended as its events are framed and kept once the group is on disk ({@link beginGroup},
 * {@link endGroup}); what other processes committed, or what the log holds past a saved
 * frontier, is read from the log when a digest is asked (only that tail, never the whole log).
 * The frontier is saved with the index snapshot and taken back at open only if the log's
 * event where it ends still has the hash it names ({@link adopt}); `verify` checks it whole.
 */
export class FileDigest {
  // The ledger's algorithm is known once it is open: an empty frontier takes it when first used.
  private readonly keeper = new FrontierKeeper(DEFAULT_HASH_ALGORITHM);

  constructor(private readonly log: DigestLog) {}

  /** How many events the frontier covers. */
  get size(): number {
    return this.keeper.size;
  }

  /**
   * Takes a saved frontier if it fits this log: no more events than the log holds, the ledger's
   * algorithm, and the log's event where it ends has the hash it names. Else it is dropped and
   * the frontier is rebuilt from the log when asked.
   */
  adopt(saved: SavedFrontier | undefined): boolean {
    if (saved === undefined) return false;
    const { frontier, lastHash, committedAt } = saved;
    if (frontier.size === 0 || frontier.size > this.log.size) return false;
    if (frontier.algorithm !== this.log.hashAlgorithm()) return false;
    let last: RecordedHazardEvent | undefined;
    try {
      last = this.log.readRange(frontier.size - 1, frontier.size, 1)[0];
    } catch {
      // Damage there is for reads and verify to report; the frontier is simply not taken.
      return false;
    }
    if (last === undefined || last.hash !== lastHash || (last.committedAt ?? null) !== committedAt)
      return false;
    this.keeper.set(frontier, committedAt, lastHash);
    return true;
  }

  /** What a snapshot saves: the frontier, when it covers any event. */
  saved(): SavedFrontier | undefined {
    const { lastHash } = this.keeper;
    return this.keeper.size === 0 || lastHash === undefined
      ? undefined
      : { frontier: this.keeper.frontier, lastHash, committedAt: this.keeper.committedAt };
  }

  /**
   * A group commit begins on a log of `size` events: the frontier to extend as it frames
   * events, when the kept one covers exactly that log (else the group leaves the catching up
   * to the next digest asked).
   */
  beginGroup(size: number): PendingFrontier | undefined {
    if (E.isLeft(this.keeper.useAlgorithm(this.log.hashAlgorithm()))) return undefined;
    return this.keeper.size === size
      ? new PendingFrontier(this.keeper.frontier, this.keeper.lastHash)
      : undefined;
  }

  /** The group is on disk and indexed; `committedAt` is its last transaction's commit time. */
  endGroup(pending: PendingFrontier | undefined, committedAt: string): void {
    if (pending === undefined) return;
    const { frontier, lastHash } = pending.committed;
    if (frontier.size !== this.keeper.size) this.keeper.set(frontier, committedAt, lastHash);
  }

  /** The digest of the first `upTo` events (default all), the kept frontier caught up first. */
  async digest(upTo: number | undefined): Promise<E.Either<StoreDigestError, StoreDigest>> {
    const available = this.keeper.useAlgorithm(this.log.hashAlgorithm());
    if (E.isLeft(available)) return available;
    const end = this.log.size;
    const size = digestSize(end, upTo);
    if (E.isLeft(size)) return size;
    for (let p = this.keeper.size; p < end;) {
      const batch = this.log.readRange(p, end, CATCH_UP_BATCH);
      if (batch.length === 0) break;
      for (const e of batch) this.keeper.add(e);
      p += batch.length;
    }
    if (size.right === this.keeper.size)
      return E.right(storeDigestOf(this.keeper.frontier, this.keeper.committedAt));
    const prefix = await frontierOfPrefix(this.keeper.frontier.algorithm, this.read(size.right), size.right);
    return E.right(storeDigestOf(prefix.frontier, prefix.committedAt));
  }

  private *read(end: number): Generator<RecordedHazardEvent> {
    for (let p = 0; p < end;) {
      const batch = this.log.readRange(p, end, CATCH_UP_BATCH);
      if (batch.length === 0) return;
      yield* batch;
      p += batch.length;
    }
  }
}
