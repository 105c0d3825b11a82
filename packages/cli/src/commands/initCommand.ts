import { type HashAlgorithm, checkHashAlgorithm } from "@hazard-ledger/core";
import { isLeft } from "fp-ts/lib/Either.js";
import { type CliIo, RejectedError } from "../io.js";
import { openForWrite } from "../storeLocation.js";

export interface InitFlags {
  readonly store?: string;
  /** `--tz` as given; undefined: the default zone. */
  readonly tz: string | undefined;
  /** `--hash`: the algorithm of the ledger's hash chains and digest; default sha256. */
  readonly hash?: HashAlgorithm;
}

/**
 * `init`: creates an empty ledger that keeps its time zone and hash algorithm (sha256, or sm3
 * with `--hash sm3`) for life. A path that already holds a ledger is left as it is (exit 1);
 * an algorithm this Node.js lacks is refused before anything is created (exit 1).
 */
export const initCommand = async (io: CliIo, flags: InitFlags): Promise<number> => {
  if (flags.hash !== undefined) {
    const available = checkHashAlgorithm(flags.hash);
    if (isLeft(available)) throw new RejectedError(`init --hash ${flags.hash}: ${available.left.message}`);
  }
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
    const asked = {
      ...opened.ledger,
      ...(flags.tz !== undefined ? { timeZone: flags.tz } : {}),
      ...(flags.hash !== undefined ? { hashAlgorithm: flags.hash } : {}),
    };
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
