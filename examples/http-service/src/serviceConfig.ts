import { DEFAULT_TIME_ZONE, type EventStore, isTimeZone } from "@hazard-ledger/core";
import { openStore } from "@hazard-ledger/open-store";
import * as E from "fp-ts/lib/Either.js";

/** Where the service keeps its ledger and where it listens. */
export interface ServiceConfig {
  /** A directory (the embedded file store) or `memory:` (gone when the process ends). */
  readonly store: string;
  readonly host: string;
  readonly port: number;
  readonly timeZone: string;
}

/** The CLI's default store, so the service can serve a ledger built with `hazard-ledger demo`. */
export const DEFAULT_STORE = ".hazard-ledger";

/**
 * The configuration from the command line and the environment: the store is the first
 * argument, else `HAZARD_LEDGER_STORE`, else `./.hazard-ledger`; `PORT` (default 8080),
 * `HOST` (default 127.0.0.1), `HAZARD_LEDGER_TZ` (default Asia/Shanghai).
 */
export const serviceConfig = (
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): E.Either<string, ServiceConfig> => {
  if (argv.length > 1) return E.left(`usage: main.js [STORE_DIR | memory:] (got ${argv.length} arguments)`);
  const portText = env["PORT"] ?? "8080";
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535)
    return E.left(`PORT: ${JSON.stringify(portText)} is not a port number (0-65535)`);
  const timeZone = env["HAZARD_LEDGER_TZ"] ?? DEFAULT_TIME_ZONE;
  if (!isTimeZone(timeZone))
    return E.left(`HAZARD_LEDGER_TZ: ${JSON.stringify(timeZone)} is not an IANA time zone`);
  return E.right({
    store: argv[0] ?? env["HAZARD_LEDGER_STORE"] ?? DEFAULT_STORE,
    host: env["HOST"] ?? "127.0.0.1",
    port,
    timeZone,
  });
};

/**
 * Opens the store a configuration names: a directory, `memory:`, or an `esdb://` connection
 * string (with `@hazard-ledger/store-eventstoredb` installed). A refusal is one line.
 */
// #region open
export const openConfiguredStore = async (location: string): Promise<EventStore> => {
  const opened = await openStore(location);
  if (E.isLeft(opened)) throw new Error(opened.left.message);
  return opened.right;
};
// #endregion open
