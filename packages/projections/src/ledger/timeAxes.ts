import { Instant, formatErrors } from "@hazard-ledger/core";
import { type Either, left, right } from "fp-ts/lib/Either.js";
import { type ProjectionError, projectionError } from "../projectionError.js";
import { parseInstantMillis } from "../time/instantMillis.js";

/**
 * The two time axes of a question (domain.md, Time), both optional:
 * - `asOf` T: business time. Events with occurredAt ≤ T are kept, and deadlines are judged
 *   at T ("what was true at T").
 * - `knownAt` K: system time. Events with recordedAt ≤ K are kept ("what did the ledger say
 *   at K").
 * Both at once keep events satisfying both.
 */
export interface TimeAxes {
  readonly asOf?: string | null;
  readonly knownAt?: string | null;
}

/**
 * Where a fold stops, in epoch milliseconds (`Infinity` when an axis is open).
 *
 * Each stream is folded as a prefix: at its first event beyond either limit the stream is
 * cut and none of its later events is folded. On `asOf` that is the same as filtering
 * (occurredAt never decreases within a stream); on `knownAt` it is what a store that only
 * ever held the events recorded ≤ K would hold, since a stream is written in seq order.
 */
export interface Cutoff {
  readonly asOfMillis: number;
  readonly knownAtMillis: number;
}

/** No cut: every event is folded. */
export const NO_CUTOFF: Cutoff = { asOfMillis: Infinity, knownAtMillis: Infinity };

/** Decodes an optional instant option, naming the option when it is malformed. */
export const decodeOptionalInstant = (
  name: string,
  value: string | null | undefined,
): Either<ProjectionError, string | null> => {
  if (value === undefined || value === null) return right(null);
  const decoded = Instant.decode(value);
  return decoded._tag === "Left"
    ? left(projectionError("INVALID_OPTION", `${name}: ${formatErrors(decoded.left)}`))
    : right(decoded.right);
};

/** The cutoff of validated axes. */
export const cutoffOf = (asOf: string | null, knownAt: string | null): Cutoff => ({
  asOfMillis: asOf === null ? Infinity : parseInstantMillis(asOf),
  knownAtMillis: knownAt === null ? Infinity : parseInstantMillis(knownAt),
});
