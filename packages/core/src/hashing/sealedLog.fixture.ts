import type { HashAlgorithm } from "../digest/hashAlgorithm.js";
import { GENESIS_HASH, type NewHazardEvent, type StoredHazardEvent } from "../events/hazardEvent.js";
import { sealEvent } from "./hashChain.js";

/** A progress note on a hazard: the smallest event that needs no state. */
export const progressNote = (hazardId: string, note: string): NewHazardEvent => ({
  hazardId,
  type: "ProgressReported",
  occurredAt: "2023-03-02T09:30:00+08:00",
  actor: { id: "u-1001", role: "inspector", org: "区应急管理局", level: "county" },
  data: { note },
});

/**
 * A global log of `rounds` rounds over `hazards` hazards (HZ-0, HZ-1, …), one event each per
 * round, sealed with `algorithm` as a store would seal them (omitted: the store default).
 */
export const sealedLog = (
  hazards: number,
  rounds: number,
  algorithm?: HashAlgorithm,
): StoredHazardEvent[] => {
  const tips = new Map<string, string>();
  const log: StoredHazardEvent[] = [];
  for (let seq = 0; seq < rounds; seq++)
    for (let h = 0; h < hazards; h++) {
      const hazardId = `HZ-${h}`;
      const event = sealEvent(progressNote(hazardId, `round ${seq}`), {
        seq,
        recordedAt: "2023-03-02T01:00:00.000Z",
        prevHash: tips.get(hazardId) ?? GENESIS_HASH,
        schemaVersion: 1,
        ...(algorithm === undefined ? {} : { hashAlgorithm: algorithm }),
      });
      tips.set(hazardId, event.hash);
      log.push(event);
    }
  return log;
};
