import { crc32 } from "node:zlib";
import { crc32Range } from "./crc32.js";

/**
 * The layout of one stored event (a record) in a segment file. Little endian.
 *
 * ```
 *  0  u32  record length (header + hazard id + payload)
 *  4  u8   magic 0xA7
 *  5  u8   flags (COMMIT, APPEND_START, COMMIT_TIME, BACKFILL)
 *  6  u8   payload codec (0 = JSON, the event-log line of the interchange contract)
 *  7  u8   hazard id length (1..64)
 *  8  u32  seq
 * 12  u32  position, low 32 bits
 * 16  u32  position, high 32 bits
 * 20  u32  crc32 of the payload
 * 24  u32  crc32 of bytes 0..23, then of the bytes from 28 to the end of the hazard id
 * 28  f64  commit time, milliseconds since the epoch: only when the COMMIT_TIME flag is set
 * 28 or 36 hazard id (ASCII), then the payload
 * ```
 *
 * The header and the payload carry their own checksums so that a damaged byte anywhere
 * still leaves one intact copy of the hazard id and seq to name in a report; the header
 * alone is enough to index the log without decoding a single payload.
 *
 * Commit time: every record this version writes carries the store-assigned commit time of
 * its transaction (the same in every record of it), so a read of any one event knows when it
 * was committed without finding its commit record. Records written before commit times
 * existed have no COMMIT_TIME flag and the hazard id at 28: they read as before, with no
 * commit time (a ledger may hold both). An older reader refuses the new flag as a bad header.
 */
export const RECORD_MAGIC = 0xa7;
export const RECORD_HEADER_SIZE = 28;
/** The record ends a transaction: everything up to it is one atomic unit. */
export const FLAG_COMMIT = 1;
/** The record is the first event of one `StreamAppend` (the span a command id replays). */
export const FLAG_APPEND_START = 2;
/** The record carries its transaction's commit time (8 bytes after the fixed header). */
export const FLAG_COMMIT_TIME = 4;
/**
 * The event is a backfill: written with `recordedAt` before the ledger's last commit time,
 * by an append that allowed it (it amends what earlier known-at views showed).
 */
export const FLAG_BACKFILL = 8;
const KNOWN_FLAGS = FLAG_COMMIT | FLAG_APPEND_START | FLAG_COMMIT_TIME | FLAG_BACKFILL;
/** Bytes of the commit time, when the record has one. */
const COMMIT_TIME_SIZE = 8;
/** The bytes of header before the hazard id: the fixed part, and the commit time if any. */
export const headerBytes = (flags: number): number =>
  (flags & FLAG_COMMIT_TIME) !== 0 ? RECORD_HEADER_SIZE + COMMIT_TIME_SIZE : RECORD_HEADER_SIZE;
/** The most header a record has before its hazard id: what a reader peeks to read any header. */
export const MAX_HEADER_SIZE = RECORD_HEADER_SIZE + COMMIT_TIME_SIZE;
export const CODEC_JSON = 0;
/** No event is this large; a length beyond it is damage, not data. */
export const MAX_RECORD_SIZE = 64 * 1024 * 1024;
const MAX_HAZARD_ID = 64;

/** crc32 of header bytes 0..23 followed by the commit time (if any) and the hazard id. */
const headerChecksum = (buf: Buffer, at: number, idStart: number, idLength: number): number =>
  crc32Range(buf, at + RECORD_HEADER_SIZE, at + idStart + idLength, crc32Range(buf, at, at + 24));

/** What a record header says, once its checksum holds. */
export interface RecordHeader {
  readonly length: number;
  readonly flags: number;
  readonly codec: number;
  readonly seq: number;
  readonly position: number;
  readonly payloadCrc: number;
  readonly hazardId: string;
  /** Offset of the payload from the start of the record. */
  readonly payloadStart: number;
  /** The transaction's commit time (ms since the epoch), or undefined for a record without one. */
  readonly committedAt: number | undefined;
}

/** One event to frame: its identity and the encoded payload. */
export interface RecordInput {
  readonly hazardId: string;
  readonly seq: number;
  readonly position: number;
  readonly flags: number;
  /**
   * The transaction's commit time, ms since the epoch (a whole number): when given, the
   * record carries it and gets the COMMIT_TIME flag. Only tests write records without one.
   */
  readonly committedAt?: number;
  readonly payload: Buffer;
}

