/** Entries a chunk holds by default, as a power of two: 64 Ki. */
const CHUNK_BITS = 16;

/**
 * A growable array of numbers in fixed-size typed chunks: no copy when it grows and at
 * most one partly used chunk, so memory stays at the element size per entry (a plain JS
 * array of numbers would cost 8 to 16 bytes each, a doubling typed array up to twice).
 */
abstract class ChunkedArray<A extends Uint32Array | Float64Array> {
  private readonly chunks: A[] = [];
  private size = 0;
  private readonly bits: number;
  /** Entries a chunk holds. */
  protected readonly chunk: number;
  private readonly mask: number;

  /**
   * @param chunkBits - entries a chunk holds, as a power of two: smaller for an array that is
   *   often made for a few entries (each chunk is allocated whole).
   */
  constructor(chunkBits = CHUNK_BITS) {
    this.bits = chunkBits;
    this.chunk = 1 << chunkBits;
    this.mask = this.chunk - 1;
  }

  protected abstract newChunk(): A;
  protected abstract readonly elementBytes: number;

  get length(): number {
    return this.size;
  }

  get(i: number): number {
    return (this.chunks[i >>> this.bits] as A)[i & this.mask] as number;
  }

  set(i: number, v: number): void {
    (this.chunks[i >>> this.bits] as A)[i & this.mask] = v;
  }

  push(v: number): void {
    const c = this.size >>> this.bits;
    if (c === this.chunks.length) this.chunks.push(this.newChunk());
    (this.chunks[c] as A)[this.size & this.mask] = v;
    this.size++;
  }

  /** Drops entries from `length` on (a transaction that did not commit). */
  truncate(length: number): void {
    this.size = Math.min(this.size, length);
    this.chunks.length = Math.ceil(this.size / this.chunk);
  }

  /** Bytes the used entries take in {@link writeTo} (platform byte order). */
  get usedBytes(): number {
    return this.size * this.elementBytes;
  }

  /** Copies the used entries into `out` at `at`; returns the offset after them. */
  writeTo(out: Uint8Array, at: number): number {
    let o = at;
    let left = this.size;
    for (const c of this.chunks) {
      const n = Math.min(left, this.chunk);
      out.set(new Uint8Array(c.buffer, c.byteOffset, n * this.elementBytes), o);
      o += n * this.elementBytes;
      left -= n;
      if (left === 0) break;
    }
    return o;
  }

  /** Appends `count` entries from the bytes of `src` at `at`; returns the offset after them. */
  readFrom(src: Uint8Array, at: number, count: number): number {
    let o = at;
    let left = count;
    while (left > 0) {
      const c = this.size >>> this.bits;
      if (c === this.chunks.length) this.chunks.push(this.newChunk());
      const chunk = this.chunks[c] as A;
      const into = this.size & this.mask;
      const n = Math.min(left, this.chunk - into);
      new Uint8Array(chunk.buffer, chunk.byteOffset + into * this.elementBytes, n * this.elementBytes).set(
        src.subarray(o, o + n * this.elementBytes),
      );
      o += n * this.elementBytes;
      this.size += n;
      left -= n;
    }
    return o;
  }

  /** Bytes held, chunks counted whole. */
  get bytes(): number {
    return this.chunks.reduce((n, c) => n + c.byteLength, 0);
  }
}

/** Unsigned 32-bit entries. */
export class ChunkedUint32Array extends ChunkedArray<Uint32Array> {
  protected readonly elementBytes = 4;
  protected newChunk(): Uint32Array {
    return new Uint32Array(this.chunk);
  }
}

/** Float64 entries: whole numbers up to 2^53. */
export class ChunkedFloat64Array extends ChunkedArray<Float64Array> {
  protected readonly elementBytes = 8;
  protected newChunk(): Float64Array {
    return new Float64Array(this.chunk);
  }
}
