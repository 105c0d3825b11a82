import { crc32 } from "node:zlib";
import * as path from "node:path";

/**
 * A segment file starts with a 16-byte header: the magic `HZLEDGR2` (or `HZLEDGR1`), the
 * segment number (u32 LE) and the crc32 of those 12 bytes. Records follow back to back.
 *
 * The magic's last character is the segment's version: a `HZLEDGR1` segment holds JSON
 * records only (codec 0), a `HZLEDGR2` one may hold compact records too. Programs that know
 * only version 1 refuse a version 2 segment as not theirs, instead of mistaking its compact
 * records for a torn tail and cutting them; so compact records are only ever written into
 * version 2 segments.
 */
export const SEGMENT_MAGIC = "HZLEDGR2";
/** The magic of a segment of JSON records only, as versions before the compact codec wrote. */
export const SEGMENT_MAGIC_JSON_ONLY = "HZLEDGR1";
export const SEGMENT_HEADER_SIZE = 16;

const NAME = /^(\d{10})\.seg$/;

/** The file name of segment `n`: ten digits, so names sort in segment order. */
export const segmentFileName = (n: number): string => `${String(n).padStart(10, "0")}.seg`;

export const segmentPath = (dir: string, n: number): string => path.join(dir, segmentFileName(n));

/** The segment number a file name stands for, or undefined for any other file. */
export const segmentNumberOf = (fileName: string): number | undefined => {
  const m = NAME.exec(fileName);
  return m === null ? undefined : Number(m[1]);
};

/** The header of segment `n`; `compact` false makes it a version 1 segment (JSON records only). */
export const encodeSegmentHeader = (n: number, compact = true): Buffer => {
  const buf = Buffer.alloc(SEGMENT_HEADER_SIZE);
  buf.write(compact ? SEGMENT_MAGIC : SEGMENT_MAGIC_JSON_ONLY, 0, "latin1");
  buf.writeUInt32LE(n, 8);
  buf.writeUInt32LE(crc32(buf.subarray(0, 12)), 12);
  return buf;
};

/** Why a segment header is not the one expected, or undefined when it is. */
export const segmentHeaderProblem = (buf: Buffer, n: number): string | undefined => {
  if (buf.length < SEGMENT_HEADER_SIZE) return "the segment header is incomplete";
  const magic = buf.toString("latin1", 0, 8);
  if (magic !== SEGMENT_MAGIC && magic !== SEGMENT_MAGIC_JSON_ONLY)
    return "not a hazard-ledger segment (bad magic)";
  if (crc32(buf.subarray(0, 12)) !== buf.readUInt32LE(12)) return "segment header checksum mismatch";
  const number = buf.readUInt32LE(8);
  if (number !== n) return `the header names segment ${number}, the file name segment ${n}`;
  return undefined;
};

/** True when the segment whose (checked) header is `buf` may hold compact records. */
export const segmentHoldsCompact = (buf: Buffer): boolean => buf.toString("latin1", 0, 8) === SEGMENT_MAGIC;
