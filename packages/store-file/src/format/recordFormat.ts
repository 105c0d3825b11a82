import { crc32 } from "node:zlib";
import { crc32Range } from "./crc32.js";

/**
 * The layout of one stored event (a record) in a segment file. Little endian.
 *
 * ```
 *  0  u32  record length (header + hazard id + payload)
 *  4  u8   magic 0xA7
 *  5  u8   flags (COMMIT, APPEND_START, COMMIT_TIME, BACKFILL)
 *  6  u8   payload codec: 0 = JSON (the event-log line of the interchange contract, UTF-8),
 *           1 = compact (the same value in the binary form below)
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
 *
 * The compact payload (codec 1) is the JSON value of the event-log line, written as one value:
 *
 * ```
 * value := tag u8, then by tag:
 *   0 null | 1 false | 2 true
 *   3 varint n           a safe integer n >= 0          (varint: 7 bits a byte, low first, <= 8 bytes)
 *   4 varint n           the safe integer -n
 *   5 f64                any other finite number
 *   6 varint n, n bytes  a string, UTF-8
 *   7 varint n, n bytes  a string of ASCII only
 *   8 32 bytes           a string of 64 lowercase hex digits (a hash)
 *   9 u8 i               the string COMPACT_VALUES[i]
 *  10 varint n, n values           an array
 *  11 varint n, n × (key, value)   an object, its keys in order; key := u8 i, COMPACT_KEYS[i],
 *                                  or 0xFF then varint n and n bytes of UTF-8
 * ```
 *
 * It reads back exactly what JSON.parse reads of the JSON payload (every string, number and
 * key order the same), so the export of a ledger does not depend on the codec; an event the
 * compact form cannot hold exactly (a lone surrogate in a string, a number with no JSON form,
 * nesting beyond 64) is written as JSON. The two tables are append-only: an index is its
 * meaning in every record ever written. A ledger may hold records of both codecs; a reader
 * that does not know a codec refuses the record as a bad header, naming its hazard and seq.
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
export const CODEC_COMPACT = 1;
/** Why a record's codec byte cannot be read, or undefined when this program knows it. */
export const codecProblem = (codec: number): string | undefined =>
  codec === CODEC_JSON || codec === CODEC_COMPACT ? undefined : `unknown payload codec ${codec}`;
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
  /** The payload's codec; default {@link CODEC_JSON}. */
  readonly codec?: number;
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
  buf[at + 6] = r.codec ?? CODEC_JSON;
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
  /**
   * The bytes are there but are not a valid header; `named` is the record's identity when its
   * header checksum held (a header this program cannot read, such as an unknown codec).
   */
  | { readonly kind: "bad_header"; readonly message: string; readonly named?: RecordIdentity };

/** Which event a record holds. */
export interface RecordIdentity {
  readonly hazardId: string;
  readonly seq: number;
}

/** A header problem's message, with the record's identity in front when it is known. */
export const headerProblemText = (message: string, named: RecordIdentity | undefined): string =>
  named === undefined ? message : `${named.hazardId} seq ${named.seq}: ${message}`;

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
  const unknownCodec = codecProblem(codec);
  if (unknownCodec !== undefined)
    return {
      kind: "bad_header",
      message: unknownCodec,
      named: { hazardId: buf.toString("latin1", idStart, idStart + idLength), seq: buf.readUInt32LE(at + 8) },
    };
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
/** The record's payload codec. */
export const recordCodecAt = (buf: Buffer, at: number): number => buf[at + 6] as number;
/** The record's seq. */
export const recordSeqAt = (buf: Buffer, at: number): number => buf.readUInt32LE(at + 8);
/** The record's position in the log. */
export const recordPositionAt = (buf: Buffer, at: number): number =>
  buf.readUInt32LE(at + 12) + buf.readUInt32LE(at + 16) * 0x1_0000_0000;
/** The payload checksum the header holds. */
export const payloadCrcAt = (buf: Buffer, at: number): number => buf.readUInt32LE(at + 20);
/** Offset (in `buf`) of the record's hazard id. */
export const hazardIdStartAt = (buf: Buffer, at: number): number => at + headerBytes(recordFlagsAt(buf, at));

// ---------------------------------------------------------------- the compact payload (codec 1)

