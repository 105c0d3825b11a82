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
  private readonly hazards = new Map<string, number>();
  private readonly streamLength = new ChunkedUint32Array();
  private readonly lastPosition = new ChunkedUint32Array();
  /** First position of each segment, in segment order. */
  private readonly segmentStarts: number[] = [];

  /** Number of events indexed: the next position. */
  get size(): number {
    return this.offsets.length;
  }

  get hazardCount(): number {
    return this.hazards.size;
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
    const h = this.hazards.get(hazardId);
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
    const h = this.hazards.get(hazardId);
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

  /** Bytes held by the typed arrays (the map of hazard ids comes on top; see the benchmark). */
  get arrayBytes(): number {
    return this.offsets.bytes + this.previous.bytes + this.streamLength.bytes + this.lastPosition.bytes;
  }
}
