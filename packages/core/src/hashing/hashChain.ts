import { hash as digest } from "node:crypto";
import { DEFAULT_HASH_ALGORITHM, type HashAlgorithm, hexHashFunction } from "../digest/hashAlgorithm.js";
import { GENESIS_HASH, type NewHazardEvent, type StoredHazardEvent } from "../events/hazardEvent.js";
import { canonicalEventJson } from "./canonicalEvent.js";
import { isFrozenEvent } from "./deepFreeze.js";

/** A stored event without its own hash: what the hash is computed over. */
export type UnhashedEvent = Omit<StoredHazardEvent, "hash">;

/**
 * The ledger's hash (hex; sha256 unless the ledger uses sm3) over the canonical JSON
 * (RFC 8785) of the event including `prevHash`, so each hash commits to the whole history of
 * the hazard before it. Throws if `algorithm` is missing from this Node.js (see
 * {@link hexHashFunction}); stores check it when they open.
 */
export const hashEvent = (
  event: UnhashedEvent,
  algorithm: HashAlgorithm = DEFAULT_HASH_ALGORITHM,
): string => {
  const text = canonicalEventJson(event);
  // The one-shot digest: same bytes as createHash().update().digest(), about 5x cheaper for
  // an event-sized input (it is most of the cost of sealing an event).
  return algorithm === "sha256" ? digest("sha256", text, "hex") : hexHashFunction(algorithm)(text);
};

/** How an event is sealed: its place in the chain and the ledger's hash algorithm. */
export interface Seal {
  readonly seq: number;
  readonly recordedAt: string;
  readonly prevHash: string;
  readonly schemaVersion: number;
  /** The ledger's hash algorithm; sha256 when not given. */
  readonly hashAlgorithm?: HashAlgorithm;
}

/**
 * The last seal of each frozen event (see {@link sealEvent}), with the algorithm it used. A
 * WeakMap: an entry lives as long as its event, never longer.
 */
const sealsOfFrozen = new WeakMap<
  NewHazardEvent,
  { readonly sealed: StoredHazardEvent; readonly algorithm: HashAlgorithm }
>();

/**
 * Turns a new event into a stored one: the store's seq, recordedAt (unless the event
 * brings its own, as an import does), schema version and the link to the previous hash.
 * Every store seals through here, so every store hashes the same way.
 *
 * An event frozen all the way down (`deepFreeze`) cannot change, so its seal is kept beside it
 * and sealing it again with the same seal returns a copy instead of hashing twice: an import
 * seals each event to check the chain of the lines after it, and the store it appends to seals
 * the same object again when it writes it. A different seal (another seq, prevHash,
 * recordedAt, schema version or algorithm) is computed afresh.
 */
export const sealEvent = (event: NewHazardEvent, seal: Seal): StoredHazardEvent =>
  sealWith(event, seal, undefined);

/**
 * {@link sealEvent} with the hash already computed for this very seal, elsewhere (an import's
 * line worker seals lines ahead of the thread that checks their order): the same sealed event,
 * kept beside a frozen event the same way, without hashing. `hash` must be what
 * {@link sealEvent} would compute for `event` and `seal`; the caller answers for that.
 */
export const sealEventWithHash = (event: NewHazardEvent, seal: Seal, hash: string): StoredHazardEvent =>
  sealWith(event, seal, hash);

