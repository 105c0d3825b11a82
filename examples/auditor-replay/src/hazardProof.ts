import { DEFAULT_HASH_ALGORITHM, type EventStore, toEventLogLine } from "@hazard-ledger/core";
import {
  type HazardProof,
  type HazardProofError,
  type LedgerDigest,
  type ProvenHistory,
  proveHazard,
  verifyHazardHistory,
} from "@hazard-ledger/core/digest";
import * as E from "fp-ts/lib/Either.js";

/** What the office hands an auditor about one hazard: its exported history and the proof. */
export interface HandedOut {
  readonly history: string[];
  readonly proof: HazardProof;
  /** The digest the office printed on its report (what the auditor already holds). */
  readonly digest: LedgerDigest;
}

/**
 * The office's side, as `hazard-ledger export --hazard ID --proof FILE` does it: the hazard's
 * events as log lines, and one inclusion proof per event against the digest of the whole log.
 */
export const handOut = async (
  store: EventStore,
  hazardId: string,
): Promise<E.Either<HazardProofError, HandedOut>> => {
  const proven = await proveHazard(
    (await store.ledgerSettings())?.hashAlgorithm ?? DEFAULT_HASH_ALGORITHM,
    store.readAll(),
    hazardId,
  );
  if (E.isLeft(proven)) return proven;
  const { proof, events } = proven.right;
  return E.right({ history: events.map((e) => toEventLogLine(e)), proof, digest: proof.ledger });
};

/**
 * The auditor's side, offline: no store, only the lines, the proof and the digest the auditor
 * trusts (from the printed report). Every line must chain and be in the ledger at that digest.
 */
export const auditHazard = (
  history: readonly string[],
  proof: HazardProof,
  trusted: LedgerDigest,
): E.Either<HazardProofError, ProvenHistory> => verifyHazardHistory(history, proof, trusted);