/**
 * Keys the compact payload names by one byte: the envelope's and the contract's `data`
 * fields. Append-only: a key's index is its meaning in every record ever written.
 */
const COMPACT_KEYS: readonly string[] = [
  "hazardId", "seq", "type", "occurredAt", "recordedAt", "actor", "data", "ext", "eventId", "commandId",
  "schemaVersion", "prevHash", "hash", "id", "role", "org", "level", "title", "sector", "region",
  "unit", "name", "source", "category", "location", "description", "criteria", "standard", "clause", "creditCode",
  "responsibleUnit", "deadline", "responsiblePerson", "measures", "fundsFen", "plan", "authority", "authorityLevel", "noticeNo", "scope",
  "newDeadline", "reason", "to", "longTerm", "measuresTaken", "costFen", "evidence", "comment", "duplicateOf", "kind",
  "ref", "action", "fineFen", "caseNo", "note", "goals",
]; // prettier-ignore
/**
 * String values the compact payload names by one byte wherever they stand: the contract's
 * event types and closed sets, and common sector codes. Append-only, like the keys.
 */
const COMPACT_VALUES: readonly string[] = [
  "HazardReported", "RectificationAssigned", "SupervisionListed", "DeadlineExtended", "LevelChanged",
  "ControlMeasuresApplied", "RectificationCompleted", "RectificationAccepted", "RectificationRejected",
  "SupervisionLifted", "HazardClosed", "HazardReopened", "HazardVoided", "NoticeIssued", "EnforcementRecorded",
  "ProgressReported", "enterprise", "inspector", "authority", "expert", "public", "system", "township",
  "county", "city", "province", "general", "major", "self_inspection", "department_inspection",
  "commissioned_inspection", "supervision_check", "public_report", "other", "object", "behaviour",
  "management", "environment", "rectification", "supervision", "duplicate", "false_report", "reminder",
  "supervision_letter", "interview", "bulletin", "case_filed", "fine", "suspension_order", "seal",
  "closure_order", "fire", "hazchem", "industry_trade", "construction", "flood", "mining", "transport",
  "0000000000000000000000000000000000000000000000000000000000000000",
]; // prettier-ignore
const KEY_INDEX = new Map(COMPACT_KEYS.map((k, i) => [k, i]));
const VALUE_INDEX = new Map(COMPACT_VALUES.map((v, i) => [v, i]));

const T_NULL = 0;
const T_FALSE = 1;
const T_TRUE = 2;
const T_UINT = 3;
const T_NEGINT = 4;
const T_F64 = 5;
const T_UTF8 = 6;
const T_ASCII = 7;
const T_HEX32 = 8;
const T_DICT = 9;
const T_ARRAY = 10;
const T_OBJECT = 11;
/** A key byte: the key is not in {@link COMPACT_KEYS}, its text follows. */
const KEY_TEXT = 0xff;
/** Deeper than this an event has no business nesting; such a one stays JSON. */
const MAX_DEPTH = 64;
const HEX32 = /^[0-9a-f]{64}$/;
const LONE_SURROGATE = /\p{Cs}/u;

let scratch = Buffer.allocUnsafe(4096);
let w = 0;

const room = (n: number): void => {
  if (w + n <= scratch.length) return;
  const bigger = Buffer.allocUnsafe(Math.max(scratch.length * 2, w + n));
  scratch.copy(bigger, 0, 0, w);
  scratch = bigger;
};

const putVarint = (n: number): void => {
  room(8);
  while (n >= 0x80) {
    scratch[w++] = (n % 0x80) | 0x80;
    n = Math.floor(n / 0x80);
  }
  scratch[w++] = n;
};

/** Writes a string's length and text; false if its text cannot be kept exactly in UTF-8. */
const putText = (s: string, asciiTag: number, utf8Tag: number): boolean => {
  const tagAt = w;
  if (asciiTag >= 0) w++;
  let bytes: number;
  if (s.length <= 42) {
    // At most 126 bytes of UTF-8: the length takes one byte, so the text is written at once
    // and measured by the write (most strings of an event are short).
    room(1 + 3 * s.length);
    const lengthAt = w++;
    bytes = scratch.write(s, w, "utf8");
    scratch[lengthAt] = bytes;
  } else {
    bytes = Buffer.byteLength(s, "utf8");
    putVarint(bytes);
    room(bytes);
    scratch.write(s, w, bytes, "utf8");
  }
  w += bytes;
  // Only a string with a character beyond ASCII can hold a lone surrogate (UTF-8 would lose it).
  if (bytes !== s.length && LONE_SURROGATE.test(s)) return false;
  if (asciiTag >= 0) scratch[tagAt] = bytes === s.length ? asciiTag : utf8Tag;
  return true;
};

