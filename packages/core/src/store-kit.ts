/**
 * @packageDocumentation
 * `@hazard-ledger/core/store-kit`: what an author of an event store or of a read model needs
 * and an embedder does not. Every store seals events, checks appends and pages its reads
 * with these, so the stores mean the same by every word of the `EventStore` contract.
 */
/** Sealing: the canonical JSON of an event, its hash, and its place in its hazard's chain. */
export { GENESIS_HASH } from "./events/hazardEvent.js";
export { type UnhashedEvent, type Seal, hashEvent, sealEvent } from "./hashing/hashChain.js";
export { canonicalEventJson } from "./hashing/canonicalEvent.js";
export { upcast } from "./upcasting/schemaVersions.js";

/** Checks of an append, alike in every store: shape, expected revision, command ids, backfill. */
export {
  checkAppendShape,
  matchesExpectedRevision,
  wrongExpectedRevision,
  invalidAppend,
  nextCommitTime,
  isBackfill,
  refusedBackfill,
} from "./store/appendChecks.js";
export {
  type EventContent,
  type CommandCheck,
  type StoredCommands,
  commandFingerprint,
  isRepeatOf,
  commandIdReused,
  checkCommandIds,
} from "./store/commandReplay.js";
export {
  type CommandHashes,
  NO_COMMAND_HASHES,
  commandIdHash,
  commandHashValue,
  withCommandHash,
} from "./store/commandHashes.js";
export { type ReadRange, readRange } from "./store/readRange.js";
export { type CommandSpan, commandSpan, spanFrom, spanTo } from "./store/commandSpan.js";
export { decodeLedgerSettings, sameLedgerRules } from "./store/ledgerSettings.js";

/** Store plumbing: batches pulled from a source, catch-up subscriptions, errors as rejections. */
export { type BatchPull, pullBatch, BatchTally } from "./store/batchSource.js";
export { type CatchUpSource, catchUpSubscription } from "./store/catchUpSubscription.js";
export { settle } from "./store/settle.js";

/** The ledger digest a store keeps: its Merkle frontier, kept up as events commit. */
export {
  FrontierKeeper,
  digestBeyondLog,
  digestSize,
  frontierOfPrefix,
  storeDigestOf,
} from "./store/storeDigest.js";

/** Read models: the mutable fold step `replay` runs, for a fold that keeps its own copies. */
export { applyEvent } from "./decider/evolve.js";
export { effectiveDeadline } from "./decider/hazardState.js";
export { localDateAt } from "./time/instant.js";
export { HAZARD_EVENT_TYPES } from "./events/eventData.js";

/** Files beside a store or a read model: the temporaries of writers that died mid-save, and whether a writer lives. */
export { removeStaleTemporaries, isProcessAlive } from "./store/staleTemporaries.js";

/** An import's lines prepared ahead on another thread (parsed, decoded, fingerprinted, sealed), then imported in order. */
export {
  type PreparedLine,
  type PreparedEvent,
  type PreparedSeal,
  type RefusedLine,
  type UnreadableLine,
  type LinePreparerOptions,
  linePreparer,
  preparedLineBatches,
} from "./import/preparedLine.js";
export { importPreparedLines } from "./import/importEventLog.js";
