import { resolve } from "node:path";
import { type EventStore, getInMemoryEventStore } from "@hazard-ledger/core";
import { type ChainBreak, verifyAll } from "@hazard-ledger/core";
import { openFileEventStore } from "@hazard-ledger/store-file";
import { UsageError } from "./io.js";

/** Where the default embedded store lives, relative to the working directory. */
export const DEFAULT_STORE_DIR = ".hazard-ledger";

/** An open store and how to check it. */
export interface OpenedStore {
  readonly store: EventStore;
  readonly kind: "file" | "memory" | "eventstoredb";
  /** Every problem found (checksums, hash chains), as one-line messages naming hazard and seq. */
  verify(): Promise<string[]>;
}

const chainMessages = (breaks: readonly ChainBreak[]): string[] => breaks.map((b) => b.message);

/**
 * Opens the store that `--store` names: a directory (the embedded file store, the default),
 * `memory:` (an empty in-memory store, for trying things), or an `esdb://` / `kurrentdb://`
 * connection string. The EventStoreDB client is loaded only when asked for: it is large.
 */
export const openStore = async (
  spec: string | undefined,
  cwd: string,
  now: () => Date,
): Promise<OpenedStore> => {
  const location = spec ?? DEFAULT_STORE_DIR;
  if (location === "memory:") {
    const store = getInMemoryEventStore({ now });
    return { store, kind: "memory", verify: async () => chainMessages(await verifyAll(store.readAll())) };
  }
  if (/^(esdb|esdb\+discover|kurrentdb|kurrentdb\+discover|kurrent|kurrent\+discover):\/\//.test(location)) {
    const { getEventStoreDBEventStore } = await import("@hazard-ledger/store-eventstoredb");
    const store = getEventStoreDBEventStore({ connectionString: location }, { now });
    return {
      store,
      kind: "eventstoredb",
      verify: async () => chainMessages(await verifyAll(store.readAll())),
    };
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(location) && !/^[a-z]:[\\/]/i.test(location))
    throw new UsageError(
      `--store: ${JSON.stringify(location)} is not a directory, "memory:" or an esdb:// connection string`,
    );
  const store = await openFileEventStore(resolve(cwd, location), { now });
  return {
    store,
    kind: "file",
    verify: async () => (await store.verify()).breaks.map((b) => b.message),
  };
};
