import { crc32 } from "node:zlib";
import type { RecordedHazardEvent } from "@hazard-ledger/core";
import {
  FLAG_BACKFILL,
  RECORD_HEADER_SIZE,
  type RecordHeader,
  UndecodablePayload,
  codecProblem,
  commitTimeOf,
  decodePayload,
  hasRecordMagic,
  hazardIdLengthAt,
  hazardIdStartAt,
  headerIntact,
  headerProblemText,
  isHeaderProblem,
  payloadCrcAt,
  payloadIntact,
  readRecordHeader,
  recordCodecAt,
  recordFlagsAt,
  recordLengthAt,
  recordPositionAt,
  recordSeqAt,
} from "../format/recordFormat.js";
import { FileWindow } from "../scan/fileWindow.js";
import { StoreCorruptError } from "./errors.js";
import { RECORD_PEEK, type Segment, type SegmentLog } from "./segmentLog.js";
import type { CommittedEvent } from "./staging.js";

/** The read window a sequential reader keeps between batches. */
export interface RangeWindow {
  w: FileWindow | undefined;
  segment: number;
}

/** The window of a stream read: most hazards' neighbouring events fit. */
const RANDOM_READ_WINDOW = 16 * 1024;

const who = (hazardId: string, seq: number): string => `${hazardId} seq ${seq}`;

/** Where a record is, to name it in a report of damage. */
interface Site {
  readonly segment: number;
  readonly offset: number;
}

/**
 * Reads committed events from the segment files, by stream (random reads through small
 * windows) or by position (big sequential reads), checking every checksum: what is decoded
 * is what was written, and damage stops the read ({@link StoreCorruptError}).
 */
export class RecordReader {
  private readonly randomWindows = new Map<number, FileWindow>();
  /** The last commit time converted to text, for reads (a transaction's events share it). */
  private commitText: { ms: number; text: string } = { ms: Number.NaN, text: "" };

  constructor(private readonly log: SegmentLog) {}

  /** Drops the windows kept between reads (the segments they read were closed). */
  forget(): void {
    this.randomWindows.clear();
  }

  /**
   * Reads records by position (page cache), checking every checksum. A small window per
   * segment serves neighbouring events of the stream (an imported hazard, a burst of
   * commands) from one read.
   */
  readStream(hazardId: string, from: number, to: number): CommittedEvent[] {
    const index = this.log.index;
    const positions = index.streamPositions(hazardId, from, to);
    const out = new Array<CommittedEvent>(positions.length);
    let win: FileWindow | undefined;
    let winSegment = -1;
    for (let i = 0; i < positions.length; i++) {
      const position = positions[i] as number;
      const { segment, offset } = index.locate(position);
      const seg = this.log.segments[segment] as Segment;
      if (win === undefined || winSegment !== segment) {
        win = this.randomWindow(seg);
        winSegment = segment;
      }
      let v = win.view(offset, RECORD_PEEK);
      let h = readRecordHeader(v.buf, v.at, v.available);
      if (isHeaderProblem(h) && h.kind === "incomplete" && h.need <= seg.end - offset) {
        v = win.view(offset, h.need);
        h = readRecordHeader(v.buf, v.at, v.available);
      }
      const site = { segment, offset };
      if (isHeaderProblem(h))
        this.damaged(
          site,
          h.kind === "bad_header" ? headerProblemText(h.message, h.named) : "record cut short",
        );
      else if (h.position !== position || h.hazardId !== hazardId)
        this.damaged(
          site,
          `the index points at ${h.hazardId} position ${h.position}, not ${hazardId} ${position}`,
        );
      else out[i] = { event: this.decode(v.buf, v.at, h, site), flags: h.flags };
    }
    return out;
  }

