import { closeSync, fsyncSync, linkSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import * as path from "node:path";
import { type LedgerSettings } from "@hazard-ledger/core";
import { decodeLedgerSettings, removeStaleTemporaries } from "@hazard-ledger/core/store-kit";

/** The ledger's manifest: its settings for life, as one JSON object. */
export const MANIFEST_FILE = "ledger.json";

/** The manifest is unreadable or says something this program cannot honour. */
export class LedgerManifestError extends Error {
  override readonly name = "LedgerManifestError";
  readonly code = "BAD_MANIFEST";
  constructor(
    readonly file: string,
    why: string,
  ) {
    super(`${file}: ${why}`);
  }
}

/** Makes a new file's name durable. Windows cannot open a directory for that; it needs not. */
export const fsyncDirectory = (dir: string): void => {
  if (process.platform === "win32") return;
  const fd = openSync(dir, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
};

/** The ledger's settings, or undefined when the directory has no manifest (yet). */
export const readLedgerManifest = (dir: string): LedgerSettings | undefined => {
  const file = path.join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new LedgerManifestError(file, "is not JSON (the ledger's settings are damaged)");
  }
  const settings = decodeLedgerSettings(parsed);
  if (typeof settings === "string") throw new LedgerManifestError(file, settings);
  return settings;
};

/**
 * Writes the manifest once, durably and atomically: a temporary file written and fsync'd, then
 * hard-linked to its name, which fails if a manifest is there already (so two processes that
 * create one ledger at once agree on the first), then the directory fsync'd. Answers the
 * settings the ledger has now: the given ones, or those written before.
 */
export const writeLedgerManifestOnce = (dir: string, settings: LedgerSettings): LedgerSettings => {
  const file = path.join(dir, MANIFEST_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  removeStaleTemporaries(file);
  const fd = openSync(tmp, "w");
  try {
    const text = Buffer.from(JSON.stringify(settings, null, 2) + "\n");
    let done = 0;
    while (done < text.length) done += writeSync(fd, text, done, text.length - done, done);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(tmp, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    const kept = readLedgerManifest(dir);
    if (kept !== undefined) return kept;
    throw e;
  } finally {
    unlinkSync(tmp);
  }
  fsyncDirectory(dir);
  return settings;
};

/** A write names other ledger rules (zone, hash) than the ledger keeps; nothing was written. */
export class LedgerSettingsConflictError extends Error {
  override readonly name = "LedgerSettingsConflictError";
  readonly code = "LEDGER_SETTINGS_CONFLICT";
  constructor(
    readonly dir: string,
    readonly kept: LedgerSettings,
    readonly asked: LedgerSettings,
  ) {
    super(
      kept.timeZone !== asked.timeZone
        ? `the ledger at ${dir} keeps time zone ${kept.timeZone}; a write in ${asked.timeZone} is refused (leave out --tz, or use another ledger)`
        : `the ledger at ${dir} keeps hash ${kept.hashAlgorithm}; a write with ${asked.hashAlgorithm} is refused`,
    );
  }
}
