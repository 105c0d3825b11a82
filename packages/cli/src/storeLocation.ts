import { resolve } from "node:path";
import { type StoreLocation, parseStoreLocation } from "@hazard-ledger/open-store";
import * as E from "fp-ts/lib/Either.js";
import { isLeft } from "fp-ts/lib/Either.js";
import {
  DEFAULT_HASH_ALGORITHM,
  DEFAULT_TIME_ZONE,
  type EventStore,
  checkHashAlgorithm,
  type LedgerCreator,
  type LedgerSettings,
  getInMemoryEventStore,
  verifyAll,
} from "@hazard-ledger/core";
import {
  type FileEventStore,
  inspectLedgerPath,
  openFileEventStore,
  readLedgerManifest,
  verifyStoreDirectory,
} from "@hazard-ledger/store-file";
import { type CliIo, RejectedError, UsageError } from "./io.js";

/** Where the default embedded store lives, relative to the working directory. */
export const DEFAULT_STORE_DIR = ".hazard-ledger";

/** How long a write waits for another process's writer lock by default (seconds). */
export const DEFAULT_LOCK_TIMEOUT_S = 10;

/** An open store and how to check it. */
export interface OpenedStore {
  readonly store: EventStore;
  readonly kind: "file" | "memory" | "eventstoredb";
  /** The store as the user should read it in messages (an absolute directory for the file store). */
  readonly where: string;
  /** The ledger's settings when it was opened (undefined: none kept, e.g. a ledger older than them). */
  readonly settings: LedgerSettings | undefined;
  /**
   * Every problem found (checksums, hash chains, a torn tail), as one-line messages naming
   * hazard and seq. Reads only: a torn tail is reported, never cut.
   */
  verify(): Promise<string[]>;
}

/** A store opened to write, and the settings its writes keep. */
export interface OpenedWriteStore extends OpenedStore {
  /** The rules this write runs under: the ledger's zone, or the new ledger's. */
  readonly ledger: LedgerSettings;
  /**
   * After a write that stored events: makes sure the ledger keeps its settings (the file store
   * has written them already, before its first commit; the others write them now).
   */
  keepSettings(): Promise<void>;
}

/** What `--store` names; a usage error for what can never name a store. */
export const storeLocation = (spec: string | undefined, cwd: string): StoreLocation => {
  const location = spec ?? DEFAULT_STORE_DIR;
  const parsed = parseStoreLocation(location);
  if (E.isLeft(parsed))
    throw new UsageError(
      parsed.left.reason === "empty"
        ? `--store: an empty path names no ledger (leave --store out for ${DEFAULT_STORE_DIR})`
        : `--store: ${parsed.left.message}`,
    );
  return parsed.right.kind === "file" ? { kind: "file", dir: resolve(cwd, parsed.right.dir) } : parsed.right;
};

/** `--lock-timeout` or `HAZARD_LEDGER_LOCK_TIMEOUT` (seconds) in milliseconds. */
export const lockTimeoutMs = (io: CliIo, flag?: string): number => {
  const given = flag ?? io.env["HAZARD_LEDGER_LOCK_TIMEOUT"];
  if (given === undefined) return DEFAULT_LOCK_TIMEOUT_S * 1000;
  const s = Number(given);
  if (given.trim() === "" || !Number.isFinite(s) || s < 0 || s > 86_400)
    throw new UsageError(
      `--lock-timeout: ${JSON.stringify(given)} is not a number of seconds from 0 to 86400`,
    );
  return Math.round(s * 1000);
};

/** Every hazard's chain, its hashes recomputed with the ledger's algorithm. */
const chainsOf = async (store: EventStore): Promise<string[]> =>
  (
    await verifyAll(store.readAll(), (await store.ledgerSettings())?.hashAlgorithm ?? DEFAULT_HASH_ALGORITHM)
  ).map((b) => b.message);

/** What `verify` of the file store finds: breaks, and a torn tail, which is never cut here. */
const fileProblems = async (store: FileEventStore): Promise<string[]> => {
  const report = await verifyStoreDirectory(store.dir);
  const problems = report.breaks.map((b) => b.message);
  const torn = report.tornTail;
  if (torn !== undefined)
    problems.push(
      `segment ${torn.segment} has ${torn.bytes} bytes after its last commit (offset ${torn.offset}): ` +
        `a write that never completed (its process was killed or the machine stopped: the next write ` +
        `cuts it back, nothing in it was acknowledged), or committed data cut short; nothing was repaired`,
    );
  return problems;
};

const esdbStore = async (connection: string, io: CliIo): Promise<EventStore> => {
  const { getEventStoreDBEventStore } = await import("@hazard-ledger/store-eventstoredb");
  return getEventStoreDBEventStore({ connectionString: connection }, { now: io.now });
};