  /**
   * Up to `max` committed events with positions in [from, end), in order, read sequentially
   * with big reads. `end` is a snapshot of the log's size taken by the caller. The records
   * were checked whole when they were indexed; here each must still be where the index says
   * and its payload must still match its checksum (what is decoded is what was written).
   */
  readRange(from: number, end: number, max: number, win?: RangeWindow): RecordedHazardEvent[] {
    const out: RecordedHazardEvent[] = [];
    let position = from;
    while (position < end && out.length < max) {
      const located = this.log.index.locate(position);
      const segment = located.segment;
      let offset = located.offset;
      const seg = this.log.segments[segment] as Segment;
      let w: FileWindow;
      if (win?.w !== undefined && win.segment === segment) {
        w = win.w;
        w.end = seg.end;
      } else {
        w = new FileWindow(seg.fd, seg.end);
        if (win !== undefined) {
          win.w = w;
          win.segment = segment;
        }
      }
      while (position < end && out.length < max && offset < seg.end) {
        let v = w.view(offset, RECORD_PEEK);
        const length = v.available >= RECORD_HEADER_SIZE ? recordLengthAt(v.buf, v.at) : 0;
        if (length < RECORD_HEADER_SIZE || length > v.available) {
          if (length >= RECORD_HEADER_SIZE && length <= seg.end - offset) v = w.view(offset, length);
          else this.damaged({ segment, offset }, "record cut short or out of place");
        }
        const { buf, at } = v;
        const idLength = hazardIdLengthAt(buf, at);
        const recordPosition = recordPositionAt(buf, at);
        if (!hasRecordMagic(buf, at) || recordPosition !== position)
          this.damaged({ segment, offset }, `position ${recordPosition} where ${position} was expected`);
        if (!headerIntact(buf, at)) this.damaged({ segment, offset }, "record header checksum mismatch");
        const flags = recordFlagsAt(buf, at);
        const codec = recordCodecAt(buf, at);
        // The saved index may come from a program that knew a codec this one does not.
        const unknownCodec = codecProblem(codec);
        if (unknownCodec !== undefined)
          this.damaged(
            { segment, offset },
            headerProblemText(unknownCodec, {
              hazardId: buf.toString("latin1", hazardIdStartAt(buf, at), hazardIdStartAt(buf, at) + idLength),
              seq: recordSeqAt(buf, at),
            }),
          );
        const idStart = hazardIdStartAt(buf, at);
        const payloadStart = idStart + idLength;
        if (crc32(buf.subarray(payloadStart, at + length)) !== payloadCrcAt(buf, at))
          this.damaged(
            { segment, offset },
            `${buf.toString("latin1", idStart, payloadStart)} seq ${recordSeqAt(buf, at)}: payload checksum mismatch`,
          );
        let event: RecordedHazardEvent & { position: bigint };
        try {
          event = decodePayload(buf, payloadStart, at + length, codec) as typeof event;
        } catch (e) {
          throw this.undecodable(
            e,
            { segment, offset },
            buf.toString("latin1", idStart, payloadStart),
            recordSeqAt(buf, at),
          );
        }
        event.position = BigInt(position);
        this.stampCommit(event, commitTimeOf(buf, at), flags);
        out.push(event);
        position++;
        offset += length;
      }
    }
    return out;
  }

  /**
   * A small read window per segment, kept between reads: bytes below a segment's committed
   * end never change, so what a window holds stays true; only its end moves.
   */
  private randomWindow(seg: Segment): FileWindow {
    let w = this.randomWindows.get(seg.number);
    if (w === undefined) {
      if (this.randomWindows.size >= 8) this.randomWindows.clear();
      w = new FileWindow(seg.fd, seg.end, RANDOM_READ_WINDOW);
      this.randomWindows.set(seg.number, w);
    }
    w.end = seg.end;
    return w;
  }

  private damaged(site: Site, message: string): never {
    throw new StoreCorruptError(this.log.dir, { ...site, message });
  }

  private decode(buf: Buffer, at: number, h: RecordHeader, site: Site): RecordedHazardEvent {
    if (!payloadIntact(buf, at, h))
      this.damaged(site, `${h.hazardId} seq ${h.seq}: payload checksum mismatch`);
    let event: RecordedHazardEvent & { position: bigint };
    try {
      event = decodePayload(buf, at + h.payloadStart, at + h.length, h.codec) as typeof event;
    } catch (e) {
      throw this.undecodable(e, site, h.hazardId, h.seq);
    }
    event.position = BigInt(h.position);
    this.stampCommit(event, h.committedAt, h.flags);
    return event;
  }

  /** What a failed decode throws: a compact payload that does not decode is damage, named. */
  private undecodable(e: unknown, site: Site, hazardId: string, seq: number): unknown {
    return e instanceof UndecodablePayload
      ? new StoreCorruptError(this.log.dir, {
          ...site,
          message: `${who(hazardId, seq)}: the payload does not decode: ${e.message}`,
        })
      : e;
  }

  /** Adds what the record header says of the event's transaction. */
  private stampCommit(
    event: RecordedHazardEvent & { committedAt?: string; backfill?: true },
    committedAt: number | undefined,
    flags: number,
  ): void {
    if (committedAt !== undefined) event.committedAt = this.commitTimeText(committedAt);
    if ((flags & FLAG_BACKFILL) !== 0) event.backfill = true;
  }

  private commitTimeText(ms: number): string {
    if (this.commitText.ms !== ms) this.commitText = { ms, text: new Date(ms).toISOString() };
    return this.commitText.text;
  }
}