/** Frames one event as a record. */
export const encodeRecord = (r: RecordInput): Buffer => {
  const idLength = Buffer.byteLength(r.hazardId, "latin1");
  const length =
    headerBytes(r.committedAt === undefined ? 0 : FLAG_COMMIT_TIME) + idLength + r.payload.length;
  const buf = Buffer.allocUnsafe(length);
  writeRecordInto(buf, 0, r, idLength);
  return buf;
};

/**
 * Writes the header and hazard id of a record whose payload is already in place after them;
 * returns the offset after the record. The payload checksum comes from the caller, which
 * knows where the payload bytes are.
 */
const writeHeader = (
  buf: Buffer,
  at: number,
  r: Omit<RecordInput, "payload">,
  idLength: number,
  payloadBytes: number,
  payloadCrc: number,
): number => {
  const flags = r.committedAt === undefined ? r.flags & ~FLAG_COMMIT_TIME : r.flags | FLAG_COMMIT_TIME;
  const idStart = headerBytes(flags);
  const length = idStart + idLength + payloadBytes;
  buf.writeUInt32LE(length, at);
  buf[at + 4] = RECORD_MAGIC;
  buf[at + 5] = flags;
  buf[at + 6] = CODEC_JSON;
  buf[at + 7] = idLength;
  buf.writeUInt32LE(r.seq, at + 8);
  buf.writeUInt32LE(r.position % 0x1_0000_0000, at + 12);
  buf.writeUInt32LE(Math.floor(r.position / 0x1_0000_0000), at + 16);
  buf.writeUInt32LE(payloadCrc, at + 20);
  if (r.committedAt !== undefined) buf.writeDoubleLE(r.committedAt, at + RECORD_HEADER_SIZE);
  buf.write(r.hazardId, at + idStart, idLength, "latin1");
  buf.writeUInt32LE(headerChecksum(buf, at, idStart, idLength), at + 24);
  return at + length;
};

/**
 * Frames one event whose payload is text into `buf` at `at` (room for
 * `recordSize(hazardId, payloadBytes)` bytes), encoding the text in place; returns the
 * offset after it.
 */
export const writeTextRecordInto = (
  buf: Buffer,
  at: number,
  r: Omit<RecordInput, "payload">,
  text: string,
  payloadBytes: number,
): number => {
  const idLength = r.hazardId.length;
  const payloadStart = at + headerBytes(r.committedAt === undefined ? 0 : FLAG_COMMIT_TIME) + idLength;
  buf.write(text, payloadStart, payloadBytes, "utf8");
  return writeHeader(
    buf,
    at,
    r,
    idLength,
    payloadBytes,
    crc32(buf.subarray(payloadStart, payloadStart + payloadBytes)),
  );
};

/** The size of the record that frames an event of `hazardId` (with a commit time unless told). */
export const recordSize = (hazardId: string, payloadLength: number, withCommitTime = true): number =>
  headerBytes(withCommitTime ? FLAG_COMMIT_TIME : 0) + hazardId.length + payloadLength;

/** Frames one event into `buf` at `at`; returns the offset after it. */
export const writeRecordInto = (
  buf: Buffer,
  at: number,
  r: RecordInput,
  idLength = r.hazardId.length,
): number => {
  r.payload.copy(buf, at + headerBytes(r.committedAt === undefined ? 0 : FLAG_COMMIT_TIME) + idLength);
  return writeHeader(buf, at, r, idLength, r.payload.length, crc32(r.payload));
};

/** Why bytes at an offset are not a record. */
export type HeaderProblem =
  /** Fewer bytes than a header (or than the length it claims) are there: a torn write. */
  | { readonly kind: "incomplete"; readonly need: number }
  /** The bytes are there but are not a valid header. */
  | { readonly kind: "bad_header"; readonly message: string };

/**
 * Reads the header of the record at `at` in `buf`, of which `available` bytes from `at` are
 * valid. The header checksum is checked; the payload's is not (see {@link payloadIntact}).
 */
