/** The default prefix of a hazard's stream: hazard `HZ-1` lives in stream `hazard-HZ-1`. */
export const DEFAULT_STREAM_PREFIX = "hazard-";

/**
 * Checks a stream prefix: not empty, not a system stream (`$`), and without characters that
 * would make it ambiguous in a server-side prefix filter.
 */
export const checkStreamPrefix = (prefix: string): string => {
  if (prefix.length === 0) throw new RangeError("EventStoreDB streamPrefix must not be empty");
  if (prefix.startsWith("$"))
    throw new RangeError(
      `EventStoreDB streamPrefix ${JSON.stringify(prefix)} must not start with $ (system streams)`,
    );
  if (/\s/.test(prefix))
    throw new RangeError(`EventStoreDB streamPrefix ${JSON.stringify(prefix)} must not contain white space`);
  return prefix;
};

/** The stream of a hazard. */
export const streamNameOf = (prefix: string, hazardId: string): string => `${prefix}${hazardId}`;

/** The hazard a stream holds, or `undefined` for a stream that is not a hazard's. */
export const hazardIdOfStream = (prefix: string, streamName: string): string | undefined =>
  streamName.startsWith(prefix) && streamName.length > prefix.length
    ? streamName.slice(prefix.length)
    : undefined;

/**
 * Whether a stream whose name starts with the prefix is another ledger's: one whose own,
 * longer prefix also starts with ours (prefix `hazard-`, stream `hazard-abc12345-HZ-1` of the
 * ledger with prefix `hazard-abc12345-`). The stored event says which hazard it is of; when
 * the stream's name is a longer prefix followed by exactly that hazard id, the stream belongs
 * to that prefix, not to ours. An event whose hazard id matches neither reading is not
 * explained by another ledger, and stays a data error of ours.
 */
export const isOtherLedgersStream = (prefix: string, streamName: string, storedHazardId: unknown): boolean =>
  typeof storedHazardId === "string" &&
  storedHazardId.length > 0 &&
  streamName !== streamNameOf(prefix, storedHazardId) &&
  streamName.endsWith(storedHazardId) &&
  streamName.length - storedHazardId.length > prefix.length;
