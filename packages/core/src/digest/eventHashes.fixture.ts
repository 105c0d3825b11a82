import fc from "fast-check";

/** One event chain hash: 32 random bytes in lowercase hex. */
export const eventHashArb = fc
  .uint8Array({ minLength: 32, maxLength: 32 })
  .map((bytes) => Buffer.from(bytes).toString("hex"));

/**
 * A log's event hashes, distinct (a log's chain hashes are, short of a sha256 or sm3
 * collision), so any reordering of two of them is a real change.
 */
export const eventHashesArb = (maxLength: number, minLength = 0) =>
  fc.uniqueArray(eventHashArb, { minLength, maxLength });
