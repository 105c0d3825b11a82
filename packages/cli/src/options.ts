import { isTimeZone, CalendarDate, Instant } from "@hazard-ledger/core";
import { UsageError } from "./io.js";

/** An RFC 3339 flag value, or a usage error naming the flag. */
export const instantFlag = (flag: string, value: string | undefined): string | undefined => {
  if (value === undefined) return undefined;
  if (!Instant.is(value))
    throw new UsageError(`${flag}: ${JSON.stringify(value)} is not an RFC 3339 time with an offset or Z`);
  return value;
};

/** A YYYY-MM-DD flag value that is a real calendar date, or a usage error. */
export const dateFlag = (flag: string, value: string | undefined): string | undefined => {
  if (value === undefined) return undefined;
  if (!CalendarDate.is(value))
    throw new UsageError(`${flag}: ${JSON.stringify(value)} is not a calendar date YYYY-MM-DD`);
  return value;
};

/** An IANA time zone flag value. */
export const zoneFlag = (value: string): string => {
  if (!isTimeZone(value)) throw new UsageError(`--tz: ${JSON.stringify(value)} is not an IANA time zone`);
  return value;
};

/** One of a fixed set of values. */
export const choiceFlag = <V extends string>(
  flag: string,
  value: string | undefined,
  choices: readonly V[],
): V | undefined => {
  if (value === undefined) return undefined;
  if (!(choices as readonly string[]).includes(value))
    throw new UsageError(`${flag}: ${JSON.stringify(value)} is not one of ${choices.join(", ")}`);
  return value as V;
};

/** `--decimals`: a whole number of decimal places from 0 to 6. */
export const decimalsFlag = (value: string | undefined): number | undefined => {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 6)
    throw new UsageError(`--decimals: ${JSON.stringify(value)} is not a whole number from 0 to 6`);
  return n;
};

/** `--limit`: a whole number from 1. */
export const limitFlag = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`--limit: ${JSON.stringify(value)} is not a whole number from 1`);
  return n;
};
