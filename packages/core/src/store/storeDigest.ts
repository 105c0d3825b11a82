import * as E from "fp-ts/lib/Either.js";
import type { RecordedHazardEvent } from "../events/hazardEvent.js";
import {
  checkHashAlgorithm,
  type HashAlgorithm,
  type HashAlgorithmUnavailable,
} from "../digest/hashAlgorithm.js";
import { type LedgerRoot, ledgerRootOf } from "../digest/ledgerDigest.js";
import { appendLeaf, emptyFrontier, type MerkleFrontier } from "../digest/merkleFrontier.js";

/**
 * A store's answer to {@link EventStore.ledgerDigest}: the digest of its first `events` events
 * (RFC 9162 Merkle tree hash over their chain hashes in log order), the commit time of the
 * event that ends them, and the frontier (the perfect-subtree roots, largest first) that a
 * digest JSON carries so a later `verify --digest` can narrow where a log parts from it.
 */
export interface StoreDigest extends LedgerRoot {
  /** The commit time of the transaction that wrote the last of the events; null for none. */
  readonly committedAt: string | null;
  /** The frontier's nodes in hex, largest subtree first. */
  readonly frontier: readonly string[];
}

/** A digest was asked of more events than the ledger holds. */
export interface DigestBeyondLog {
  readonly code: "DIGEST_BEYOND_LOG";
  readonly message: string;
  /** The events the ledger holds. */
  readonly events: number;
  /** The events asked for. */
  readonly asked: number;
}

export type StoreDigestError = DigestBeyondLog | HashAlgorithmUnavailable;

/** The error of a digest asked of `asked` events of a ledger of `events`. */
export const digestBeyondLog = (events: number, asked: number): DigestBeyondLog => ({
  code: "DIGEST_BEYOND_LOG",
  events,
  asked,
  message: `a digest of the first ${asked} events was asked of a ledger of ${events} events`,
});

/** Checks `upTo` (a whole number, default `size`) against the ledger's size. */
export const digestSize = (size: number, upTo: number | undefined): E.Either<StoreDigestError, number> => {
  if (upTo === undefined) return E.right(size);
  if (!Number.isSafeInteger(upTo) || upTo < 0)
    throw new RangeError(`ledgerDigest: ${upTo} is not a number of events`);
  return upTo > size ? E.left(digestBeyondLog(size, upTo)) : E.right(upTo);
};

/** The answer for a frontier, once the commit time of its last event is known. */
export const storeDigestOf = (frontier: MerkleFrontier, committedAt: string | null): StoreDigest => ({
  ...ledgerRootOf(frontier),
  committedAt,
  frontier: frontier.nodes.map((n) => n.toString("hex")),
});

/**
 * The frontier of the first `upTo` events of a log, read from its start: what a store answers
 * for a prefix shorter than the frontier it keeps (a frontier cannot go back). O(upTo).
 */
export const frontierOfPrefix = async (
  algorithm: HashAlgorithm,
  events: Iterable<RecordedHazardEvent> | AsyncIterable<RecordedHazardEvent>,
  upTo: number,
): Promise<{ frontier: MerkleFrontier; committedAt: string | null }> => {
  let frontier = emptyFrontier(algorithm);
  let committedAt: string | null = null;
  if (upTo === 0) return { frontier, committedAt };
  for await (const e of events) {
    frontier = appendLeaf(frontier, e.hash);
    committedAt = e.committedAt ?? null;
    if (frontier.size >= upTo) break;
  }
  return { frontier, committedAt };
};

/**
 * The frontier a store keeps, with the algorithm and commit time it needs: started empty,
 * extended as events are committed (or read to catch up), dropped when its algorithm turns out
 * to differ while it is still empty (a ledger whose settings arrive before its first event).
 */
export class FrontierKeeper {
  private current: MerkleFrontier;
  /** The commit time of the last event the frontier covers. */
  committedAt: string | null = null;
  /** The chain hash of the last event the frontier covers. */
  lastHash: string | undefined;

  constructor(algorithm: HashAlgorithm) {
    this.current = emptyFrontier(algorithm);
  }

  get frontier(): MerkleFrontier {
    return this.current;
  }

  get size(): number {
    return this.current.size;
  }

  /** Takes `frontier` (one extended elsewhere, e.g. by a write being staged, or a saved one). */
  set(frontier: MerkleFrontier, committedAt: string | null, lastHash: string | undefined): void {
    this.current = frontier;
    this.committedAt = committedAt;
    this.lastHash = lastHash;
  }

  /** Extends the frontier by one committed event. */
  add(event: { readonly hash: string; readonly committedAt?: string }): void {
    this.current = appendLeaf(this.current, event.hash);
    this.committedAt = event.committedAt ?? null;
    this.lastHash = event.hash;
  }

  /**
   * The ledger's algorithm: an empty frontier takes it; a frontier that covers events keeps
   * its own (a ledger's algorithm never changes once it holds an event). Answers whether this
   * Node.js can compute it.
   */
  useAlgorithm(algorithm: HashAlgorithm): E.Either<HashAlgorithmUnavailable, HashAlgorithm> {
    if (this.current.size === 0 && this.current.algorithm !== algorithm)
      this.current = emptyFrontier(algorithm);
    return checkHashAlgorithm(this.current.algorithm);
  }
}
