import { HazardId } from "../codecs/primitives.js";
import type { NewHazardEvent } from "../events/hazardEvent.js";
import type { ExpectedRevision, InvalidAppend, StreamRevision, WrongExpectedRevision } from "./eventStore.js";

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
