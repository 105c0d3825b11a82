import { type CliIo, RejectedError } from "../io.js";
import { openForWrite } from "../storeLocation.js";

export interface InitFlags {
  readonly store?: string;
  /** `--tz` as given; undefined: the default zone. */
  readonly tz: string | undefined;
}

/**
 * `init`: creates an empty ledger that keeps its time zone (and sha256) for life. A path that
 * already holds a ledger is left as it is (exit 1).
 */
export const initCommand = async (io: CliIo, flags: InitFlags): Promise<number> => {
  const opened = await openForWrite(flags.store, io, { tz: undefined, createdBy: "init" });
  try {
    const hasEvents = async (): Promise<boolean> => {
      for await (const _ of opened.store.readAll()) return true;
      return false;
    };
    if (opened.settings !== undefined || (await hasEvents()))
      throw new RejectedError(
        `init: ${opened.where} already holds a ledger` +
          (opened.settings !== undefined ? ` (time zone ${opened.settings.timeZone})` : "") +
          `; nothing was changed`,
      );
    const asked = { ...opened.ledger, ...(flags.tz !== undefined ? { timeZone: flags.tz } : {}) };
    const kept = await opened.store.initLedger(asked);
    if (kept.createdAt !== asked.createdAt)
      throw new RejectedError(`init: another process created the ledger at ${opened.where} meanwhile`);
    io.stdout.write(
      `created an empty ledger at ${opened.where} (time zone ${kept.timeZone}, hash ${kept.hashAlgorithm})\n`,
    );
    return 0;
  } finally {
    await opened.store.close();
  }
};
