import { HazardId } from "../codecs/primitives.js";
import type { NewHazardEvent } from "../events/hazardEvent.js";
import { instantMillis } from "../time/instant.js";
import type {
  BackfillRefused,
  ExpectedRevision,
  InvalidAppend,
  StreamRevision,
  WriteOptions,
  WrongExpectedRevision,
} from "./eventStore.js";

/** True when a stream at `actual` satisfies `expected`. */
export const matchesExpectedRevision = (expected: ExpectedRevision, actual: StreamRevision): boolean => {
  switch (expected) {
    case "any":
      return true;
    case "no_stream":
      return actual === "no_stream";
    case "stream_exists":
      return actual !== "no_stream";
    default:
      return actual === expected;
  }
};

const describeRevision = (r: StreamRevision): string =>
  r === "no_stream" ? "has no events (no_stream)" : `is at revision ${r}`;

/** The error of an append whose expected revision the stream does not match. */
export const wrongExpectedRevision = (
  hazardId: string,
  expected: ExpectedRevision,
  actual: StreamRevision,
): WrongExpectedRevision => ({
  code: "WRONG_EXPECTED_REVISION",
  message: `${hazardId}: expected revision ${String(expected)}, but the stream ${describeRevision(actual)}`,
  hazardId,
  expected,
  actual,
});

/** The error of a malformed append. */
export const invalidAppend = (hazardId: string, why: string): InvalidAppend => ({
  code: "INVALID_APPEND",
  message: `${hazardId}: ${why}`,
  hazardId,
});

/**
 * What every store checks before it looks at a stream: a valid stream name, a non-empty
 * list of events all of that hazard, and an expected revision that is a revision at all.
 * Returns the problem, or `undefined` when the append is well formed.
 */
export const checkAppendShape = (
  hazardId: string,
  events: readonly NewHazardEvent[],
  expected: ExpectedRevision,
): InvalidAppend | undefined => {
  if (!HazardId.is(hazardId))
    return invalidAppend(hazardId, `${JSON.stringify(hazardId)} is not a hazard id`);
  if (events.length === 0) return invalidAppend(hazardId, "an append needs at least one event");
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    if (e === undefined || e.hazardId !== hazardId)
      return invalidAppend(
        hazardId,
        `events[${i}].hazardId is ${JSON.stringify(e?.hazardId)}, not the stream's hazard`,
      );
  }
  if (typeof expected === "number" && !(Number.isSafeInteger(expected) && expected >= 0))
    return invalidAppend(
      hazardId,
      `expected revision ${expected} is not a revision (a whole number ≥ 0, or no_stream/stream_exists/any)`,
    );
  if (
    typeof expected !== "number" &&
    expected !== "any" &&
    expected !== "no_stream" &&
    expected !== "stream_exists"
  )
    return invalidAppend(hazardId, `expected revision ${JSON.stringify(expected)} is not a revision`);
  return undefined;
};

/**
 * The commit time of the next transaction (ms since the epoch): the store's clock, unless it
 * went back behind the last commit, whose time is used again so that commit times never
 * decrease in log order.
 */
export const nextCommitTime = (clock: Date, lastCommitMs: number | undefined): number => {
  const now = clock.getTime();
  if (!Number.isSafeInteger(now))
    throw new RangeError(`the store's clock gave an invalid time (${String(clock)})`);
  return lastCommitMs === undefined || now >= lastCommitMs ? now : lastCommitMs;
};

/** True when `event` brings a `recordedAt` before the ledger's last commit time. */
export const isBackfill = (event: NewHazardEvent, lastCommitMs: number | undefined): boolean =>
  lastCommitMs !== undefined &&
  event.recordedAt !== undefined &&
  instantMillis(event.recordedAt) < lastCommitMs;

/**
 * The refusal of an append one of whose events is a backfill ({@link isBackfill}) when the
 * write did not allow backfills; `undefined` when it may go ahead. `firstSeq` is the seq the
 * first event would get.
 */
export const refusedBackfill = (
  hazardId: string,
  firstSeq: number,
  events: readonly NewHazardEvent[],
  lastCommitMs: number | undefined,
  options: WriteOptions,
): BackfillRefused | undefined => {
  if (options.backfill === true || lastCommitMs === undefined) return undefined;
  const i = events.findIndex((e) => isBackfill(e, lastCommitMs));
  if (i < 0) return undefined;
  const recordedAt = (events[i] as NewHazardEvent).recordedAt as string;
  const lastCommittedAt = new Date(lastCommitMs).toISOString();
  return {
    code: "BACKFILL_REFUSED",
    message:
      `${hazardId} seq ${firstSeq + i}: recordedAt ${recordedAt} is before the ledger's last commit ` +
      `${lastCommittedAt}; writing it would change earlier known-at views (allow it as a backfill)`,
    hazardId,
    seq: firstSeq + i,
    recordedAt,
    lastCommittedAt,
  };
};
