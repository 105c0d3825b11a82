import { ErrorType, StreamNotFoundError, WrongExpectedVersionError } from "@eventstore/db-client";
import { type ExpectedRevision, type WrongExpectedRevision } from "@hazard-ledger/core";
import { wrongExpectedRevision } from "@hazard-ledger/core/store-kit";
import { streamRevisionFromServer } from "./revisions.js";
import { EventStoreDBServerVersionError } from "./serverVersion.js";

/**
 * An event in a hazard's stream the adapter cannot read back as a hazard event (not JSON,
 * not the contract's envelope, a seq that is not its revision...). The store is corrupt or
 * shared with another writer; this is a store failure, not an expected error.
 */
export class EventStoreDBDataError extends Error {
  override readonly name = "EventStoreDBDataError";
}

const errorType = (error: unknown): unknown =>
  typeof error === "object" && error !== null && "type" in error ? error.type : undefined;

// The `type` tag as well as `instanceof`: two copies of the client in one process (a user's
// and ours) have distinct classes but the same tags.
/** True for the client's WrongExpectedVersionError. */
export const isWrongExpectedVersionError = (error: unknown): error is WrongExpectedVersionError =>
  error instanceof WrongExpectedVersionError || errorType(error) === ErrorType.WRONG_EXPECTED_VERSION;

/** True for the client's StreamNotFoundError (reading a stream that has no event). */
export const isStreamNotFoundError = (error: unknown): error is StreamNotFoundError =>
  error instanceof StreamNotFoundError || errorType(error) === ErrorType.STREAM_NOT_FOUND;

/**
 * The server's WrongExpectedVersionError as the core's concurrency error. `expected` is what
 * the caller of the store asked for; the actual revision is the server's, where
 * `actualVersion: "no_stream"` becomes `actual: "no_stream"` and a bigint the same number.
 */
export const wrongExpectedRevisionFromServer = (
  error: WrongExpectedVersionError,
  hazardId: string,
  expected: ExpectedRevision,
): WrongExpectedRevision =>
  wrongExpectedRevision(
    hazardId,
    expected,
    streamRevisionFromServer(error.actualVersion, `stream ${error.streamName}`),
  );

/**
 * Whether a dropped subscription is worth resubscribing: everything but errors that will
 * not go away by trying again (access denied, a bad argument, data this adapter cannot read).
 */
export const isRetryableSubscriptionError = (error: unknown): boolean => {
  if (
    error instanceof EventStoreDBDataError ||
    error instanceof EventStoreDBServerVersionError ||
    error instanceof RangeError ||
    error instanceof TypeError
  )
    return false;
  const type = errorType(error);
  return (
    type !== ErrorType.ACCESS_DENIED && type !== ErrorType.INVALID_ARGUMENT && type !== ErrorType.UNSUPPORTED
  );
};
