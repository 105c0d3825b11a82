const CHUNK_BITS = 16;
const CHUNK = 1 << CHUNK_BITS;
const MASK = CHUNK - 1;

/**
 * A growable array of numbers in fixed-size typed chunks: no copy when it grows and at
 * most one partly used chunk, so memory stays at the element size per entry (a plain JS
 * array of numbers would cost 8 to 16 bytes each, a doubling typed array up to twice).
 */
abstract class ChunkedArray<A extends Uint32Array | Float64Array> {
  private readonly chunks: A[] = [];
  private size = 0;

  protected abstract newChunk(): A;

  get length(): number {
    return this.size;
  }

  get(i: number): number {
    return (this.chunks[i >>> CHUNK_BITS] as A)[i & MASK] as number;
  }

  set(i: number, v: number): void {
    (this.chunks[i >>> CHUNK_BITS] as A)[i & MASK] = v;
  }

  push(v: number): void {
    const c = this.size >>> CHUNK_BITS;
    if (c === this.chunks.length) this.chunks.push(this.newChunk());
    (this.chunks[c] as A)[this.size & MASK] = v;
    this.size++;
  }

  /** Drops entries from `length` on (a transaction that did not commit). */
  truncate(length: number): void {
    this.size = Math.min(this.size, length);
    this.chunks.length = Math.ceil(this.size / CHUNK);
  }

  /** Bytes held, chunks counted whole. */
  get bytes(): number {
    return this.chunks.reduce((n, c) => n + c.byteLength, 0);
  }
}

/** Unsigned 32-bit entries. */
export class ChunkedUint32Array extends ChunkedArray<Uint32Array> {
  protected newChunk(): Uint32Array {
    return new Uint32Array(CHUNK);
  }
}

/** Float64 entries: whole numbers up to 2^53. */
export class ChunkedFloat64Array extends ChunkedArray<Float64Array> {
  protected newChunk(): Float64Array {
    return new Float64Array(CHUNK);
  }
}
