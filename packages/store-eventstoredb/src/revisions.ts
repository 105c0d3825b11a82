import {
  ANY,
  type AppendExpectedRevision,
  type CurrentRevision,
  NO_STREAM,
  STREAM_EXISTS,
} from "@eventstore/db-client";
import type { ExpectedRevision, StreamRevision } from "@hazard-ledger/core";

const MAX_REVISION = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * A server stream revision as the store contract's revision. They are the same number:
 * EventStoreDB revisions are 0-based like the core's seqs, so there is no offset to apply.
 * Fails for a revision beyond `Number.MAX_SAFE_INTEGER`, which a `number` cannot hold exactly.
 */
export const revisionFromServer = (revision: bigint, where: string): number => {
  if (revision < 0n || revision > MAX_REVISION)
    throw new RangeError(`${where}: server revision ${revision} is not a revision this store can hold`);
  return Number(revision);
};

/** A core revision as the server's (a bigint of the same value). */
export const revisionToServer = (revision: number): bigint => BigInt(revision);

/**
 * The server's legacy ExpectedVersion numbers, which a WrongExpectedVersionError built from
 * gRPC trailers (rather than from an append response) carries as negative bigints.
 */
const LEGACY_NO_STREAM = -1n;
const LEGACY_ANY = -2n;
const LEGACY_STREAM_EXISTS = -4n;

/** The core's expected revision as the one `appendToStream` takes. */
export const expectedRevisionToServer = (expected: ExpectedRevision): AppendExpectedRevision => {
  switch (expected) {
    case "any":
      return ANY;
    case "no_stream":
      return NO_STREAM;
    case "stream_exists":
      return STREAM_EXISTS;
    default:
      return revisionToServer(expected);
  }
};

/** The server's expected revision (as a WrongExpectedVersionError reports it) as the core's. */
export const expectedRevisionFromServer = (
  expected: AppendExpectedRevision,
  where: string,
): ExpectedRevision => {
  if (expected === ANY || expected === LEGACY_ANY) return "any";
  if (expected === NO_STREAM || expected === LEGACY_NO_STREAM) return "no_stream";
  if (expected === STREAM_EXISTS || expected === LEGACY_STREAM_EXISTS) return "stream_exists";
  if (typeof expected === "bigint") return revisionFromServer(expected, where);
  throw new RangeError(`${where}: ${String(expected)} is not an expected revision`);
};

/**
 * The server's current revision of a stream as the core's. `no_stream` stays the string
 * `no_stream` (it is never passed to `BigInt`), and so does the legacy `-1`.
 */
export const streamRevisionFromServer = (current: CurrentRevision, where: string): StreamRevision =>
  current === NO_STREAM || current === LEGACY_NO_STREAM ? "no_stream" : revisionFromServer(current, where);

/** The core's stream revision as the server's current revision (an exact expected revision). */
export const streamRevisionToServer = (revision: StreamRevision): CurrentRevision =>
  revision === "no_stream" ? NO_STREAM : revisionToServer(revision);
