import { type CommandHashes, type CommandSpan, NO_COMMAND_HASHES } from "@hazard-ledger/core/store-kit";
import { ChunkedUint32Array } from "../index/chunkedArray.js";

/** A stream as a group's staging sees it: the committed part, then what the group staged. */
export interface StagedStream {
  readonly hazardId: string;
  /** Its ordinal in the group's records (`StagedRecords.streamOrdinal`). */
  readonly ordinal: number;
  readonly committedLength: number;
  /** Its length with what the group staged. */
  length: number;
  lastHash: string | undefined;
  /** The group's last record of the stream, or -1. */
  lastRecord: number;
  /** Command ids of the committed events, loaded from the log on first need. */
  committedCommands: ReadonlyMap<string, CommandSpan> | undefined;
  /**
   * In a streamed batch, which keeps nothing else of the commands it staged: their commandIds
   * by hash, each with the record where the first append of that hash starts. A batch keeps
   * this for every hazard it touches, so it is numbers, never the ids.
   */
  commands: CommandHashes;
}

/** Streams a column chunk holds (4 Ki): a batch may be small. */
const CHUNK_BITS = 12;

/**
 * The streams of a streamed batch, in columns by ordinal: a batch of millions of events holds
 * one row for each hazard it touches, so a row is a few numbers and pointers (about 30 bytes
 * beside its command hashes and its entry in the map of ordinals; the id is the records'),
 * not an object of its own. A stream is handed out as a {@link StagedStream} view of its
 * row, made for the append that asks.
 */
export class StreamTable {
  /** @param hazardIdOf - the hazard id of an ordinal (the records keep them). */
  constructor(readonly hazardIdOf: (ordinal: number) => string) {}

  private readonly ordinals = new Map<string, number>();
  readonly committedLengths = new ChunkedUint32Array(CHUNK_BITS);
  readonly lengths = new ChunkedUint32Array(CHUNK_BITS);
  /** The last record plus one; 0 for none. */
  readonly lastRecords = new ChunkedUint32Array(CHUNK_BITS);
  readonly lastHashes: (string | undefined)[] = [];
  readonly commands: CommandHashes[] = [];
  /** Only of streams with committed events, which an import into a new ledger has none of. */
  readonly committedCommands = new Map<number, ReadonlyMap<string, CommandSpan>>();

  /** The stream of `hazardId`, if the batch has one. */
  get(hazardId: string): StagedStream | undefined {
    const ordinal = this.ordinals.get(hazardId);
    return ordinal === undefined ? undefined : new StreamRow(this, ordinal);
  }

  /** A new stream: `ordinal` is the next one (the records hand them out in order). */
  add(hazardId: string, ordinal: number, committedLength: number): StagedStream {
    if (ordinal !== this.lastHashes.length)
      throw new Error(`stream ordinal ${ordinal} where ${this.lastHashes.length} is next`);
    this.ordinals.set(hazardId, ordinal);
    this.committedLengths.push(committedLength);
    this.lengths.push(committedLength);
    this.lastRecords.push(0);
    this.lastHashes.push(undefined);
    this.commands.push(NO_COMMAND_HASHES);
    return new StreamRow(this, ordinal);
  }

  /** Drops what only lookups and checks use: {@link get} and `commands` answer no more. */
  endLookups(): void {
    this.ordinals.clear();
    this.commands.length = 0;
    this.committedCommands.clear();
  }

  /** Every stream of the batch. */
  *rows(): Iterable<StagedStream> {
    for (let ordinal = 0; ordinal < this.lastHashes.length; ordinal++) yield new StreamRow(this, ordinal);
  }
}

/** A view of one row of a {@link StreamTable}. */
class StreamRow implements StagedStream {
  constructor(
    private readonly table: StreamTable,
    readonly ordinal: number,
  ) {}

  get hazardId(): string {
    return this.table.hazardIdOf(this.ordinal);
  }

  get committedLength(): number {
    return this.table.committedLengths.get(this.ordinal);
  }

  get length(): number {
    return this.table.lengths.get(this.ordinal);
  }

  set length(n: number) {
    this.table.lengths.set(this.ordinal, n);
  }

  get lastHash(): string | undefined {
    return this.table.lastHashes[this.ordinal];
  }

  set lastHash(hash: string | undefined) {
    this.table.lastHashes[this.ordinal] = hash;
  }

  get lastRecord(): number {
    return this.table.lastRecords.get(this.ordinal) - 1;
  }

  set lastRecord(k: number) {
    this.table.lastRecords.set(this.ordinal, k + 1);
  }

  get committedCommands(): ReadonlyMap<string, CommandSpan> | undefined {
    return this.table.committedCommands.get(this.ordinal);
  }

  set committedCommands(spans: ReadonlyMap<string, CommandSpan> | undefined) {
    if (spans === undefined) this.table.committedCommands.delete(this.ordinal);
    else this.table.committedCommands.set(this.ordinal, spans);
  }

  get commands(): CommandHashes {
    return this.table.commands[this.ordinal] as CommandHashes;
  }

  set commands(hashes: CommandHashes) {
    this.table.commands[this.ordinal] = hashes;
  }
}
