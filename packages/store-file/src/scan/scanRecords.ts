import { crc32 } from "node:zlib";
import {
  FLAG_COMMIT,
  MAX_HEADER_SIZE,
  MAX_RECORD_SIZE,
  RECORD_HEADER_SIZE,
  type RecordHeader,
  type RecordIdentity,
  decodeCompactPayload,
  hasRecordMagic,
  hazardIdLengthAt,
  isHeaderProblem,
  payloadCrcAt,
  payloadIntact,
  readRecordHeader,
  recordLengthAt,
} from "../format/recordFormat.js";
import type { FileWindow } from "./fileWindow.js";

/** A record met by a scan: its header, and where its bytes are for as long as the callback runs. */
export interface ScannedRecord {
  /** Offset of the record in its segment file. */
  readonly offset: number;
  readonly header: RecordHeader;
  readonly buf: Buffer;
  /** Index of the record in `buf`. */
  readonly at: number;
}

/** Why a scan stopped where it did. */
export type ScanStop =
  | { readonly kind: "end" }
  | { readonly kind: "stopped" }
  | { readonly kind: "incomplete"; readonly offset: number }
  | {
      readonly kind: "bad_header";
      readonly offset: number;
      readonly message: string;
      readonly named?: RecordIdentity;
    }
  | { readonly kind: "bad_payload"; readonly offset: number; readonly header: RecordHeader };

const HEADER_PEEK = MAX_HEADER_SIZE + 64;

/**
 * Reads records from `start` to the end of the window, checking every header checksum and
 * (unless told not to) every payload checksum. `onRecord` may return false to stop.
 * Returns where and why the scan stopped; `end` is the offset after the last good record.
 */
export const scanRecords = (
  win: FileWindow,
  start: number,
  onRecord: (r: ScannedRecord) => boolean | void,
  checkPayload = true,
): { stop: ScanStop; end: number } => {
  let offset = start;
  while (offset < win.end) {
    let v = win.view(offset, HEADER_PEEK);
    const h = readRecordHeader(v.buf, v.at, Math.min(v.available, HEADER_PEEK));
    let header: RecordHeader;
    if (isHeaderProblem(h)) {
      if (h.kind === "bad_header")
        return {
          stop: { kind: "bad_header", offset, message: h.message, ...(h.named ? { named: h.named } : {}) },
          end: offset,
        };
      if (h.need <= HEADER_PEEK && offset + h.need > win.end)
        return { stop: { kind: "incomplete", offset }, end: offset };
      // The header is fine; the record is longer than the peek.
      v = win.view(offset, h.need);
      const full = readRecordHeader(v.buf, v.at, v.available);
      if (isHeaderProblem(full)) return { stop: { kind: "incomplete", offset }, end: offset };
      header = full;
    } else header = h;
    if (checkPayload && !payloadIntact(v.buf, v.at, header))
      return { stop: { kind: "bad_payload", offset, header }, end: offset };
    if (onRecord({ offset, header, buf: v.buf, at: v.at }) === false)
      return { stop: { kind: "stopped" }, end: offset + header.length };
    offset += header.length;
  }
  return { stop: { kind: "end" }, end: offset };
};

/**
 * The offset of the next intact record (header and payload checksums hold) after `from`,
 * or undefined: after a damaged record, this tells damage in the middle of the log (intact
 * records follow) from a torn tail (nothing intact follows).
 */
export const findNextIntactRecord = (win: FileWindow, from: number): number | undefined => {
  for (let offset = from + 1; offset + RECORD_HEADER_SIZE <= win.end; offset++) {
    const v = win.view(offset, HEADER_PEEK);
    if (!hasRecordMagic(v.buf, v.at)) continue;
    const h = readRecordHeader(v.buf, v.at, Math.min(v.available, HEADER_PEEK));
    if (isHeaderProblem(h)) {
      if (h.kind === "bad_header" || h.need > MAX_RECORD_SIZE || offset + h.need > win.end) continue;
      const w = win.view(offset, h.need);
      const full = readRecordHeader(w.buf, w.at, w.available);
      if (!isHeaderProblem(full) && payloadIntact(w.buf, w.at, full)) return offset;
      continue;
    }
    if (payloadIntact(v.buf, v.at, h)) return offset;
  }
  return undefined;
};

/**
 * True when the bytes from `offset` to the end of the file are one whole record whose header
 * is damaged: its payload still matches the checksum the header holds, or the header's
 * length still ends exactly at the end of the file with an event in it. A torn write
 * never looks like this (it leaves a valid header and a cut payload), so such a last
 * record is damage to report, not a tail to cut.
 */
export const isDamagedWholeRecord = (win: FileWindow, offset: number): boolean => {
  const size = win.end - offset;
  if (size < RECORD_HEADER_SIZE || size > MAX_RECORD_SIZE) return false;
  const { buf, at } = win.view(offset, size);
  const idLength = hazardIdLengthAt(buf, at);
  const payloadFrom = (start: number): Buffer | undefined =>
    start > RECORD_HEADER_SIZE && start < size ? buf.subarray(at + start, at + size) : undefined;
  // The damage may be in the flags too: try the payload after a header with and without a commit time.
  for (const headerSize of [RECORD_HEADER_SIZE, MAX_HEADER_SIZE]) {
    const byCrc = payloadFrom(headerSize + idLength);
    if (byCrc !== undefined && crc32(byCrc) === payloadCrcAt(buf, at)) return true;
  }
  if (recordLengthAt(buf, at) !== size) return false;
  for (let start = RECORD_HEADER_SIZE + 1; start <= MAX_HEADER_SIZE + 64 && start < size; start++) {
    try {
      // A JSON payload starts with '{'; anything else may start a compact one.
      const u: unknown =
        buf[at + start] === 0x7b
          ? JSON.parse((payloadFrom(start) as Buffer).toString("utf8"))
          : decodeCompactPayload(buf, at + start, at + size);
      if (typeof u === "object" && u !== null && "hash" in u) return true;
    } catch {
      // not the start of the payload
    }
  }
  return false;
};

/** One transaction's records as a scan found them, before its commit record is seen. */
export interface PendingRecord {
  readonly offset: number;
  readonly header: RecordHeader;
}

/**
 * Scans records grouped in transactions: `onCommit` receives each complete transaction
 * (up to and including its commit record). Records after the last commit are returned as
 * `uncommitted`; `committedEnd` is the offset after the last commit record.
 */
export const scanTransactions = (
  win: FileWindow,
  start: number,
  onCommit: (records: readonly PendingRecord[], end: number) => void,
  checkPayload = true,
): { stop: ScanStop; committedEnd: number; uncommitted: readonly PendingRecord[] } => {
  let pending: PendingRecord[] = [];
  let committedEnd = start;
  const { stop } = scanRecords(
    win,
    start,
    (r) => {
      pending.push({ offset: r.offset, header: r.header });
      if ((r.header.flags & FLAG_COMMIT) !== 0) {
        committedEnd = r.offset + r.header.length;
        onCommit(pending, committedEnd);
        pending = [];
      }
    },
    checkPayload,
  );
  return { stop, committedEnd, uncommitted: pending };
};
