import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Where, in an event-log line of a fine, the second digit of the amount lies (in bytes). */
const fineDigitOffset = (line: Buffer): number => {
  const key = Buffer.from('"fineFen":');
  const at = line.indexOf(key);
  if (at < 0) throw new RangeError("tamper: the line records no fine");
  // The second digit: flipping the first could make a leading zero, which is not JSON.
  return at + key.length + 1;
};

/**
 * Flips one bit of a fine's amount in an event-log line: the lowest bit of its second digit,
 * so the digit stays a digit (3 ↔ 2, 0 ↔ 1...) and the line still parses as a valid event.
 * Only the hash can tell.
 */
export const flipFineBit = (line: string): string => {
  const bytes = Buffer.from(line, "utf8");
  const offset = fineDigitOffset(bytes);
  bytes[offset] = (bytes[offset] as number) ^ 1;
  return bytes.toString("utf8");
};

/**
 * Flips the same bit on disk, in the segment file of a file store that holds `line` (a store
 * opened with `recordCodec: "json"`, whose record payload is the event's log line), and
 * returns the file changed.
 */
export const flipFineBitOnDisk = (storeDir: string, line: string): string => {
  const needle = Buffer.from(line, "utf8");
  for (const name of readdirSync(storeDir)
    .filter((n) => n.endsWith(".seg"))
    .sort()) {
    const path = join(storeDir, name);
    const bytes = readFileSync(path);
    const at = bytes.indexOf(needle);
    if (at < 0) continue;
    const offset = at + fineDigitOffset(needle);
    bytes[offset] = (bytes[offset] as number) ^ 1;
    writeFileSync(path, bytes);
    return path;
  }
  throw new RangeError(`tamper: no segment file in ${storeDir} holds the line`);
};
