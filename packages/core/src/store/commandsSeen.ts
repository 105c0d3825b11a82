/** Up to this many commands a hazard are kept in one array and searched; beyond, in a Map. */
const SCAN_LIMIT = 16;

/**
 * The commandIds of one hazard, each with the fingerprint of its events, as an import's
 * cursor and a store's streamed batch keep them for the whole batch: one array of id, fingerprint, id, fingerprint...
 * of exactly its length, or a Map once the hazard has more than 16 commands (`SCAN_LIMIT`)
 * (so that a lookup never scans far). A hazard has a handful of commands and an import keeps
 * this for every hazard it touches: a Map's table alone is a few hundred bytes and an array
 * grown by `push` reserves room for 17, which at millions of hazards is most of the import's
 * memory; an exact array of five commands is about a hundred bytes.
 */
export type CommandsSeen = readonly string[] | ReadonlyMap<string, string>;

/** No command yet. */
export const NO_COMMANDS: CommandsSeen = [];

/** The fingerprint of the events under `commandId`, when the hazard has that command. */
export const fingerprintSeen = (seen: CommandsSeen, commandId: string): string | undefined => {
  if (!Array.isArray(seen)) return (seen as ReadonlyMap<string, string>).get(commandId);
  const entries = seen as readonly string[];
  for (let i = 0; i < entries.length; i += 2) if (entries[i] === commandId) return entries[i + 1];
  return undefined;
};

/**
 * `seen` with a command the hazard did not have yet (see {@link fingerprintSeen}): a new
 * array of exactly the new length, or the same Map with one more entry.
 */
export const withCommand = (seen: CommandsSeen, commandId: string, fingerprint: string): CommandsSeen => {
  if (!Array.isArray(seen)) return (seen as Map<string, string>).set(commandId, fingerprint);
  const entries = seen as readonly string[];
  if (entries.length < 2 * SCAN_LIMIT) return entries.concat(commandId, fingerprint);
  const map = new Map<string, string>();
  for (let i = 0; i < entries.length; i += 2) map.set(entries[i] as string, entries[i + 1] as string);
  return map.set(commandId, fingerprint);
};
