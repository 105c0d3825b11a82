/**
 * @packageDocumentation
 * `openStore(location)`: one call for the three event stores of the hazard ledger. The store
 * packages are optional peer dependencies, loaded only when a location names them, so an
 * application that keeps its ledger in a directory never installs the EventStoreDB client.
 */

/** Opening a store by its location. */
export { openStore, type OpenStoreError, type OpenStoreOptions } from "./openStore.js";
/** Reading a location without opening anything (for a command line's usage errors, say). */
export { parseStoreLocation, type StoreLocation, type InvalidLocation } from "./storeLocation.js";
