import { type BaseOptions, NO_STREAM, type ResolvedEvent, jsonEvent } from "@eventstore/db-client";
import { type LedgerSettings } from "@hazard-ledger/core";
import { decodeLedgerSettings } from "@hazard-ledger/core/store-kit";
import type { EventStoreDBClientSeam } from "./clientSeam.js";
import { readToEnd } from "./clientReads.js";
import { isStreamNotFoundError, isWrongExpectedVersionError } from "./errors.js";

/** The event type of the one event of the settings stream. */
const SETTINGS_EVENT = "LedgerSettings";

/**
 * The stream that keeps a ledger's settings: one event, written with `no_stream` so the first
 * writer wins. Its name does not start with the hazards' prefix, so reads of the log skip it.
 */
export const settingsStreamOf = (prefix: string): string => `settings@${prefix}`;

/** The settings the ledger keeps, or undefined when none were written. */
export const readLedgerSettings = async (
  client: EventStoreDBClientSeam,
  prefix: string,
  callOptions: BaseOptions = {},
): Promise<LedgerSettings | undefined> => {
  let first: ResolvedEvent | undefined;
  try {
    // Read to its end, never left early: a read left early keeps the client from closing.
    [first] = await readToEnd(client.readStream(settingsStreamOf(prefix), { ...callOptions, maxCount: 1 }));
  } catch (error) {
    if (isStreamNotFoundError(error)) return undefined;
    throw error;
  }
  if (first === undefined) return undefined;
  const settings = decodeLedgerSettings(first.event?.data);
  if (typeof settings === "string")
    throw new Error(`EventStoreDB stream ${settingsStreamOf(prefix)}: the ledger's settings: ${settings}`);
  return settings;
};

/** Keeps `settings` once (the first writer wins); answers the settings kept now. */
export const initLedgerSettings = async (
  client: EventStoreDBClientSeam,
  prefix: string,
  settings: LedgerSettings,
): Promise<LedgerSettings> => {
  try {
    await client.appendToStream(
      settingsStreamOf(prefix),
      [jsonEvent({ type: SETTINGS_EVENT, data: { ...settings } })],
      { expectedRevision: NO_STREAM },
    );
    return settings;
  } catch (error) {
    if (!isWrongExpectedVersionError(error)) throw error;
    const kept = await readLedgerSettings(client, prefix);
    if (kept === undefined) throw error;
    return kept;
  }
};