export const readRecordHeader = (
  buf: Buffer,
  at: number,
  available: number,
): RecordHeader | HeaderProblem => {
  if (available < RECORD_HEADER_SIZE) return { kind: "incomplete", need: RECORD_HEADER_SIZE };
  const length = buf.readUInt32LE(at);
  const idLength = buf[at + 7] as number;
  if (buf[at + 4] !== RECORD_MAGIC)
    return { kind: "bad_header", message: "no record starts here (bad magic)" };
  if (idLength === 0 || idLength > MAX_HAZARD_ID)
    return { kind: "bad_header", message: `hazard id length ${idLength} is out of range` };
  // The flags say how long the header is; they are checked by the checksum below.
  const flags = buf[at + 5] as number;
  const idOffset = headerBytes(flags);
  if (length < idOffset + idLength || length > MAX_RECORD_SIZE)
    return { kind: "bad_header", message: `record length ${length} is out of range` };
  if (available < idOffset + idLength) return { kind: "incomplete", need: idOffset + idLength };
  const idStart = at + idOffset;
  const headerCrc = headerChecksum(buf, at, idOffset, idLength);
  if (headerCrc !== buf.readUInt32LE(at + 24))
    return { kind: "bad_header", message: "record header checksum mismatch" };
  if ((flags & ~KNOWN_FLAGS) !== 0) return { kind: "bad_header", message: `unknown record flags ${flags}` };
  const committedAt =
    (flags & FLAG_COMMIT_TIME) !== 0 ? buf.readDoubleLE(at + RECORD_HEADER_SIZE) : undefined;
  if (committedAt !== undefined && !Number.isSafeInteger(committedAt))
    return { kind: "bad_header", message: `commit time ${committedAt} is not a whole number of ms` };
  const codec = buf[at + 6] as number;
  if (codec !== CODEC_JSON) return { kind: "bad_header", message: `unknown payload codec ${codec}` };
  if (available < length) return { kind: "incomplete", need: length };
  return {
    length,
    flags,
    codec,
    seq: buf.readUInt32LE(at + 8),
    position: buf.readUInt32LE(at + 12) + buf.readUInt32LE(at + 16) * 0x1_0000_0000,
    payloadCrc: buf.readUInt32LE(at + 20),
    hazardId: buf.toString("latin1", idStart, idStart + idLength),
    payloadStart: idOffset + idLength,
    committedAt,
  };
};

/**
 * The commit time of a record whose header was read and checked (flags at byte 5), without
 * building a {@link RecordHeader}: for the sequential reader's fast path.
 */
export const commitTimeOf = (buf: Buffer, at: number): number | undefined =>
  ((buf[at + 5] as number) & FLAG_COMMIT_TIME) !== 0 ? buf.readDoubleLE(at + RECORD_HEADER_SIZE) : undefined;

export const isHeaderProblem = (h: RecordHeader | HeaderProblem): h is HeaderProblem => "kind" in h;

/** True when the payload of the record at `at` matches its checksum. */
export const payloadIntact = (buf: Buffer, at: number, h: RecordHeader): boolean =>
  crc32(buf.subarray(at + h.payloadStart, at + h.length)) === h.payloadCrc;

/** The payload bytes of the record at `at`. */
export const payloadOf = (buf: Buffer, at: number, h: RecordHeader): Buffer =>
  buf.subarray(at + h.payloadStart, at + h.length);

/**
 * True when the header checksum of the whole record at `at` holds (its bytes are there).
 * A read that trusts a saved index still checks this: the index was built from headers
 * that held then, and a header damaged since must stop the read, not be served.
 */
export const headerIntact = (buf: Buffer, at: number): boolean => {
  const idLength = buf[at + 7] as number;
  return (
    idLength > 0 &&
    idLength <= MAX_HAZARD_ID &&
    headerChecksum(buf, at, headerBytes(buf[at + 5] as number), idLength) === buf.readUInt32LE(at + 24)
  );
};

// Raw reads of a record's fixed header fields at `at`, unchecked: for the sequential reader's
// fast path, which checks the header checksum itself (headerIntact), and for the scans that
// look at damaged bytes. Everything else reads readRecordHeader.

/** The record length the bytes at `at` claim. */
export const recordLengthAt = (buf: Buffer, at: number): number => buf.readUInt32LE(at);
/** True when the magic byte of a record is at `at`. */
export const hasRecordMagic = (buf: Buffer, at: number): boolean => buf[at + 4] === RECORD_MAGIC;
/** The record's flags. */
export const recordFlagsAt = (buf: Buffer, at: number): number => buf[at + 5] as number;
/** The record's hazard id length. */
export const hazardIdLengthAt = (buf: Buffer, at: number): number => buf[at + 7] as number;
/** The record's seq. */
export const recordSeqAt = (buf: Buffer, at: number): number => buf.readUInt32LE(at + 8);
/** The record's position in the log. */
export const recordPositionAt = (buf: Buffer, at: number): number =>
  buf.readUInt32LE(at + 12) + buf.readUInt32LE(at + 16) * 0x1_0000_0000;
/** The payload checksum the header holds. */
export const payloadCrcAt = (buf: Buffer, at: number): number => buf.readUInt32LE(at + 20);
/** Offset (in `buf`) of the record's hazard id. */
export const hazardIdStartAt = (buf: Buffer, at: number): number => at + headerBytes(recordFlagsAt(buf, at));
