import { CURRENT_SCHEMA_VERSIONS, type NewHazardEvent, type StoredHazardEvent } from "@hazard-ledger/core";
import { GENESIS_HASH, sealEvent } from "@hazard-ledger/core/store-kit";

/**
 * `events` sealed in the order given, as a store would: each hazard's next seq, chained to its
 * previous hash, at the current schema version. An event without `recordedAt` is stamped
 * `recordedAt` (the seal's default). The core seals them, so what a test compares them with is
 * checked against the core, not against a copy of its rules.
 */
export const sealInOrder = (
  events: readonly NewHazardEvent[],
  recordedAt = "2024-01-01T00:00:00Z",
): StoredHazardEvent[] => {
  const tips = new Map<string, { seq: number; hash: string }>();
  return events.map((event) => {
    const tip = tips.get(event.hazardId) ?? { seq: -1, hash: GENESIS_HASH };
    const sealed = sealEvent(event, {
      seq: tip.seq + 1,
      recordedAt,
      prevHash: tip.hash,
      schemaVersion: CURRENT_SCHEMA_VERSIONS[event.type],
    });
    tips.set(event.hazardId, { seq: sealed.seq, hash: sealed.hash });
    return sealed;
  });
};
