import { createHash } from "node:crypto";
import canonicalize from "canonicalize";
import { GENESIS_HASH, type NewHazardEvent, type StoredHazardEvent } from "../events/hazardEvent.js";

/** A stored event without its own hash: what the hash is computed over. */
export type UnhashedEvent = Omit<StoredHazardEvent, "hash">;

/**
 * sha256 (hex) over the canonical JSON (RFC 8785) of the event including `prevHash`, so
 * each hash commits to the whole history of the hazard before it.
 */
export const hashEvent = (event: UnhashedEvent): string => {
  const text = canonicalize(event);
  if (text === undefined) throw new TypeError("event cannot be canonicalized");
  return createHash("sha256").update(text, "utf8").digest("hex");
};

/**
 * Turns a new event into a stored one: the store's seq, recordedAt (unless the event
 * brings its own, as an import does), schema version and the link to the previous hash.
 * Every store seals through here, so every store hashes the same way.
 */
export const sealEvent = (
  event: NewHazardEvent,
  seal: { seq: number; recordedAt: string; prevHash: string; schemaVersion: number },
): StoredHazardEvent => {
  const unhashed: UnhashedEvent = {
    hazardId: event.hazardId,
    seq: seal.seq,
    type: event.type,
    occurredAt: event.occurredAt,
    recordedAt: event.recordedAt ?? seal.recordedAt,
    actor: event.actor,
    data: event.data,
    ...(event.eventId !== undefined ? { eventId: event.eventId } : {}),
    ...(event.commandId !== undefined ? { commandId: event.commandId } : {}),
    schemaVersion: seal.schemaVersion,
    prevHash: seal.prevHash,
  } as UnhashedEvent;
  return { ...unhashed, hash: hashEvent(unhashed) } as StoredHazardEvent;
};

/** Where a hazard's chain breaks, and why. */
export interface ChainBreak {
  readonly hazardId: string;
  readonly seq: number;
  readonly reason: "hash_mismatch" | "prev_hash_mismatch" | "seq_gap";
  readonly message: string;
}

/**
 * Checks one hazard's events (in stream order): seqs 0,1,2..., each `prevHash` equal to the
 * hash before it (the genesis hash first), each `hash` recomputed. Returns every break.
 */
export const verifyStream = (events: Iterable<StoredHazardEvent>): ChainBreak[] => {
  const breaks: ChainBreak[] = [];
  let prev = GENESIS_HASH;
  let expectedSeq = 0;
  for (const e of events) {
    const { hash, ...unhashed } = e as StoredHazardEvent & { position?: bigint };
    delete (unhashed as { position?: bigint }).position;
    if (e.seq !== expectedSeq)
      breaks.push({
        hazardId: e.hazardId,
        seq: e.seq,
        reason: "seq_gap",
        message: `${e.hazardId} seq ${e.seq}: expected seq ${expectedSeq}`,
      });
    if (e.prevHash !== prev)
      breaks.push({
        hazardId: e.hazardId,
        seq: e.seq,
        reason: "prev_hash_mismatch",
        message: `${e.hazardId} seq ${e.seq}: prevHash does not match the hash of the event before it`,
      });
    if (hashEvent(unhashed) !== hash)
      breaks.push({
        hazardId: e.hazardId,
        seq: e.seq,
        reason: "hash_mismatch",
        message: `${e.hazardId} seq ${e.seq}: hash does not match the event's content`,
      });
    prev = hash;
    expectedSeq = e.seq + 1;
  }
  return breaks;
};