/** Writes one JSON value the way JSON.stringify would see it; false if it cannot be kept exactly. */
const putValue = (v: unknown, depth: number, omit?: ReadonlySet<string>): boolean => {
  room(9);
  switch (typeof v) {
    case "string": {
      const d = VALUE_INDEX.get(v);
      if (d !== undefined) {
        scratch[w++] = T_DICT;
        scratch[w++] = d;
        return true;
      }
      if (v.length === 64 && HEX32.test(v)) {
        room(33);
        scratch[w++] = T_HEX32;
        w += scratch.write(v, w, 32, "hex");
        return true;
      }
      return putText(v, T_ASCII, T_UTF8);
    }
    case "number":
      if (Number.isSafeInteger(v)) {
        // -0 is written as 0, as JSON.stringify writes it.
        scratch[w++] = v >= 0 ? T_UINT : T_NEGINT;
        putVarint(Math.abs(v));
        return true;
      }
      if (!Number.isFinite(v)) return false;
      scratch[w++] = T_F64;
      w = scratch.writeDoubleLE(v, w);
      return true;
    case "boolean":
      scratch[w++] = v ? T_TRUE : T_FALSE;
      return true;
    case "object": {
      if (v === null) {
        scratch[w++] = T_NULL;
        return true;
      }
      if (depth >= MAX_DEPTH) return false;
      if (Array.isArray(v)) {
        scratch[w++] = T_ARRAY;
        putVarint(v.length);
        for (const x of v as unknown[]) if (x === undefined || !putValue(x, depth + 1)) return false;
        return true;
      }
      const proto: unknown = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) return false;
      const o = v as Record<string, unknown>;
      if (typeof o["toJSON"] === "function") return false;
      const keys = Object.keys(o);
      // An event's objects have fewer than 128 keys: their count takes the one byte kept here.
      if (keys.length >= 0x80) return false;
      scratch[w++] = T_OBJECT;
      const countAt = w++;
      let count = 0;
      for (const k of keys) {
        const x = o[k];
        // JSON.stringify leaves out keys whose value has no JSON form.
        if (x === undefined || typeof x === "function" || typeof x === "symbol" || omit?.has(k) === true)
          continue;
        count++;
        const i = KEY_INDEX.get(k);
        room(1);
        if (i !== undefined) scratch[w++] = i;
        else {
          scratch[w++] = KEY_TEXT;
          if (!putText(k, -1, -1)) return false;
        }
        if (!putValue(x, depth + 1)) return false;
      }
      scratch[countAt] = count;
      return true;
    }
    default:
      return false;
  }
};

/**
 * The compact payload (codec 1) of `event`, the event-log object (`JSON.stringify` of it, minus
 * the top-level keys in `omit`, is the JSON payload it stands for), or undefined when the
 * compact form cannot hold it exactly (then the record stays JSON). The bytes are a view of a
 * buffer the next call overwrites: copy them before encoding again.
 */
export const encodeCompactPayload = (event: unknown, omit?: ReadonlySet<string>): Buffer | undefined => {
  w = 0;
  return putValue(event, 0, omit) ? scratch.subarray(0, w) : undefined;
};

/**
 * Node's own text decoders of a Buffer, which `toString` dispatches to by name: called directly,
 * a short string costs about half (the compact payload's strings are short and many).
 */
interface BufferSlices {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
  hexSlice(start: number, end: number): string;
}
const slices = (buf: Buffer): BufferSlices => buf as unknown as BufferSlices;

/** A compact payload that does not decode: damage, or a writer's bug. */
export class UndecodablePayload extends Error {}

let r = 0;
let end = 0;

const cut = (): never => {
  throw new UndecodablePayload(`the payload ends inside a value at byte ${r}`);
};

