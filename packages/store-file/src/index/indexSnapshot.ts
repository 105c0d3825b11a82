import { readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { endianness } from "node:os";
import * as path from "node:path";
import { crc32 } from "node:zlib";
import { LogIndex } from "./logIndex.js";

/**
 * A saved index, so that opening a big store reads the tail of the log instead of all of it.
 *
 * `index.snapshot`: the magic `HZLIDX01`, the crc32 of the rest, then the number of segments
 * it covers, the committed end of each, and the index ({@link LogIndex.serialize}). It is a
 * cache: written without fsync, checked (checksum, segment sizes, the last record) before it
 * is trusted, and simply rebuilt from the log when anything is off.
 */
const MAGIC = "HZLIDX01";
const FILE = "index.snapshot";
/** Typed arrays are written in platform order; only little-endian platforms keep snapshots. */
const SUPPORTED = endianness() === "LE";

export interface IndexSnapshot {
  readonly index: LogIndex;
  /** Committed end of each segment the index covers. */
  readonly segmentEnds: readonly number[];
}

export const writeIndexSnapshot = (dir: string, snapshot: IndexSnapshot): void => {
  if (!SUPPORTED) return;
  const body = snapshot.index.serialize();
  const head = Buffer.alloc(16 + snapshot.segmentEnds.length * 8);
  head.write(MAGIC, 0, "latin1");
  head.writeUInt32LE(snapshot.segmentEnds.length, 12);
  snapshot.segmentEnds.forEach((end, i) => head.writeDoubleLE(end, 16 + i * 8));
  head.writeUInt32LE(crc32(body, crc32(head.subarray(12))), 8);
  const file = path.join(dir, FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, Buffer.concat([head, body]));
    renameSync(tmp, file);
  } catch {
    // A snapshot is only a cache: without it the next open scans the log.
    try {
      unlinkSync(tmp);
    } catch {
      // nothing to clean
    }
  }
};

/** The saved index, or undefined when there is none or it does not check out. */
export const readIndexSnapshot = (dir: string): IndexSnapshot | undefined => {
  if (!SUPPORTED) return undefined;
  let buf: Buffer;
  try {
    buf = readFileSync(path.join(dir, FILE));
  } catch {
    return undefined;
  }
  if (buf.length < 16 || buf.toString("latin1", 0, 8) !== MAGIC) return undefined;
  const segments = buf.readUInt32LE(12);
  const bodyStart = 16 + segments * 8;
  if (bodyStart > buf.length) return undefined;
  if (crc32(buf.subarray(bodyStart), crc32(buf.subarray(12, bodyStart))) !== buf.readUInt32LE(8))
    return undefined;
  const segmentEnds = Array.from({ length: segments }, (_, i) => buf.readDoubleLE(16 + i * 8));
  const index = LogIndex.deserialize(buf.subarray(bodyStart));
  if (typeof index === "string" || index.segmentCount !== segments) return undefined;
  return { index, segmentEnds };
};
