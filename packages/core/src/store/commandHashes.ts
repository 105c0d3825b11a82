/** Up to this many commands a hazard are kept in one array and searched; beyond, in a Map. */
const SCAN_LIMIT = 16;

/**
 * The commandIds of one hazard as a big batch keeps them, by hash, each with one number the
 * keeper chooses (an import: a hash of the command's fingerprint; a store: where the command's
 * events were staged): one array of hash, value, hash, value... of exactly its length, or a
 * Map once the hazard has more than 16 commands (`SCAN_LIMIT`).
 *
 * A batch of millions of events keeps this for every hazard it touches, so it holds numbers
 * (8 bytes each, unboxed in a double array), never the ids or fingerprints themselves (about
 * 100 bytes a command as strings). A hash is not an id: two ids may share one. A keeper
 * treats a hash it has seen as "maybe this command" and settles it exactly, by the events
 * themselves, before anything is stored or skipped on its account; a hash it has not seen
 * means "surely a new command", which is the common case and costs no read.
 */
export type CommandHashes = readonly number[] | ReadonlyMap<number, number>;

/** No command yet. */
export const NO_COMMAND_HASHES: CommandHashes = [];

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * A 53-bit hash of a commandId (two 32-bit FNV-1a passes, one over the string and one seeded
 * differently, the second cut to 21 bits): a safe integer, so it is one unboxed double. With a
 * handful of commands a hazard, two ids of one hazard share a hash about once in 10^15 hazards.
 */
export const commandIdHash = (commandId: string): number => {
  let a = FNV_OFFSET;
  let b = FNV_OFFSET ^ 0x5bd1e995;
  for (let i = 0; i < commandId.length; i++) {
    const c = commandId.charCodeAt(i);
    a = Math.imul(a ^ c, FNV_PRIME);
    b = Math.imul(b ^ c ^ (i << 16), 0x01000197);
  }
  return (b >>> 11) * 0x1_0000_0000 + (a >>> 0);
};

/** The value kept with a command hash, when the hazard has a command of that hash. */
export const commandHashValue = (seen: CommandHashes, hash: number): number | undefined => {
  if (!Array.isArray(seen)) return (seen as ReadonlyMap<number, number>).get(hash);
  const entries = seen as readonly number[];
  for (let i = 0; i < entries.length; i += 2) if (entries[i] === hash) return entries[i + 1];
  return undefined;
};

/**
 * `seen` with a command hash the hazard did not have yet (see {@link commandHashValue}): a
 * new array of exactly the new length, or the same Map with one more entry.
 */
export const withCommandHash = (seen: CommandHashes, hash: number, value: number): CommandHashes => {
  if (!Array.isArray(seen)) return (seen as Map<number, number>).set(hash, value);
  const entries = seen as readonly number[];
  if (entries.length < 2 * SCAN_LIMIT) return entries.concat(hash, value);
  const map = new Map<number, number>();
  for (let i = 0; i < entries.length; i += 2) map.set(entries[i] as number, entries[i + 1] as number);
  return map.set(hash, value);
};
