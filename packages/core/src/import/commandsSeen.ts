/** Up to this many commands a hazard are kept in two arrays and searched; beyond, in a Map. */
const SCAN_LIMIT = 16;

/**
 * The commandIds of one hazard, each with the fingerprint of its events, as an import's
 * cursor keeps them for the whole import. A hazard has a handful of commands, and an import
 * keeps one of these for every hazard it touches: two short arrays cost a fraction of a Map
 * (whose empty table alone is a few hundred bytes), which at millions of hazards is most of
 * the import's memory. A hazard with many commands gets a Map, so a lookup never scans far.
 */
export class CommandsSeen {
  private ids: string[] | undefined;
  private fingerprints: string[] | undefined;
  private map: Map<string, string> | undefined;

  /** The fingerprint of the events under `commandId`, when the hazard has that command. */
  get(commandId: string): string | undefined {
    if (this.map !== undefined) return this.map.get(commandId);
    const ids = this.ids;
    if (ids === undefined) return undefined;
    for (let i = 0; i < ids.length; i++) if (ids[i] === commandId) return this.fingerprints?.[i];
    return undefined;
  }

  /** Records a command the hazard did not have yet (see {@link get}). */
  add(commandId: string, fingerprint: string): void {
    if (this.map !== undefined) {
      this.map.set(commandId, fingerprint);
      return;
    }
    const ids = (this.ids ??= []);
    const fingerprints = (this.fingerprints ??= []);
    ids.push(commandId);
    fingerprints.push(fingerprint);
    if (ids.length > SCAN_LIMIT) {
      this.map = new Map(ids.map((id, i) => [id, fingerprints[i] as string]));
      this.ids = this.fingerprints = undefined;
    }
  }
}
