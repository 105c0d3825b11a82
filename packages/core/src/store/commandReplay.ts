import { hash as digest } from "node:crypto";
import * as E from "fp-ts/lib/Either.js";
import type { NewHazardEvent } from "../events/hazardEvent.js";
import { canonicalJson } from "../hashing/canonicalEvent.js";
import { isFrozenEvent } from "../hashing/deepFreeze.js";
import type { CommandIdReused } from "./eventStore.js";

/**
 * What of an event a repeated command must repeat exactly: its hazard, type, occurredAt (as
 * written), actor, data and ext. Not `recordedAt` (a retry is recorded later), nor the seq,
 * hashes and schema version a store assigns, nor `eventId`, which only names the event.
 */
export type EventContent = Pick<
  NewHazardEvent,
  "hazardId" | "type" | "occurredAt" | "actor" | "data" | "ext"
>;

const contentOf = (e: EventContent): unknown[] => [
  e.hazardId,
  e.type,
  e.occurredAt,
  e.actor,
  e.data,
  e.ext ?? null,
];

/**
 * The fingerprint of each frozen event taken alone: an import takes it to know the event's
 * command, and the store it appends to takes it again for the same object.
 */
const fingerprintsOfFrozen = new WeakMap<EventContent, string>();

/**
 * A digest of the content ({@link EventContent}) of a command's events, in order: two lists of
 * events are the same command's exactly when their fingerprints are equal. Key order does not
 * count (canonical JSON, RFC 8785). An event frozen all the way down (`deepFreeze`) keeps its
 * own fingerprint, so asking again for it alone costs nothing.
 */
export const commandFingerprint = (events: readonly EventContent[]): string => {
  const only = events.length === 1 ? events[0] : undefined;
  const frozen = only !== undefined && isFrozenEvent(only);
  const kept = frozen ? fingerprintsOfFrozen.get(only) : undefined;
  if (kept !== undefined) return kept;
  const fingerprint = digest("sha256", canonicalJson(events.map(contentOf)) ?? "", "base64url");
  if (frozen) fingerprintsOfFrozen.set(only, fingerprint);
  return fingerprint;
};

/**
 * Keeps beside a frozen event the fingerprint of it alone, computed elsewhere (an import's line
 * worker takes it ahead of the thread that checks the lines), so that
 * {@link commandFingerprint} answers it without hashing. `fingerprint` must be what
 * `commandFingerprint([event])` computes; the caller answers for that.
 */
export const keepFingerprint = (event: EventContent, fingerprint: string): void => {
  if (isFrozenEvent(event)) fingerprintsOfFrozen.set(event, fingerprint);
};

/**
 * True when `events` repeat a command exactly: each carries `commandId`, and in order they are
 * the events `stored` under it ({@link commandFingerprint}).
 */
export const isRepeatOf = (
  events: readonly NewHazardEvent[],
  commandId: string,
  storedFingerprint: string,
): boolean =>
  events.every((e) => e.commandId === commandId) && commandFingerprint(events) === storedFingerprint;

/** The error of a commandId already stored in the stream with other events. */
export const commandIdReused = (hazardId: string, commandId: string): CommandIdReused => ({
  code: "COMMAND_ID_REUSED",
  message: `${hazardId}: commandId ${JSON.stringify(commandId)} is already stored with a different event (only an identical repeat is a no-op)`,
  hazardId,
  commandId,
});

/** How an append relates to the commands its stream already holds. */
export type CommandCheck = { readonly kind: "new" } | { readonly kind: "replay"; readonly commandId: string };

/** What {@link checkCommandIds} asks of a stream about a commandId. */
export interface StoredCommands {
  /** True when the stream holds events under `commandId` (committed, or staged earlier in the batch). */
  has(commandId: string): boolean;
  /** The {@link commandFingerprint} of the events the stream holds under `commandId`. */
  fingerprint(commandId: string): string;
}

/**
 * The rule every store applies to the commandIds of an append (see `EventStore.appendToStream`):
 * - its first event's commandId is in the stream: a replay when the append repeats that
 *   command exactly ({@link isRepeatOf}), else COMMAND_ID_REUSED;
 * - else a commandId of any of its events that is in the stream is COMMAND_ID_REUSED;
 * - else the append is new.
 */
export const checkCommandIds = (
  hazardId: string,
  events: readonly NewHazardEvent[],
  stored: StoredCommands,
): E.Either<CommandIdReused, CommandCheck> => {
  const first = events[0]?.commandId;
  if (first !== undefined && stored.has(first))
    return isRepeatOf(events, first, stored.fingerprint(first))
      ? E.right({ kind: "replay", commandId: first })
      : E.left(commandIdReused(hazardId, first));
  for (const e of events)
    if (e.commandId !== undefined && e.commandId !== first && stored.has(e.commandId))
      return E.left(commandIdReused(hazardId, e.commandId));
  return E.right({ kind: "new" });
};
