import { crc32 } from "node:zlib";
import { crc32Range } from "./crc32.js";

/**
 * The layout of one stored event (a record) in a segment file. Little endian.
 *
 * ```
 *  0  u32  record length (header + hazard id + payload)
 *  4  u8   magic 0xA7
 *  5  u8   flags (COMMIT, APPEND_START)
 *  6  u8   payload codec (0 = JSON, the event-log line of the interchange contract)
 *  7  u8   hazard id length (1..64)
 *  8  u32  seq
 * 12  u32  position, low 32 bits
 * 16  u32  position, high 32 bits
 * 20  u32  crc32 of the payload
 * 24  u32  crc32 of bytes 0..23 and the hazard id
 * 28  ...  hazard id (ASCII), then the payload
 * ```
 *
 * The header and the payload carry their own checksums so that a damaged byte anywhere
 * still leaves one intact copy of the hazard id and seq to name in a report; the header
 * alone is enough to index the log without decoding a single payload.
 */
export const RECORD_MAGIC = 0xa7;
export const RECORD_HEADER_SIZE = 28;
/** The record ends a transaction: everything up to it is one atomic unit. */
export const FLAG_COMMIT = 1;
/** The record is the first event of one `StreamAppend` (the span a command id replays). */
export const FLAG_APPEND_START = 2;
const KNOWN_FLAGS = FLAG_COMMIT | FLAG_APPEND_START;
export const CODEC_JSON = 0;
/** No event is this large; a length beyond it is damage, not data. */
export const MAX_RECORD_SIZE = 64 * 1024 * 1024;
const MAX_HAZARD_ID = 64;

/** crc32 of header bytes 0..23 followed by the hazard id. */
const headerChecksum = (buf: Buffer, at: number, idLength: number): number =>
  crc32Range(buf, at + RECORD_HEADER_SIZE, at + RECORD_HEADER_SIZE + idLength, crc32Range(buf, at, at + 24));

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
}

/** One event to frame: its identity and the encoded payload. */
export interface RecordInput {
  readonly hazardId: string;
  readonly seq: number;
  readonly position: number;
  readonly flags: number;
  readonly payload: Buffer;
}

/** Frames one event as a record. */
export const encodeRecord = (r: RecordInput): Buffer => {
  const idLength = Buffer.byteLength(r.hazardId, "latin1");
  const length = RECORD_HEADER_SIZE + idLength + r.payload.length;
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
  const length = RECORD_HEADER_SIZE + idLength + payloadBytes;
  buf.writeUInt32LE(length, at);
  buf[at + 4] = RECORD_MAGIC;
  buf[at + 5] = r.flags;
  buf[at + 6] = CODEC_JSON;
  buf[at + 7] = idLength;
  buf.writeUInt32LE(r.seq, at + 8);
  buf.writeUInt32LE(r.position % 0x1_0000_0000, at + 12);
  buf.writeUInt32LE(Math.floor(r.position / 0x1_0000_0000), at + 16);
  buf.writeUInt32LE(payloadCrc, at + 20);
  buf.write(r.hazardId, at + RECORD_HEADER_SIZE, idLength, "latin1");
  buf.writeUInt32LE(headerChecksum(buf, at, idLength), at + 24);
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
  const payloadStart = at + RECORD_HEADER_SIZE + idLength;
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

/** The size of the record that frames `r`. */
export const recordSize = (hazardId: string, payloadLength: number): number =>
  RECORD_HEADER_SIZE + hazardId.length + payloadLength;

/** Frames one event into `buf` at `at`; returns the offset after it. */
export const writeRecordInto = (
  buf: Buffer,
  at: number,
  r: RecordInput,
  idLength = r.hazardId.length,
): number => {
  r.payload.copy(buf, at + RECORD_HEADER_SIZE + idLength);
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
  if (length < RECORD_HEADER_SIZE + idLength || length > MAX_RECORD_SIZE)
    return { kind: "bad_header", message: `record length ${length} is out of range` };
  if (available < RECORD_HEADER_SIZE + idLength)
    return { kind: "incomplete", need: RECORD_HEADER_SIZE + idLength };
  const idStart = at + RECORD_HEADER_SIZE;
  const headerCrc = headerChecksum(buf, at, idLength);
  if (headerCrc !== buf.readUInt32LE(at + 24))
    return { kind: "bad_header", message: "record header checksum mismatch" };
  const flags = buf[at + 5] as number;
  if ((flags & ~KNOWN_FLAGS) !== 0) return { kind: "bad_header", message: `unknown record flags ${flags}` };
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
    payloadStart: RECORD_HEADER_SIZE + idLength,
  };
};

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
    headerChecksum(buf, at, idLength) === buf.readUInt32LE(at + 24)
  );
};
