import { type EventStore, getInMemoryEventStore } from "@hazard-ledger/core";
import * as E from "fp-ts/lib/Either.js";
import { type InvalidLocation, type StoreLocation, parseStoreLocation } from "./storeLocation.js";

/** Why no store was opened. */
export type OpenStoreError =
  | InvalidLocation
  | {
      /** The location needs a store package that is not installed. */
      readonly code: "STORE_NOT_INSTALLED";
      readonly package: string;
      readonly message: string;
    }
  | {
      /** The store refused to open (a path that is no ledger, a lock held too long...). */
      readonly code: "OPEN_FAILED";
      readonly message: string;
      /** The store's own error, with its own `code` where it has one. */
      readonly cause: unknown;
    };

/** What every store takes; each store's own options are set by opening it directly. */
export interface OpenStoreOptions {
  /** The clock that stamps `recordedAt` where a caller gives none; default the system clock. */
  readonly now?: () => Date;
  /** `read`: a file store opens only an existing ledger and never writes; default `write`. */
  readonly mode?: "read" | "write";
}

const STORE_FILE = "@hazard-ledger/store-file";
const STORE_EVENTSTOREDB = "@hazard-ledger/store-eventstoredb";

const isMissing = (e: unknown, pkg: string): boolean =>
  e instanceof Error && (e as { code?: unknown }).code === "ERR_MODULE_NOT_FOUND" && e.message.includes(pkg);

const notInstalled = (pkg: string, location: StoreLocation): OpenStoreError => ({
  code: "STORE_NOT_INSTALLED",
  package: pkg,
  message: `a ${location.kind === "file" ? "directory" : "connection string"} opens with ${pkg}: install it (npm install ${pkg})`,
});

const failed = (e: unknown): OpenStoreError => ({
  code: "OPEN_FAILED",
  message: e instanceof Error ? e.message : String(e),
  cause: e,
});

const opened = async (location: StoreLocation, options: OpenStoreOptions): Promise<EventStore> => {
  const clock = options.now !== undefined ? { now: options.now } : {};
  switch (location.kind) {
    case "memory":
      return getInMemoryEventStore(clock);
    case "file": {
      const { openFileEventStore } = await import("@hazard-ledger/store-file");
      return openFileEventStore(location.dir, {
        ...clock,
        ...(options.mode !== undefined ? { mode: options.mode } : {}),
      });
    }
    case "eventstoredb": {
      const { getEventStoreDBEventStore } = await import("@hazard-ledger/store-eventstoredb");
      return getEventStoreDBEventStore({ connectionString: location.connection }, clock);
    }
  }
};

/**
 * Opens the store a location names, the same way for all three: `memory:` (the in-memory
 * store), a directory (the embedded file store, created on first write), or an `esdb://` /
 * `kurrentdb://` connection string (EventStoreDB 22.6+ or KurrentDB). Each store's package
 * is loaded only when a location asks for it, so an application installs only the stores it
 * uses (`@hazard-ledger/store-file`, `@hazard-ledger/store-eventstoredb`).
 *
 * ```ts
 * const opened = await openStore(process.env.LEDGER ?? ".hazard-ledger");
 * if (E.isLeft(opened)) throw new Error(opened.left.message);
 * const handle = hazardCommandHandler(opened.right);
 * ```
 */
export const openStore = async (
  location: string,
  options: OpenStoreOptions = {},
): Promise<E.Either<OpenStoreError, EventStore>> => {
  const parsed = parseStoreLocation(location);
  if (E.isLeft(parsed)) return parsed;
  const pkg = parsed.right.kind === "file" ? STORE_FILE : STORE_EVENTSTOREDB;
  try {
    return E.right(await opened(parsed.right, options));
  } catch (e) {
    return E.left(isMissing(e, pkg) ? notInstalled(pkg, parsed.right) : failed(e));
  }
};