const getVarint = (buf: Buffer): number => {
  if (r >= end) cut();
  const first = buf[r++] as number;
  // Lengths and most numbers take one byte.
  if (first < 0x80) return first;
  let n = first & 0x7f;
  let scale = 0x80;
  for (let i = 1; i < 8; i++) {
    if (r >= end) cut();
    const b = buf[r++] as number;
    n += (b & 0x7f) * scale;
    if (b < 0x80) return n;
    scale *= 0x80;
  }
  throw new UndecodablePayload(`a number longer than 8 bytes at byte ${r}`);
};

const getText = (buf: Buffer, ascii: boolean): string => {
  const n = getVarint(buf);
  const from = r;
  r += n;
  if (r > end) cut();
  return ascii ? slices(buf).latin1Slice(from, r) : slices(buf).utf8Slice(from, r);
};

const getObject = (buf: Buffer, depth: number): Record<string, unknown> => {
  const n = getVarint(buf);
  if (n > end - r) throw new UndecodablePayload(`an object of ${n} keys at byte ${r}`);
  const o: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) {
    if (r >= end) cut();
    const k = buf[r++] as number;
    if (k !== KEY_TEXT) {
      const key = COMPACT_KEYS[k];
      if (key === undefined) throw new UndecodablePayload(`unknown key ${k} at byte ${r - 1}`);
      o[key] = getValue(buf, depth + 1);
      continue;
    }
    const key = getText(buf, false);
    const value = getValue(buf, depth + 1);
    // An own "__proto__" (JSON.parse makes one) must not set the prototype instead.
    if (key === "__proto__")
      Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
    else o[key] = value;
  }
  return o;
};

const getValue = (buf: Buffer, depth: number): unknown => {
  if (r >= end) cut();
  const tag = buf[r++];
  switch (tag) {
    case T_ASCII:
      return getText(buf, true);
    case T_DICT: {
      if (r >= end) cut();
      const s = COMPACT_VALUES[buf[r++] as number];
      if (s === undefined) throw new UndecodablePayload(`unknown value ${buf[r - 1]} at byte ${r - 1}`);
      return s;
    }
    case T_UTF8:
      return getText(buf, false);
    case T_HEX32: {
      const from = r;
      r += 32;
      if (r > end) cut();
      return slices(buf).hexSlice(from, r);
    }
    case T_UINT:
      return getVarint(buf);
    case T_OBJECT:
      if (depth >= MAX_DEPTH) break;
      return getObject(buf, depth);
    case T_NULL:
      return null;
    case T_FALSE:
      return false;
    case T_TRUE:
      return true;
    case T_NEGINT:
      return -getVarint(buf);
    case T_F64: {
      const from = r;
      r += 8;
      if (r > end) cut();
      return buf.readDoubleLE(from);
    }
    case T_ARRAY: {
      if (depth >= MAX_DEPTH) break;
      const n = getVarint(buf);
      if (n > end - r) throw new UndecodablePayload(`an array of ${n} at byte ${r}`);
      const a = new Array<unknown>(n);
      for (let i = 0; i < n; i++) a[i] = getValue(buf, depth + 1);
      return a;
    }
  }
  throw new UndecodablePayload(`unknown value tag ${tag} at byte ${r - 1}`);
};

/**
 * The value of the compact payload in `buf` from `start` to `stop`, exactly as `JSON.parse`
 * reads the JSON payload it stands for; throws {@link UndecodablePayload} if it is not one.
 * With `whole` false, bytes after the value are left alone (to salvage a damaged record).
 */
export const decodeCompactPayload = (buf: Buffer, start: number, stop: number, whole = true): unknown => {
  r = start;
  end = Math.min(stop, buf.length);
  const v = getValue(buf, 0);
  if (whole && r !== stop) throw new UndecodablePayload(`${stop - r} bytes after the value`);
  return v;
};

/**
 * The value of a payload of either codec; throws (SyntaxError for JSON, {@link UndecodablePayload})
 * if it does not decode.
 */
export const decodePayload = (buf: Buffer, start: number, stop: number, codec: number): unknown =>
  codec === CODEC_COMPACT
    ? decodeCompactPayload(buf, start, stop)
    : JSON.parse(buf.toString("utf8", start, stop));
