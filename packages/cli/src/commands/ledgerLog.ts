import {
  DEFAULT_HASH_ALGORITHM,
  type EventStore,
  type HashAlgorithm,
  type RecordedHazardEvent,
  checkHashAlgorithm,
} from "@hazard-ledger/core";
import { isLeft } from "fp-ts/lib/Either.js";
import { RejectedError } from "../io.js";

/** The ledger's hash algorithm, checked to be available in this Node.js (exit 1 if not). */
export const ledgerAlgorithm = async (store: EventStore): Promise<HashAlgorithm> => {
  const algorithm = (await store.ledgerSettings())?.hashAlgorithm ?? DEFAULT_HASH_ALGORITHM;
  const available = checkHashAlgorithm(algorithm);
  if (isLeft(available)) throw new RejectedError(available.left.message);
  return algorithm;
};

/**
 * The commit time of an event when its store keeps one (the transaction's, the same for every
 * event of one write), else null: the stores without it predate commit times.
 */
export const commitTimeOf = (e: RecordedHazardEvent): string | null => e.committedAt ?? null;

/** Every event's chain hash in log order, and the commit time of the last event. */
export interface LedgerLeaves {
  readonly algorithm: HashAlgorithm;
  readonly hashes: string[];
  readonly committedAt: string | null;
}

/** Reads the whole log's leaves (O(n) memory: 64 hex characters an event). */
export const readLedgerLeaves = async (store: EventStore): Promise<LedgerLeaves> => {
  const algorithm = await ledgerAlgorithm(store);
  const hashes: string[] = [];
  let committedAt: string | null = null;
  for await (const e of store.readAll()) {
    hashes.push(e.hash);
    committedAt = commitTimeOf(e) ?? committedAt;
  }
  return { algorithm, hashes, committedAt };
};

/** The hazard and seq of the event at a log position (one more pass; used to name a failure). */
export const eventAt = async (
  store: EventStore,
  position: number,
): Promise<{ hazardId: string; seq: number } | undefined> => {
  let i = 0;
  for await (const e of store.readAll()) {
    if (i === position) return { hazardId: e.hazardId, seq: e.seq };
    i += 1;
  }
  return undefined;
};
