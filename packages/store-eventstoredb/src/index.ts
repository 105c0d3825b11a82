/**
 * @packageDocumentation
 * The hazard ledger's event store on EventStoreDB (22.6+) and KurrentDB, through
 * `@eventstore/db-client`: one stream per hazard, revisions equal to the server's,
 * `WrongExpectedVersion` as the core's concurrency error, idempotency through event ids
 * derived from command ids, `$all` positions as order-preserving bigints, and subscriptions
 * that resume after a drop.
 */
export {
  type EventStoreDBEventStore,
  type EventStoreDBEventStoreOptions,
  connectEventStoreDBEventStore,
  getEventStoreDBEventStore,
} from "./eventStoreDBEventStore.js";
export {
  EventStoreDBServerVersionError,
  MINIMUM_SERVER_VERSION,
  checkServerVersion,
  serverVersionOf,
} from "./serverVersion.js";
export { DEFAULT_MAX_APPEND_SIZE, chunkByCommand, serverEventSize } from "./appendSize.js";
export {
  type EventStoreDBClientFactory,
  type EventStoreDBClientOptions,
  type EventStoreDBConnection,
  connect,
  defaultClientFactory,
  toEsdbScheme,
  withClientOptions,
} from "./connection.js";
export type { AllSubscriptionSeam, EventStoreDBClientSeam } from "./clientSeam.js";
export { decodePosition, encodePosition } from "./positions.js";
export {
  expectedRevisionFromServer,
  expectedRevisionToServer,
  revisionFromServer,
  revisionToServer,
  streamRevisionFromServer,
  streamRevisionToServer,
} from "./revisions.js";
export { COMMAND_EVENT_ID_NAMESPACE, EVENT_ID_NAMESPACE, serverEventId } from "./eventIds.js";
export {
  EventStoreDBDataError,
  isStreamNotFoundError,
  isWrongExpectedVersionError,
  wrongExpectedRevisionFromServer,
} from "./errors.js";
export { DEFAULT_STREAM_PREFIX, hazardIdOfStream, streamNameOf } from "./streamNames.js";
export type { ResubscribeOptions } from "./subscription.js";
