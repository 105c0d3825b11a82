import { readFully } from "./readFully.js";

const DEFAULT_WINDOW = 4 * 1024 * 1024;

/**
 * A window of a file in memory, moved forward as a scan goes: big sequential reads instead
 * of one read per record. Synchronous on purpose: the bytes are almost always in the page
 * cache, where a sync read costs microseconds and a promise per read would cost more.
 */
export class FileWindow {
  private buf: Buffer;
  private start = 0;
  private length = 0;

  constructor(
    private readonly fd: number,
    /** Bytes of the file that may be read. */
    public end: number,
    windowSize = DEFAULT_WINDOW,
  ) {
    this.buf = Buffer.allocUnsafe(windowSize);
  }

  /**
   * Makes the bytes [offset, offset + want) available (fewer at the end of the file) and
   * returns the buffer, the index of `offset` in it and how many bytes from there are valid.
   */
  view(offset: number, want: number): { buf: Buffer; at: number; available: number } {
    const wantEnd = Math.min(offset + want, this.end);
    if (offset < this.start || wantEnd > this.start + this.length) this.fill(offset, want);
    return { buf: this.buf, at: offset - this.start, available: this.start + this.length - offset };
  }

  private fill(offset: number, want: number): void {
    if (want > this.buf.length) this.buf = Buffer.allocUnsafe(Math.max(want, this.buf.length * 2));
    const toRead = Math.max(0, Math.min(this.buf.length, this.end - offset));
    const got = readFully(this.fd, this.buf, toRead, offset);
    this.start = offset;
    this.length = got;
  }
}