/**
 * Opens an existing ledger to read it. Never creates, repairs or writes anything: a path with
 * no ledger is a `LedgerPathError` (`no ledger at PATH`, exit 1; a file, exit 2); a torn tail
 * is read past, not cut; no lock is taken and no saved index written.
 */
export const openForRead = async (spec: string | undefined, io: CliIo): Promise<OpenedStore> => {
  const location = storeLocation(spec, io.cwd);
  switch (location.kind) {
    case "memory": {
      const store = getInMemoryEventStore({ now: io.now });
      return { store, kind: "memory", where: "memory:", settings: undefined, verify: () => chainsOf(store) };
    }
    case "eventstoredb": {
      const store = await esdbStore(location.connection, io);
      return {
        store,
        kind: "eventstoredb",
        where: location.connection,
        settings: await store.ledgerSettings(),
        verify: () => chainsOf(store),
      };
    }
    case "file": {
      const store = await openFileEventStore(location.dir, { now: io.now, mode: "read" });
      try {
        return {
          store,
          kind: "file",
          where: location.dir,
          settings: await store.ledgerSettings(),
          verify: () => fileProblems(store),
        };
      } catch (e) {
        await store.close();
        throw e;
      }
    }
  }
};

/** What a write asks of the ledger. */
export interface WriteIntent {
  /** `--tz` as given; undefined when the user gave none (the ledger's zone, else the default). */
  readonly tz: string | undefined;
  /** The command that would create the ledger. */
  readonly createdBy: LedgerCreator;
  /** `--lock-timeout` as given. */
  readonly lockTimeout?: string;
}

/**
 * Opens a store to write into it. Where there is no ledger yet, nothing is created by the
 * open: the first commit creates it (file store), keeping `intent.tz` (else the default zone)
 * and sha256. A `--tz` that differs from the zone the ledger keeps is refused here, and again
 * by the file store at commit (against a ledger created meanwhile by another process).
 */
export const openForWrite = async (
  spec: string | undefined,
  io: CliIo,
  intent: WriteIntent,
): Promise<OpenedWriteStore> => {
  const location = storeLocation(spec, io.cwd);
  const timeoutMs = lockTimeoutMs(io, intent.lockTimeout);
  const ledgerFor = (kept: LedgerSettings | undefined): LedgerSettings => {
    if (kept !== undefined && intent.tz !== undefined && intent.tz !== kept.timeZone)
      throw new RejectedError(
        `the ledger at ${where} keeps time zone ${kept.timeZone}; a write in --tz ${intent.tz} is refused ` +
          `(leave out --tz, or use another ledger)`,
      );
    return (
      kept ?? {
        timeZone: intent.tz ?? DEFAULT_TIME_ZONE,
        hashAlgorithm: "sha256",
        createdBy: intent.createdBy,
        createdAt: io.now().toISOString(),
      }
    );
  };
  const where =
    location.kind === "file" ? location.dir : location.kind === "memory" ? "memory:" : location.connection;
  const opened = async (
    store: EventStore,
    kind: OpenedStore["kind"],
    verify: () => Promise<string[]>,
    settings: LedgerSettings | undefined,
  ): Promise<OpenedWriteStore> => {
    try {
      const ledger = ledgerFor(settings);
      // Checked before anything is written: a write would seal every event with it.
      const available = checkHashAlgorithm(ledger.hashAlgorithm);
      if (isLeft(available)) throw new RejectedError(available.left.message);
      return {
        store,
        kind,
        where,
        settings,
        ledger,
        verify,
        keepSettings: async () => {
          if (settings === undefined) await store.initLedger(ledger);
        },
      };
    } catch (e) {
      await store.close();
      throw e;
    }
  };
  switch (location.kind) {
    case "memory": {
      const store = getInMemoryEventStore({ now: io.now });
      return opened(store, "memory", () => chainsOf(store), undefined);
    }
    case "eventstoredb": {
      const store = await esdbStore(location.connection, io);
      return opened(store, "eventstoredb", () => chainsOf(store), await store.ledgerSettings());
    }
    case "file": {
      // The settings are read first so that the store can be told which to keep.
      const kept =
        inspectLedgerPath(location.dir).kind === "ledger" ? readLedgerManifest(location.dir) : undefined;
      const ledger = ledgerFor(kept);
      const store = await openFileEventStore(location.dir, {
        now: io.now,
        mode: "write",
        ledger,
        lockTimeoutMs: timeoutMs,
      });
      return opened(store, "file", () => fileProblems(store), kept);
    }
  }
};

/** The zone a query counts in: `--tz` when given, else the ledger's, else the default. */
export const zoneOf = (opened: OpenedStore, tz: string | undefined): string =>
  tz ?? opened.settings?.timeZone ?? DEFAULT_TIME_ZONE;
