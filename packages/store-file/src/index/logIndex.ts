import { ChunkedFloat64Array, ChunkedUint32Array } from "./chunkedArray.js";

/** Where a record lies: the index of its segment in the store's list, and its byte offset. */
export interface RecordLocation {
  readonly segment: number;
  readonly offset: number;
}

/**
 * The in-memory index of the committed log, rebuilt on open from the record headers.
 *
 * Per event: its offset in its segment (8 bytes) and the position of the previous event of
 * the same hazard (4 bytes), so a stream is a linked list walked back from its last event
 * and reading one hazard never scans the log. Per hazard: a map entry to an ordinal, and
 * the stream's length and last position (4 + 4 bytes). Per segment: its first position, so
 * a position finds its segment by binary search. Positions are the 0-based global index.
 */
export class LogIndex {
  private readonly offsets = new ChunkedFloat64Array();
  /** Previous position of the same hazard, plus one; 0 for a stream's first event. */
  private readonly previous = new ChunkedUint32Array();
  private hazardMap: Map<string, number> | undefined = new Map();
  /**
   * A deserialized index's hazard ids, still as bytes (length, latin1 id, 8 bytes of counts,
   * per hazard): the map is built on the first question that needs it. A query answered from
   * a read model and the log's tail never asks one, and building 200k map entries was a fifth
   * of its start-up.
   */
  private pendingIds: Buffer | undefined;
  /** Hazards looked up in {@link pendingIds} by a scan so far. */
  private scans = 0;
  private readonly streamLength = new ChunkedUint32Array();
  private readonly lastPosition = new ChunkedUint32Array();
  /** First position of each segment, in segment order. */
  private readonly segmentStarts: number[] = [];

  /** Number of events indexed: the next position. */
  get size(): number {
    return this.offsets.length;
  }

  get hazardCount(): number {
    return this.streamLength.length;
  }

  /**
   * The ordinal of a hazard. Before the map is built, the first few questions scan the id
   * bytes instead (a read model checks the one event it claims to end with: a millisecond,
   * not the map's tens); more questions than that build the map.
   */
  private ordinalOf(hazardId: string): number | undefined {
    const ids = this.pendingIds;
    if (ids === undefined || ++this.scans > 4) return this.hazards.get(hazardId);
    const length = hazardId.length;
    for (let o = 0, h = 0; o < ids.length; h++) {
      const l = ids[o] as number;
      if (l === length) {
        let i = 0;
        while (i < length && ids[o + 1 + i] === hazardId.charCodeAt(i)) i++;
        if (i === length) return h;
      }
      o += 1 + l + 8;
    }
    return undefined;
  }

  private get hazards(): Map<string, number> {
    if (this.hazardMap !== undefined) return this.hazardMap;
    const map = new Map<string, number>();
    const ids = this.pendingIds as Buffer;
    for (let o = 0, h = 0; o < ids.length; h++) {
      const length = ids[o++] as number;
      map.set(ids.toString("latin1", o, o + length), h);
      o += length + 8;
    }
    this.pendingIds = undefined;
    this.hazardMap = map;
    return map;
  }

  get segmentCount(): number {
    return this.segmentStarts.length;
  }

  /** Registers the next segment; its records get positions from the current size on. */
  addSegment(): void {
    this.segmentStarts.push(this.size);
  }

  /** The length of a hazard's stream (0 when unknown). */
  streamLengthOf(hazardId: string): number {
    const h = this.ordinalOf(hazardId);
    return h === undefined ? 0 : this.streamLength.get(h);
  }

  /**
   * Indexes the next event. Returns why it cannot be (a position or seq out of order, which
   * only damage produces), or undefined.
   */
  add(hazardId: string, seq: number, position: number, offset: number): string | undefined {
    if (position !== this.size) return `position ${position} where ${this.size} was expected`;
    let h = this.hazards.get(hazardId);
    const length = h === undefined ? 0 : this.streamLength.get(h);
    if (seq !== length) return `${hazardId} seq ${seq} where seq ${length} was expected`;
    if (h === undefined) {
      h = this.streamLength.length;
      this.hazards.set(hazardId, h);
      this.streamLength.push(1);
      this.lastPosition.push(position);
      this.previous.push(0);
    } else {
      this.previous.push(this.lastPosition.get(h) + 1);
      this.streamLength.set(h, length + 1);
      this.lastPosition.set(h, position);
    }
    this.offsets.push(offset);
    return undefined;
  }

