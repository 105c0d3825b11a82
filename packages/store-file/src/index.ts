/**
 * @packageDocumentation
 * The embedded durable event store of the hazard ledger: a directory of append-only
 * segment files of framed, checksummed records, group-committed with fdatasync, one writer
 * at a time across processes, a per-hazard index, and `verify` for checksums and hash chains.
 */
export {
  type FileEventStore,
  type FileEventStoreOptions,
  type FileEventStoreStats,
  openFileEventStore,
} from "./store/fileEventStore.js";
export { type CorruptionSite, StoreCorruptError } from "./store/errors.js";
export type { VerifyBreak, VerifyBreakReason, VerifyReport } from "./verify/verifyStore.js";
export { verifyStoreDirectory } from "./verify/verifyStore.js";
export { LockTimeoutError, type LockOwner } from "./lock/writerLock.js";
export {
  LedgerManifestError,
  LedgerSettingsConflictError,
  MANIFEST_FILE,
  readLedgerManifest,
} from "./store/ledgerManifest.js";
export {
  LedgerPathError,
  type LedgerPathProblem,
  type LedgerPathState,
  inspectLedgerPath,
} from "./store/ledgerPath.js";
