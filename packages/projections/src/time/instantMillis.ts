import { instantMillis } from "@hazard-ledger/core";

/**
 * Epoch milliseconds of an RFC 3339 instant, as core's `instantMillis` computes them, but
 * through the runtime's own ISO parser first: it is some thirty times faster than luxon's,
 * which matters on the hot path of a fold that reads two instants per event. Both truncate
 * sub-millisecond digits; anything the runtime does not parse goes to luxon.
 */
export const parseInstantMillis = (instant: string): number => {
  const millis = Date.parse(instant);
  return Number.isNaN(millis) ? instantMillis(instant) : millis;
};