  /** Positions of a hazard's events with seq in [from, to], in seq order. */
  streamPositions(hazardId: string, from: number, to: number): number[] {
    const h = this.ordinalOf(hazardId);
    if (h === undefined) return [];
    const length = this.streamLength.get(h);
    const last = Math.min(to, length - 1);
    if (last < from) return [];
    const out = new Array<number>(last - from + 1);
    let p = this.lastPosition.get(h);
    for (let seq = length - 1; seq >= from; seq--) {
      if (seq <= last) out[seq - from] = p;
      p = this.previous.get(p) - 1;
    }
    return out;
  }

  /** Where the event at `position` is stored. */
  locate(position: number): RecordLocation {
    let lo = 0;
    let hi = this.segmentStarts.length - 1;
    // The last segment whose first position is at or before `position`.
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((this.segmentStarts[mid] as number) <= position) lo = mid;
      else hi = mid - 1;
    }
    return { segment: lo, offset: this.offsets.get(position) };
  }

  /** The first position of segment `segment`. */
  segmentStart(segment: number): number {
    return this.segmentStarts[segment] ?? this.size;
  }

  /**
   * The index as bytes (platform byte order): counts, segment starts, per event offset and
   * previous position, per hazard its id, length and last position.
   */
  serialize(): Buffer {
    const ids = [...this.hazards.keys()];
    const idBytes = ids.reduce((n, id) => n + 1 + id.length, 0);
    const out = Buffer.alloc(
      12 +
        this.segmentStarts.length * 8 +
        this.offsets.usedBytes +
        this.previous.usedBytes +
        idBytes +
        ids.length * 8,
    );
    out.writeUInt32LE(this.size, 0);
    out.writeUInt32LE(ids.length, 4);
    out.writeUInt32LE(this.segmentStarts.length, 8);
    let o = 12;
    for (const start of this.segmentStarts) o = out.writeDoubleLE(start, o);
    o = this.offsets.writeTo(out, o);
    o = this.previous.writeTo(out, o);
    // Hazards in ordinal order (a Map iterates in insertion order, which is ordinal order).
    ids.forEach((id, h) => {
      out[o++] = id.length;
      o += out.write(id, o, "latin1");
      o = out.writeUInt32LE(this.streamLength.get(h), o);
      o = out.writeUInt32LE(this.lastPosition.get(h), o);
    });
    return out;
  }

  /** The index {@link serialize} wrote, or why `buf` is not one. */
  static deserialize(buf: Buffer): LogIndex | string {
    if (buf.length < 12) return "too short";
    const size = buf.readUInt32LE(0);
    const hazards = buf.readUInt32LE(4);
    const segments = buf.readUInt32LE(8);
    if (12 + segments * 8 + size * 12 > buf.length) return "counts beyond the end";
    const index = new LogIndex();
    let o = 12;
    for (let i = 0; i < segments; i++, o += 8) index.segmentStarts.push(buf.readDoubleLE(o));
    o = index.offsets.readFrom(buf, o, size);
    o = index.previous.readFrom(buf, o, size);
    const idsStart = o;
    for (let h = 0; h < hazards; h++) {
      if (o >= buf.length) return "hazards beyond the end";
      const length = buf[o++] as number;
      if (o + length + 8 > buf.length) return "hazards beyond the end";
      o += length;
      index.streamLength.push(buf.readUInt32LE(o));
      index.lastPosition.push(buf.readUInt32LE(o + 4));
      o += 8;
    }
    if (o !== buf.length) return "trailing bytes";
    index.hazardMap = undefined;
    index.pendingIds = buf.subarray(idsStart, o);
    return index;
  }

  /** Bytes held by the typed arrays (the map of hazard ids comes on top; see the benchmark). */
  get arrayBytes(): number {
    return this.offsets.bytes + this.previous.bytes + this.streamLength.bytes + this.lastPosition.bytes;
  }
}