const sealWith = (event: NewHazardEvent, seal: Seal, knownHash: string | undefined): StoredHazardEvent => {
  const algorithm = seal.hashAlgorithm ?? DEFAULT_HASH_ALGORITHM;
  const recordedAt = event.recordedAt ?? seal.recordedAt;
  const frozen = isFrozenEvent(event);
  if (frozen) {
    const kept = sealsOfFrozen.get(event);
    if (
      kept !== undefined &&
      kept.algorithm === algorithm &&
      kept.sealed.seq === seal.seq &&
      kept.sealed.prevHash === seal.prevHash &&
      kept.sealed.schemaVersion === seal.schemaVersion &&
      kept.sealed.recordedAt === recordedAt
    )
      return { ...kept.sealed };
  }
  // Built key by key in the event-log line's order (conditional spreads would build and drop
  // an object each), hashed, then given its hash as the last key: the one object is the sealed event.
  const sealed: Record<string, unknown> = {
    hazardId: event.hazardId,
    seq: seal.seq,
    type: event.type,
    occurredAt: event.occurredAt,
    recordedAt,
    actor: event.actor,
    data: event.data,
  };
  // Only an event that has `ext` hashes it: the hashes of events without it, and so every
  // chain written before `ext` existed, stay what they were.
  if (event.ext !== undefined) sealed["ext"] = event.ext;
  if (event.eventId !== undefined) sealed["eventId"] = event.eventId;
  if (event.commandId !== undefined) sealed["commandId"] = event.commandId;
  sealed["schemaVersion"] = seal.schemaVersion;
  sealed["prevHash"] = seal.prevHash;
  sealed["hash"] = knownHash ?? hashEvent(sealed as UnhashedEvent, algorithm);
  if (frozen)
    sealsOfFrozen.set(event, { sealed: Object.freeze({ ...sealed }) as StoredHazardEvent, algorithm });
  return sealed as StoredHazardEvent;
};

/** Where a hazard's chain breaks, and why. */
export interface ChainBreak {
  readonly hazardId: string;
  readonly seq: number;
  readonly reason: "hash_mismatch" | "prev_hash_mismatch" | "seq_gap";
  readonly message: string;
}

/**
 * A chain checker over events of many hazards in global order (each hazard's events in seq
 * order, as every store returns them), holding only the last hash and seq of each hazard.
 * Hashes are recomputed with `algorithm`, the ledger's (sha256 unless it is an sm3 ledger).
 */
export const chainVerifier = (algorithm: HashAlgorithm = DEFAULT_HASH_ALGORITHM) => {
  const tips = new Map<string, { hash: string; nextSeq: number }>();
  return (e: StoredHazardEvent): ChainBreak[] => {
    const breaks: ChainBreak[] = [];
    const tip = tips.get(e.hazardId) ?? { hash: GENESIS_HASH, nextSeq: 0 };
    const where = `${e.hazardId} seq ${e.seq}`;
    if (e.seq !== tip.nextSeq)
      breaks.push({
        hazardId: e.hazardId,
        seq: e.seq,
        reason: "seq_gap",
        message: `${where}: expected seq ${tip.nextSeq}`,
      });
    if (e.prevHash !== tip.hash)
      breaks.push({
        hazardId: e.hazardId,
        seq: e.seq,
        reason: "prev_hash_mismatch",
        message: `${where}: prevHash does not match the hash of the event before it`,
      });
    const { hash, ...rest } = e as StoredHazardEvent & {
      position?: bigint;
      committedAt?: string;
      backfill?: true;
    };
    // What the store adds about the transaction is not part of the event's hash.
    const { position: _position, committedAt: _committedAt, backfill: _backfill, ...unhashed } = rest;
    if (hashEvent(unhashed, algorithm) !== hash)
      breaks.push({
        hazardId: e.hazardId,
        seq: e.seq,
        reason: "hash_mismatch",
        message: `${where}: hash does not match the event's content`,
      });
    tips.set(e.hazardId, { hash, nextSeq: e.seq + 1 });
    return breaks;
  };
};

/**
 * Checks one hazard's events (in stream order): seqs 0,1,2..., each `prevHash` equal to the
 * hash before it (the genesis hash first), each `hash` recomputed. Returns every break.
 */
export const verifyStream = (
  events: Iterable<StoredHazardEvent>,
  algorithm: HashAlgorithm = DEFAULT_HASH_ALGORITHM,
): ChainBreak[] => {
  const check = chainVerifier(algorithm);
  return [...events].flatMap(check);
};

/** Checks the chains of every hazard of a store's global log; returns every break. */
export const verifyAll = async (
  events: AsyncIterable<StoredHazardEvent>,
  algorithm: HashAlgorithm = DEFAULT_HASH_ALGORITHM,
): Promise<ChainBreak[]> => {
  const check = chainVerifier(algorithm);
  const breaks: ChainBreak[] = [];
  for await (const e of events) breaks.push(...check(e));
  return breaks;
};
