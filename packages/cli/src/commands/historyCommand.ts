import { hazardDecider } from "@hazard-ledger/core";
import type { Lang } from "@hazard-ledger/projections";
import { type CliIo, RejectedError } from "../io.js";
import { openForRead, zoneOf } from "../storeLocation.js";
import { historyLine } from "./historyText.js";

/**
 * `history ID`: the hazard's timeline, one event a line, with its times (when it happened,
 * when it was recorded, when the store committed it; a backfill says so), who did it, the status after it and every field (money in 元), in
 * English (the default, as before) or Chinese (`--lang zh`).
 */
export const historyCommand = async (
  io: CliIo,
  hazardId: string,
  flags: {
    readonly store?: string;
    readonly format: "text" | "json";
    readonly lang?: Lang;
    readonly tz?: string;
  },
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
            ...(e.committedAt !== undefined ? { committedAt: e.committedAt } : {}),
            ...(e.backfill === true ? { backfill: true } : {}),
            actor: e.actor,
            data: e.data,
          })),
        ) + "\n",
      );
      return 0;
    }
    io.stdout.write(`${hazardId}\n`);
    // The state after each event, to show its status: one hazard's history is short.
    let after = hazardDecider.initialState;
    for (const e of events) {
      after = hazardDecider.evolve(after, e);
      io.stdout.write(`${historyLine(e, after, zoneOf(opened, flags.tz), flags.lang ?? "en")}\n`);
    }
    return 0;
  } finally {
    await opened.store.close();
  }
};
