import type { ReadStreamOptions } from "./eventStore.js";

/** The revisions a `readStream` asks for, checked: `to` is undefined for "to the end". */
export interface ReadRange {
  readonly from: number;
  readonly to: number | undefined;
}

/**
 * Checks the range of a `readStream` call the same way in every store: both ends, when given,
 * must be revisions (safe integers ≥ 0), else a RangeError naming the store and the end. A
 * range whose `to` lies before its `from` is valid and empty.
 */
export const readRange = (storeName: string, opts: ReadStreamOptions): ReadRange => {
  const from = opts.fromRevision ?? 0;
  for (const [name, value] of [
    ["fromRevision", from],
    ["toRevision", opts.toRevision ?? 0],
  ] as const)
    if (!Number.isSafeInteger(value) || value < 0)
      throw new RangeError(`${storeName}: readStream ${name} ${value} is not a revision`);
  return { from, to: opts.toRevision };
};
