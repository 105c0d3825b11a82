/**
 * @packageDocumentation
 * The hazard ledger core: the event and command codecs of the interchange contract, the
 * hazard decider, the command handler, the event store contract with its in-memory store,
 * the per-hazard hash chain, and event-log import and export. Pure: no clock, file or network
 * is touched here except by the stores, and time comes in as an argument.
 *
 * Two subpaths hold what most embedders never need: `@hazard-ledger/core/digest` (the
 * ledger digest, Merkle proofs and signatures, for auditors) and
 * `@hazard-ledger/core/store-kit` (the helpers an author of a store or a read model needs).
 */

/** Events of the interchange contract: codecs of their data, envelopes and log lines; types derived from them. */
export {
  NewHazardEvent,
  StoredHazardEvent,
  type RecordedHazardEvent,
  type HazardEventBody,
  type HazardEventOf,
  type EventExtension,
  EventLogEnvelope,
} from "./events/hazardEvent.js";
export {
  eventDataCodecs,
  type EventDataCodecs,
  type EventData,
  type HazardEventType,
  Unit,
  NoticeKind,
  EnforcementAction,
  VoidReason,
} from "./events/eventData.js";
export { type DecodedLogLine, decodeEventLogLine, toEventLogLine } from "./events/eventLogLine.js";
export {
  CURRENT_SCHEMA_VERSIONS,
  type Upcaster,
  type UpcasterRegistry,
  defaultUpcasters,
} from "./upcasting/schemaVersions.js";

/** Commands: what an actor asks of a hazard, one per event type. */
export {
  HazardCommandCodec,
  type HazardCommand,
  type HazardCommandOf,
  type HazardCommandType,
  type HazardCommandInput,
  type WorkingDayDeadlineCommand,
  HAZARD_COMMAND_TYPES,
} from "./commands/hazardCommand.js";
export { commandOfEvent } from "./commands/commandOfEvent.js";

/** The contract's vocabulary and codec building blocks (each enumeration codec lists its `values`). */
export {
  Actor,
  type Role,
  GovLevel,
  govLevelRank,
  HazardLevel,
  HazardSource,
  HazardCategory,
  RegionCode,
  NonEmptyString,
  NonNegativeInteger,
  oneOf,
} from "./codecs/primitives.js";
export { struct, type StructOptions, type StructType } from "./codecs/struct.js";
export { formatErrors } from "./codecs/formatErrors.js";

/** Time: instants (RFC 3339 with an offset), calendar dates in the ledger's zone, working days. */
export { Instant, instantMillis, localDateOf, isTimeZone } from "./time/instant.js";
export { CalendarDate } from "./time/calendarDate.js";
export {
  type WorkingDayCalendar,
  type WorkingDayCounter,
  type WorkingDayError,
  workingDayCounter,
  weekdayCalendar,
} from "./time/workingDays.js";

/** The decider: decide a command against a hazard's state, fold its events. */
export { type Decider } from "./decider/decider.js";
export { hazardDecider } from "./decider/hazardDecider.js";
export { type DecideContext, DEFAULT_TIME_ZONE, decideContext } from "./decider/decide.js";
export { replay, type EvolvableEvent } from "./decider/evolve.js";
export { HazardStatus, type HazardState, type Supervision, type Completion } from "./decider/hazardState.js";
export { type DomainError, DomainErrorCode, formatDomainError } from "./decider/domainError.js";
/** Who may do what: the default policy of domain.md, and the parts to build your own. */
export {
  type AuthorizationPolicy,
  type PolicyRules,
  type PolicyVerdict,
  type CommandRule,
  defaultPolicy,
  defaultPolicyRules,
  policyFromRules,
  permit,
  refuse,
} from "./decider/policy.js";

/** Handling a command: load the stream, decide, append, retry on contention. */
export {
  hazardCommandHandler,
  type HazardCommandHandler,
  type HazardCommandResult,
} from "./handling/hazardCommandHandler.js";
export type {
  CommandHandler,
  CommandResult,
  CommandHandlingError,
  HandledCommand,
  RetryExhausted,
} from "./handling/commandHandler.js";

/** The event store contract, and the in-memory store. */
export type {
  EventStore,
  ExpectedRevision,
  StreamRevision,
  AppendError,
  WrongExpectedRevision,
  InvalidAppend,
  CommandIdReused,
  BackfillRefused,
  WriteOptions,
  AppendOptions,
  AppendResult,
  StreamAppend,
  StreamAppendSource,
  BatchResult,
  ReadStreamOptions,
  ReadAllOptions,
  EventSubscription,
} from "./store/eventStore.js";
export type { StoreDigest, StoreDigestError, DigestBeyondLog } from "./store/storeDigest.js";
export { getInMemoryEventStore, type InMemoryEventStoreOptions } from "./store/inMemoryEventStore.js";
export { LedgerSettings, type LedgerCreator } from "./store/ledgerSettings.js";

/** The per-hazard hash chain and the ledger's hash algorithm. */
export { type ChainBreak, verifyStream, verifyAll } from "./hashing/hashChain.js";
export {
  HashAlgorithm,
  DEFAULT_HASH_ALGORITHM,
  checkHashAlgorithm,
  type HashAlgorithmUnavailable,
} from "./digest/hashAlgorithm.js";

/** Event logs (NDJSON): import, a dry-run check, and the bytes they are read from. */
export {
  importEventLog,
  type ImportError,
  type ImportLineCode,
  type ImportOptions,
  type ImportSummary,
} from "./import/importEventLog.js";
export { checkEventLog, type EventLogCheck } from "./import/checkEventLog.js";
export {
  utf8Lines,
  type Utf8LinesOptions,
  TextInputError,
  type TextInputErrorCode,
} from "./text/utf8Lines.js";
export { decodeUtf8 } from "./text/utf8Text.js";
