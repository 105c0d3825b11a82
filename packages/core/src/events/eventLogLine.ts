import * as E from "fp-ts/lib/Either.js";
import { pipe } from "fp-ts/lib/function.js";
import { REFUSED, fastDecoder } from "../codecs/fastDecoder.js";
import { formatErrors } from "../codecs/formatErrors.js";
import {
  CURRENT_SCHEMA_VERSIONS,
  type UpcasterRegistry,
  defaultUpcasters,
  upcast,
} from "../upcasting/schemaVersions.js";
import { type HazardEventType, eventDataCodecs, isHazardEventType } from "./eventData.js";
import { EventLogEnvelope, HazardEventBody, type NewHazardEvent } from "./hazardEvent.js";

/** A decoded line of an event log, its data brought up to the current schema. */
export interface DecodedLogLine {
  readonly event: NewHazardEvent;
  /** The line's `seq`, when it gives one: it must match the position it lands at. */
  readonly seq?: number;
  /** The schema version the line was written in (current when absent). */
  readonly schemaVersion: number;
  readonly prevHash?: string;
  readonly hash?: string;
}

/**
 * Decodes one parsed line of an event log (import): the envelope, then the data upcast
 * from the line's schema version and decoded by its type. The error is one line naming the
 * field and why (`data.deadline: "2023-02-30" is not a real calendar date`).
 */
export const decodeEventLogLine = (
  u: unknown,
  upcasters: UpcasterRegistry = defaultUpcasters,
): E.Either<string, DecodedLogLine> => {
  const fast = decodeCurrentLine(u);
  return fast !== undefined ? E.right(fast) : decodeEventLogLineByCodecs(u, upcasters);
};

const fastEnvelope = fastDecoder(EventLogEnvelope);
const fastData = Object.fromEntries(
  Object.entries(eventDataCodecs).map(([type, codec]) => [type, fastDecoder<unknown>(codec)]),
) as Record<HazardEventType, (u: unknown) => unknown>;

/**
 * The hot path of {@link decodeEventLogLine}: a line in its type's current schema that the
 * codecs accept, decoded without io-ts (see {@link fastDecoder}) into the very value the
 * codecs give; undefined for every other line, which the codecs then decode or refuse.
 */
const decodeCurrentLine = (u: unknown): DecodedLogLine | undefined => {
  const env = fastEnvelope(u);
  if (env === REFUSED || !isHazardEventType(env.type)) return undefined;
  const type = env.type;
  const version = CURRENT_SCHEMA_VERSIONS[type];
  if (env.schemaVersion !== undefined && env.schemaVersion !== version) return undefined;
  if (env.data === undefined) return undefined;
  const data = fastData[type](env.data);
  if (data === REFUSED) return undefined;
  return lineOf(env, { type, data } as HazardEventBody, version);
};

/**
 * The decoded line of an envelope and its body, keys in the order the codecs give them.
 * Written key by key rather than with conditional spreads: this runs for every line of an
 * import, and each spread of a literal is an object built and thrown away.
 */
const lineOf = (env: EventLogEnvelope, body: HazardEventBody, version: number): DecodedLogLine => {
  const event: Record<string, unknown> = {
    type: body.type,
    data: body.data,
    hazardId: env.hazardId,
    occurredAt: env.occurredAt,
    actor: env.actor,
  };
  if (env.recordedAt !== undefined) event["recordedAt"] = env.recordedAt;
  if (env.eventId !== undefined) event["eventId"] = env.eventId;
  if (env.commandId !== undefined) event["commandId"] = env.commandId;
  if (env.ext !== undefined) event["ext"] = env.ext;
  const line: { -readonly [K in keyof DecodedLogLine]: DecodedLogLine[K] } = {
    event: event as NewHazardEvent,
    schemaVersion: version,
  };
  if (env.seq !== undefined) line.seq = env.seq;
  if (env.prevHash !== undefined) line.prevHash = env.prevHash;
  if (env.hash !== undefined) line.hash = env.hash;
  return line;
};

/**
 * {@link decodeEventLogLine} by the codecs alone: the contract, the source of its messages, and
 * what its hot path is proved equal to.
 */
export const decodeEventLogLineByCodecs = (
  u: unknown,
  upcasters: UpcasterRegistry = defaultUpcasters,
): E.Either<string, DecodedLogLine> =>
  pipe(
    EventLogEnvelope.decode(u),
    E.mapLeft(formatErrors),
    E.chain((env) => {
      if (!isHazardEventType(env.type))
        return E.left(`type: ${JSON.stringify(env.type)} is not an event type`);
      const type = env.type;
      const version = env.schemaVersion ?? CURRENT_SCHEMA_VERSIONS[type];
      return pipe(
        upcast(type, version, env.data, upcasters),
        E.mapLeft((why) => `schemaVersion: ${why}`),
        E.chain((data) => pipe(HazardEventBody.decode({ type, data }), E.mapLeft(formatErrors))),
        E.map((body) => lineOf(env, body, version)),
      );
    }),
  );

/**
 * A stored event as an event-log line, its keys in the contract's order (the hash does not
 * depend on key order: it is computed over canonical JSON).
 */
export const toEventLogLine = (e: {
  hazardId: string;
  seq: number;
  type: string;
  occurredAt: string;
  recordedAt: string;
  actor: unknown;
  data: unknown;
  ext?: Readonly<Record<string, unknown>>;
  eventId?: string;
  commandId?: string;
  schemaVersion: number;
  prevHash: string;
  hash: string;
}): string =>
  JSON.stringify({
    hazardId: e.hazardId,
    seq: e.seq,
    type: e.type,
    occurredAt: e.occurredAt,
    recordedAt: e.recordedAt,
    actor: e.actor,
    data: e.data,
    ...(e.ext !== undefined ? { ext: e.ext } : {}),
    ...(e.eventId !== undefined ? { eventId: e.eventId } : {}),
    ...(e.commandId !== undefined ? { commandId: e.commandId } : {}),
    schemaVersion: e.schemaVersion,
    prevHash: e.prevHash,
    hash: e.hash,
  });
