import * as t from "io-ts";
import { Actor, HazardId, NonEmptyString, NonNegativeInteger, Sha256Hex } from "../codecs/primitives.js";
import { struct } from "../codecs/struct.js";
import { Instant } from "../time/instant.js";
import { type EventData, type HazardEventType, eventDataCodecs, isHazardEventType } from "./eventData.js";

/** The typed part of an event: its `type` and the `data` of that type. */
export type HazardEventBody = {
  [K in HazardEventType]: { type: K; data: EventData<K> };
}[HazardEventType];

/** The body of the event of type `K`. */
export type HazardEventOf<K extends HazardEventType> = Extract<HazardEventBody, { type: K }>;

const isRecord = (u: unknown): u is Record<string, unknown> =>
  typeof u === "object" && u !== null && !Array.isArray(u);

/**
 * Decodes `{type, data}`: the type must be one of the 16, and the data is decoded by that
 * type's codec, so an error names the field of the right type instead of 16 union branches.
 */
export const HazardEventBody = new t.Type<HazardEventBody, HazardEventBody, unknown>(
  "HazardEventBody",
  (u): u is HazardEventBody =>
    isRecord(u) && isHazardEventType(u["type"]) && eventDataCodecs[u["type"]].is(u["data"]),
  (u, c) => {
    if (!isRecord(u)) return t.failure(u, c, "must be a JSON object");
    const type = u["type"];
    if (type === undefined)
      return t.failure(undefined, [...c, { key: "type", type: t.string, actual: undefined }], "is required");
    if (!isHazardEventType(type))
      return t.failure(
        type,
        [...c, { key: "type", type: t.string, actual: type }],
        `${JSON.stringify(type)} is not an event type`,
      );
    const codec: t.Decoder<unknown, unknown> = eventDataCodecs[type];
    const data = u["data"];
    const dataContext = [...c, { key: "data", type: codec, actual: data }];
    if (data === undefined) return t.failure(undefined, dataContext, "is required");
    const decoded = codec.validate(data, dataContext);
    return decoded._tag === "Left" ? decoded : t.success({ type, data: decoded.right } as HazardEventBody);
  },
  t.identity,
);

/**
 * The envelope's `ext`: an embedder's own fields, any JSON object, stored, hashed and exported
 * exactly as given. The contract is closed everywhere else (an unknown field is refused), so
 * this is where fields the contract does not name go.
 */
export const EventExtension = t.UnknownRecord;
export type EventExtension = t.TypeOf<typeof EventExtension>;

/** The keys the event body ({@link HazardEventBody}) decodes, beside the envelope's. */
const BODY_KEYS = ["type", "data"] as const;

/**
 * An event the decider produces and a store is asked to append. A store adds `seq`,
 * `recordedAt` (unless given: an import keeps the original), `schemaVersion` and the hash chain.
 */
export const NewHazardEvent = t.intersection(
  [
    HazardEventBody,
    struct(
      "NewHazardEventEnvelope",
      { hazardId: HazardId, occurredAt: Instant, actor: Actor },
      { recordedAt: Instant, eventId: NonEmptyString, commandId: NonEmptyString, ext: EventExtension },
      { siblingKeys: BODY_KEYS },
    ),
  ],
  "NewHazardEvent",
);
export type NewHazardEvent = t.TypeOf<typeof NewHazardEvent>;

/** The all-zero hash that stands before the first event of every hazard's chain. */
export const GENESIS_HASH = "0".repeat(64);

/** An event as stored and exported: the envelope of the interchange contract, complete. */
export const StoredHazardEvent = t.intersection(
  [
    HazardEventBody,
    struct(
      "StoredHazardEventEnvelope",
      {
        hazardId: HazardId,
        seq: NonNegativeInteger,
        occurredAt: Instant,
        recordedAt: Instant,
        actor: Actor,
        schemaVersion: NonNegativeInteger,
        prevHash: Sha256Hex,
        hash: Sha256Hex,
      },
      { eventId: NonEmptyString, commandId: NonEmptyString, ext: EventExtension },
      { siblingKeys: BODY_KEYS },
    ),
  ],
  "StoredHazardEvent",
);
export type StoredHazardEvent = t.TypeOf<typeof StoredHazardEvent>;

/**
 * A stored event as a store returns it: with its global `position`, a store-specific,
 * totally ordered bigint (0-based index of the global log in the memory and file stores),
 * and what the store knows of the transaction that wrote it. None of these is part of the
 * event-log line (export leaves them out) nor of the event's hash.
 */
export type RecordedHazardEvent = StoredHazardEvent & {
  readonly position: bigint;
  /**
   * The store-assigned commit time of the event's transaction (UTC, RFC 3339): never
   * decreasing in log order. Absent only for events a file store wrote before commit times
   * were kept.
   */
  readonly committedAt?: string;
  /**
   * True when the event was written as a backfill: its `recordedAt` lies before the commit
   * time of the ledger's previous transaction, so it amends what earlier known-at views showed.
   */
  readonly backfill?: true;
};

/**
 * The envelope of a line of an event log (NDJSON) on import: everything but the typed
 * body, which is decoded after upcasting from the line's `schemaVersion`.
 */
export const EventLogEnvelope = struct(
  "EventLogLine",
  { hazardId: HazardId, type: t.string, occurredAt: Instant, actor: Actor, data: t.unknown },
  {
    seq: NonNegativeInteger,
    recordedAt: Instant,
    eventId: NonEmptyString,
    commandId: NonEmptyString,
    schemaVersion: NonNegativeInteger,
    prevHash: Sha256Hex,
    hash: Sha256Hex,
    ext: EventExtension,
  },
);
export type EventLogEnvelope = t.TypeOf<typeof EventLogEnvelope>;
