import { getHeapSpaceStatistics, getHeapStatistics } from "node:v8";
import { RejectedError } from "./io.js";

/**
 * The share of V8's old generation past which an import gives up. An import holds every
 * hazard's state until its one commit; when that outgrows the heap, V8 first spends minutes
 * collecting garbage and then aborts the process with a crash trace. Refusing at 90% ends it in
 * one line, with nothing stored, while there is still room to unwind.
 */
const OLD_SHARE = 0.9;
/**
 * The least room the guard leaves: on a small heap a tenth is a few megabytes, which one
 * growth of the store's columns, or a garbage collection that lags on a loaded machine, can
 * take at once (a 32 MB heap was seen aborting in V8 under a full test run).
 */
const LEAST_ROOM = 8 * 2 ** 20;
/**
 * What V8 reserves of `heap_size_limit` for the young generation by default (three
 * semi-spaces of 16 MiB on 64-bit): the rest is the old generation, `--max-old-space-size`.
 */
const YOUNG_RESERVED = 48 * 2 ** 20;
/** Where what an import keeps lives: survivors are promoted to these. */
const OLD_SPACES = new Set(["old_space", "large_object_space"]);

const mb = (bytes: number): number => Math.round(bytes / 2 ** 20);

/**
 * `chunks` of the file `name`, refused in one line ({@link RejectedError}) as soon as V8's old
 * generation is nearly full: checked at each chunk (64 KiB), a few hundred lines apart.
 */
export async function* heapGuarded<T extends { readonly length: number }>(
  chunks: AsyncIterable<T>,
  name: string,
): AsyncGenerator<T> {
  const oldLimit = getHeapStatistics().heap_size_limit - YOUNG_RESERVED;
  const giveUpAt = Math.min(OLD_SHARE * oldLimit, oldLimit - LEAST_ROOM);
  let read = 0;
  for await (const chunk of chunks) {
    read += chunk.length;
    let old = 0;
    for (const space of getHeapSpaceStatistics())
      if (OLD_SPACES.has(space.space_name)) old += space.space_used_size;
    if (old > giveUpAt)
      throw new RejectedError(
        `${name}: the import outgrew this process's memory (${mb(old)} of ${mb(oldLimit)} MB of ` +
          `heap) after ${mb(read)} MB of the file; nothing was stored. Import the log in parts, ` +
          `or give node more heap: NODE_OPTIONS=--max-old-space-size=${2 * mb(oldLimit)}`,
      );
    yield chunk;
  }
}
