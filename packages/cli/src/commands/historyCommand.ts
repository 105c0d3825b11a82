import type { RecordedHazardEvent } from "@hazard-ledger/core";
import { type CliIo, RejectedError } from "../io.js";
import { openForRead } from "../storeLocation.js";

const actorText = (e: RecordedHazardEvent): string => {
  const a = e.actor;
  const where = [a.org, a.level].filter((x) => x !== undefined).join(", ");
  return `${a.role} ${a.id}${where === "" ? "" : ` (${where})`}`;
};

// The data fields worth a glance on a timeline, in the order a reader looks for them.
const DETAIL_KEYS = [
  "title",
  "level",
  "to",
  "deadline",
  "newDeadline",
  "scope",
  "authority",
  "authorityLevel",
  "noticeNo",
  "responsibleUnit",
  "measures",
  "longTerm",
  "kind",
  "action",
  "fineFen",
  "reason",
  "comment",
  "note",
] as const;

const detailText = (e: RecordedHazardEvent): string => {
  const data = e.data as Record<string, unknown>;
  return DETAIL_KEYS.filter((k) => data[k] !== undefined)
    .map((k) => `${k}=${typeof data[k] === "string" ? data[k] : JSON.stringify(data[k])}`)
    .join(" ");
};

/**
 * `history ID`: the hazard's timeline, one event a line, with both times (when it happened,
 * when it was recorded) and who did it.
 */
export const historyCommand = async (
  io: CliIo,
  hazardId: string,
  flags: { readonly store?: string; readonly format: "text" | "json" },
): Promise<number> => {
  const opened = await openForRead(flags.store, io);
  try {
    const events = await opened.store.readStream(hazardId);
    if (events.length === 0) throw new RejectedError(`history: no hazard ${hazardId} in the store`);
    if (flags.format === "json") {
      io.stdout.write(
        JSON.stringify(
          events.map((e) => ({
            seq: e.seq,
            type: e.type,
            occurredAt: e.occurredAt,
            recordedAt: e.recordedAt,
            actor: e.actor,
            data: e.data,
          })),
        ) + "\n",
      );
      return 0;
    }
    io.stdout.write(`${hazardId}\n`);
    for (const e of events) {
      io.stdout.write(
        `#${e.seq}  occurred ${e.occurredAt}  recorded ${e.recordedAt}  ${e.type}  by ${actorText(e)}` +
          `${detailText(e) === "" ? "" : `  ${detailText(e)}`}\n`,
      );
    }
    return 0;
  } finally {
    await opened.store.close();
  }
};
