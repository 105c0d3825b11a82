import { type EventData, type Position, jsonEvent } from "@eventstore/db-client";
import {
  type RecordedHazardEvent,
  type StoredHazardEvent,
  StoredHazardEvent as StoredHazardEventCodec,
  formatErrors,
} from "@hazard-ledger/core";
import * as E from "fp-ts/lib/Either.js";
import { EventStoreDBDataError } from "./errors.js";
import { encodePosition, isKnownPosition } from "./positions.js";
import { revisionFromServer } from "./revisions.js";
import { hazardIdOfStream } from "./streamNames.js";

/** The metadata stored beside each event: enough to check a chain without parsing the data. */
export interface HazardEventMetadata {
  readonly seq: number;
  readonly hash: string;
  readonly prevHash: string;
  readonly commandId?: string;
}

/**
 * A sealed event as the server stores it: a JSON event of the event's type whose data is the
 * whole stored event (the interchange envelope, hash chain included), under the given id.
 */
export const toServerEvent = (event: StoredHazardEvent, id: string): EventData => {
  const metadata: HazardEventMetadata = {
    seq: event.seq,
    hash: event.hash,
    prevHash: event.prevHash,
    ...(event.commandId !== undefined ? { commandId: event.commandId } : {}),
  };
  return jsonEvent({ id, type: event.type, data: { ...event }, metadata: { ...metadata } });
};

/** The part of a recorded server event the adapter reads. */
export interface ServerRecordedEvent {
  readonly streamId: string;
  readonly revision: bigint;
  readonly type: string;
  readonly isJson: boolean;
  readonly data: unknown;
  readonly position?: Position;
  /** When the server committed the event: the store's commit time. */
  readonly created?: Date;
}

/**
 * A recorded server event of a hazard's stream as the store contract's recorded event: the
 * stored envelope decoded, checked against where the server says it is (its stream is its
 * hazard, its revision is its seq), and its `$all` position encoded.
 *
 * `known` is the event as this adapter just sealed and wrote it: when the server's copy has
 * its hash and revision, it is that event (a hash commits to every field), and the costly
 * decoding is skipped; when not (the server kept another writer's copy), it is decoded.
 */
export const fromServerEvent = (
  recorded: ServerRecordedEvent,
  prefix: string,
  known?: StoredHazardEvent,
): RecordedHazardEvent => {
  const where = `EventStoreDB stream ${recorded.streamId} revision ${recorded.revision}`;
  const hazardId = hazardIdOfStream(prefix, recorded.streamId);
  if (hazardId === undefined)
    throw new EventStoreDBDataError(`${where}: not a hazard stream (its name does not start with ${prefix})`);
  if (!isKnownPosition(recorded.position))
    throw new EventStoreDBDataError(
      `${where}: the server sent no $all position with the event (stream reads carry one from EventStoreDB 22.6 on; use 22.6+ or KurrentDB)`,
    );
  const position = encodePosition(recorded.position);
  const commit = recorded.created === undefined ? {} : { committedAt: recorded.created.toISOString() };
  if (
    known !== undefined &&
    known.hazardId === hazardId &&
    BigInt(known.seq) === recorded.revision &&
    recorded.isJson &&
    typeof recorded.data === "object" &&
    recorded.data !== null &&
    (recorded.data as { hash?: unknown }).hash === known.hash
  )
    return { ...known, position, ...commit };
  if (!recorded.isJson) throw new EventStoreDBDataError(`${where}: the event is not JSON`);
  const decoded = StoredHazardEventCodec.decode(recorded.data);
  if (E.isLeft(decoded))
    throw new EventStoreDBDataError(`${where}: not a stored hazard event: ${formatErrors(decoded.left)}`);
  const event = decoded.right;
  if (event.hazardId !== hazardId)
    throw new EventStoreDBDataError(`${where}: the event is of hazard ${event.hazardId}, not ${hazardId}`);
  if (event.type !== recorded.type)
    throw new EventStoreDBDataError(
      `${where}: the data is a ${event.type}, the server's event type ${recorded.type}`,
    );
  const revision = revisionFromServer(recorded.revision, where);
  if (event.seq !== revision)
    throw new EventStoreDBDataError(
      `${where}: the event's seq is ${event.seq}, not its revision ${revision}`,
    );
  return { ...event, position, ...commit };
};
