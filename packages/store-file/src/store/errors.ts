/** Where the log is damaged (a checksum failure or a record out of order). */
export interface CorruptionSite {
  /** Segment number. */
  readonly segment: number;
  /** Byte offset in the segment file. */
  readonly offset: number;
  readonly message: string;
}

/**
 * The log is damaged in a way recovery must not paper over: nothing after the damage is
 * served until the damage is dealt with. `verify` names every break.
 */
export class StoreCorruptError extends Error {
  override readonly name = "StoreCorruptError";
  /** A stable code, as every error of the ledger has. */
  readonly code = "STORE_CORRUPT";
  constructor(
    readonly dir: string,
    readonly site: CorruptionSite,
  ) {
    super(
      `file event store ${dir}: the log is damaged at segment ${site.segment} offset ${site.offset}: ` +
        `${site.message} (run verify to list every break)`,
    );
  }
}
