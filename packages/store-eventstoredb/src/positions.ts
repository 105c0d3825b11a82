import type { Position } from "@eventstore/db-client";

const U64_MAX = (1n << 64n) - 1n;

/**
 * An `$all` position, commit and prepare, as the single bigint the store contract's
 * `position` is: `(commit << 64n) | prepare`.
 *
 * Both halves are unsigned 64-bit on the server, so the encoding is lossless, and since the
 * commit half dominates, comparing encoded positions as bigints orders them exactly as the
 * server orders `$all` (by commit, then by prepare).
 */
export const encodePosition = (position: Position): bigint => {
  const { commit, prepare } = position;
  if (commit < 0n || commit > U64_MAX || prepare < 0n || prepare > U64_MAX)
    throw new RangeError(
      `EventStoreDB position {commit: ${commit}, prepare: ${prepare}} is out of range (each half must be an unsigned 64-bit integer)`,
    );
  return (commit << 64n) | prepare;
};

/** The `$all` position an encoded position stands for: the inverse of {@link encodePosition}. */
export const decodePosition = (position: bigint): Position => {
  if (position < 0n || position >> 128n !== 0n)
    throw new RangeError(
      `${position} is not an EventStoreDB position of this store (an unsigned 128-bit (commit << 64) | prepare)`,
    );
  return { commit: position >> 64n, prepare: position & U64_MAX };
};

/**
 * Servers before EventStoreDB 22.6 send no position with events read from a stream; the
 * gRPC field then holds 2^64 − 1 (−1 as a signed long) or is absent.
 */
export const isKnownPosition = (position: Position | undefined): position is Position =>
  position !== undefined && position.commit !== U64_MAX && position.prepare !== U64_MAX;
