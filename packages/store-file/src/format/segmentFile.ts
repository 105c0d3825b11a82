import { crc32 } from "node:zlib";
import * as path from "node:path";

/**
 * A segment file starts with a 16-byte header: the magic `HZLEDGR1`, the segment number
 * (u32 LE) and the crc32 of those 12 bytes. Records follow back to back.
 */
export const SEGMENT_MAGIC = "HZLEDGR1";
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

export const encodeSegmentHeader = (n: number): Buffer => {
  const buf = Buffer.alloc(SEGMENT_HEADER_SIZE);
  buf.write(SEGMENT_MAGIC, 0, "latin1");
  buf.writeUInt32LE(n, 8);
  buf.writeUInt32LE(crc32(buf.subarray(0, 12)), 12);
  return buf;
};

/** Why a segment header is not the one expected, or undefined when it is. */
export const segmentHeaderProblem = (buf: Buffer, n: number): string | undefined => {
  if (buf.length < SEGMENT_HEADER_SIZE) return "the segment header is incomplete";
  if (buf.toString("latin1", 0, 8) !== SEGMENT_MAGIC) return "not a hazard-ledger segment (bad magic)";
  if (crc32(buf.subarray(0, 12)) !== buf.readUInt32LE(12)) return "segment header checksum mismatch";
  const number = buf.readUInt32LE(8);
  if (number !== n) return `the header names segment ${number}, the file name segment ${n}`;
  return undefined;
};
