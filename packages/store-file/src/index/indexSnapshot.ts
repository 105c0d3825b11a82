import { readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { removeStaleTemporaries } from "@hazard-ledger/core/store-kit";
import { endianness } from "node:os";
import * as path from "node:path";
import { crc32 } from "node:zlib";
import { type MerkleFrontier, deserialiseFrontier, serialiseFrontier } from "@hazard-ledger/core/digest";
import * as E from "fp-ts/lib/Either.js";
import { LogIndex } from "./logIndex.js";

/**
 * A saved index, so that opening a big store reads the tail of the log instead of all of it.
 *
 * `index.snapshot`: the magic `HZLIDX02`, the crc32 of the rest, then the number of segments
 * it covers, the committed end of each, the ledger digest's frontier (a u32 byte count, then
 * JSON: {@link SavedFrontier}; 0 bytes for none), and the index ({@link LogIndex.serialize}).
 * It is a cache: written without fsync, checked (checksum, segment sizes, the last record;
 * the frontier against the event it claims to end at) before it is trusted, and simply rebuilt
 * from the log when anything is off. A `HZLIDX01` file (before the frontier was kept) is read
 * as an index without a frontier; a program that knows only `HZLIDX01` ignores a `HZLIDX02`
 * file and rebuilds its index from the log.
 */
const MAGIC = "HZLIDX02";
const MAGIC_WITHOUT_FRONTIER = "HZLIDX01";
const FILE = "index.snapshot";
/** Typed arrays are written in platform order; only little-endian platforms keep snapshots. */
const SUPPORTED = endianness() === "LE";

/**
 * The digest's frontier over the first `frontier.size` events, as saved: the hash of the last
 * of them (an open checks the log's event there still has it) and its commit time.
 */
export interface SavedFrontier {
  readonly frontier: MerkleFrontier;
  readonly lastHash: string;
  readonly committedAt: string | null;
}

export interface IndexSnapshot {
  readonly index: LogIndex;
  /** Committed end of each segment the index covers. */
  readonly segmentEnds: readonly number[];
  /** The ledger digest's frontier, when one was kept (it may cover fewer events than the index). */
  readonly frontier?: SavedFrontier;
}

const frontierBytes = (saved: SavedFrontier | undefined): Buffer =>
  saved === undefined || saved.frontier.size === 0
    ? Buffer.alloc(0)
    : Buffer.from(
        JSON.stringify({
          ...serialiseFrontier(saved.frontier),
          lastHash: saved.lastHash,
          committedAt: saved.committedAt,
        }),
      );

/** The saved frontier, or undefined when its JSON does not decode (the index is still good). */
const readFrontier = (bytes: Buffer): SavedFrontier | undefined => {
  if (bytes.length === 0) return undefined;
  try {
    const u = JSON.parse(bytes.toString("utf8")) as { lastHash?: unknown; committedAt?: unknown };
    const { lastHash, committedAt, ...rest } = u;
    const frontier = deserialiseFrontier(rest);
    if (E.isLeft(frontier) || typeof lastHash !== "string") return undefined;
    if (committedAt !== null && typeof committedAt !== "string") return undefined;
    return { frontier: frontier.right, lastHash, committedAt };
  } catch {
    return undefined;
  }
};

export const writeIndexSnapshot = (dir: string, snapshot: IndexSnapshot): void => {
  if (!SUPPORTED) return;
  const body = snapshot.index.serialize();
  const frontier = frontierBytes(snapshot.frontier);
  const ends = 16 + snapshot.segmentEnds.length * 8;
  const head = Buffer.alloc(ends + 4 + frontier.length);
  head.write(MAGIC, 0, "latin1");
  head.writeUInt32LE(snapshot.segmentEnds.length, 12);
  snapshot.segmentEnds.forEach((end, i) => head.writeDoubleLE(end, 16 + i * 8));
  head.writeUInt32LE(frontier.length, ends);
  frontier.copy(head, ends + 4);
  head.writeUInt32LE(crc32(body, crc32(head.subarray(12))), 8);
  const file = path.join(dir, FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  removeStaleTemporaries(file);
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
  if (buf.length < 16) return undefined;
  const magic = buf.toString("latin1", 0, 8);
  if (magic !== MAGIC && magic !== MAGIC_WITHOUT_FRONTIER) return undefined;
  const segments = buf.readUInt32LE(12);
  const ends = 16 + segments * 8;
  if (ends + (magic === MAGIC ? 4 : 0) > buf.length) return undefined;
  const frontierLength = magic === MAGIC ? buf.readUInt32LE(ends) : 0;
  const bodyStart = magic === MAGIC ? ends + 4 + frontierLength : ends;
  if (bodyStart > buf.length) return undefined;
  if (crc32(buf.subarray(12)) !== buf.readUInt32LE(8)) return undefined;
  const segmentEnds = Array.from({ length: segments }, (_, i) => buf.readDoubleLE(16 + i * 8));
  const index = LogIndex.deserialize(buf.subarray(bodyStart));
  if (typeof index === "string" || index.segmentCount !== segments) return undefined;
  const frontier = readFrontier(buf.subarray(ends + 4, bodyStart));
  return { index, segmentEnds, ...(frontier !== undefined ? { frontier } : {}) };
};
