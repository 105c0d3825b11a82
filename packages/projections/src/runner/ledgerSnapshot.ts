import { hash as digest } from "node:crypto";
import {
  Actor,
  GovLevel,
  type HazardState,
  HazardLevel,
  HazardSource,
  Unit,
  formatErrors,
  oneOf,
  HazardStatus,
} from "@hazard-ledger/core";
import { MerkleFrontierJson } from "@hazard-ledger/core/digest";
import { type Either, left, right } from "fp-ts/lib/Either.js";
import * as t from "io-ts";
import { type LedgerBuilder, emptyLedger } from "../ledger/ledger.js";
import { type ProjectionError, projectionError } from "../projectionError.js";
import { BackfillCommits } from "../report/backfills.js";

/*
 * A ledger as bytes, so that a restarted runner (or a fresh CLI process) resumes from its
 * checkpoint instead of replaying the whole log. The codec restates core's HazardState;
 * `toState` below is typed so that a field added to HazardState and not here fails to
 * compile, and a snapshot written before such a change fails to decode (the runner then
 * rebuilds).
 *
 * The layout (little-endian): the magic `HLRM`, the version (u32), the sha256 of everything
 * after it (32 bytes); then a JSON header (u32 length, UTF-8: position, counts, last event,
 * Merkle frontier, backfills), the distinct values the states hold as two JSON arrays (each a u32 length
 * and its text: the values whose JSON is ASCII, as Latin-1, then the others, as UTF-8;
 * together one table, the ASCII ones first; the second array padded with spaces so the rows
 * start at a multiple of 4), and one fixed-width row per hazard: the u32 index, in that table,
 * of its id, of its lastRecordedAt, of its first event's occurredAt and recordedAt, and of
 * each field of its state in the order of
 * {@link STATE_KEYS}. Regions, sectors, titles, units, deadlines and counts repeat across
 * hazards: each is written and parsed once, checked by its field's codec once per field it
 * stands in, not per row, and shared (frozen) by the rows that hold it; the fold copies a
 * restored state before it changes it. Ids and instants, most of the table, are ASCII: parsed
 * from a one-byte string. Bytes that do not match their checksum (a damaged or hand-edited
 * file) are refused whole, as is a row whose cell is not of its field's type.
 */

/** Bumped when what the fold computes or the text's layout changes, so that older snapshots are rebuilt. */
export const SNAPSHOT_VERSION = 4;

const nullable = <C extends t.Mixed>(codec: C) => t.union([codec, t.null]);
const count = t.refinement(t.number, (n) => Number.isSafeInteger(n) && n >= 0, "Count");
const byKind = <K extends string>(name: string, keys: readonly K[]) =>
  t.type(Object.fromEntries(keys.map((k) => [k, count])) as Record<K, typeof count>, name);

const HazardStateCodec = t.type(
  {
    status: oneOf("Status", ["none", ...HazardStatus.values]),
    hazardId: nullable(t.string),
    seq: t.refinement(t.number, (n) => Number.isSafeInteger(n) && n >= -1, "Seq"),
    lastOccurredAt: nullable(t.string),
    reportedAt: nullable(t.string),
    reportedBy: nullable(Actor),
    title: t.string,
    level: HazardLevel,
    sector: t.string,
    region: t.string,
    unit: nullable(Unit),
    source: HazardSource,
    deadline: nullable(t.string),
    originalDeadline: nullable(t.string),
    responsibleUnit: nullable(t.string),
    hasPlan: t.boolean,
    interimControl: t.boolean,
    supervision: nullable(
      t.type({
        authority: t.string,
        authorityLevel: GovLevel,
        deadline: t.string,
        originalDeadline: t.string,
        noticeNo: nullable(t.string),
        active: t.boolean,
        listedAt: t.string,
      }),
    ),
    listings: count,
    lifts: count,
    lastCompletion: nullable(t.type({ at: t.string, deadline: nullable(t.string), immediate: t.boolean })),
    reopenCount: count,
    voidReason: nullable(t.string),
    notices: byKind("Notices", ["reminder", "supervision_letter", "interview", "bulletin"]),
    enforcement: byKind("Enforcement", ["case_filed", "fine", "suspension_order", "seal", "closure_order"]),
    finesFen: count,
  },
  "HazardState",
);

const toState = (decoded: t.TypeOf<typeof HazardStateCodec>): HazardState => decoded;

/**
 * A state from its row's values, in the order of {@link STATE_KEYS} (checked when this module
 * loads): an object literal, so that every restored state has one shape, built without a
 * keyed store per field.
 */
const stateOfRow = (v: readonly unknown[]): Record<keyof HazardState, unknown> => ({
  status: v[0],
  hazardId: v[1],
  seq: v[2],
  lastOccurredAt: v[3],
  reportedAt: v[4],
  reportedBy: v[5],
  title: v[6],
  level: v[7],
  sector: v[8],
  region: v[9],
  unit: v[10],
  source: v[11],
  deadline: v[12],
  originalDeadline: v[13],
  responsibleUnit: v[14],
  hasPlan: v[15],
  interimControl: v[16],
  supervision: v[17],
  listings: v[18],
  lifts: v[19],
  lastCompletion: v[20],
  reopenCount: v[21],
  voidReason: v[22],
  notices: v[23],
  enforcement: v[24],
  finesFen: v[25],
});

/** The order of a state's fields in a snapshot row, after the hazard's {@link ENTRY_CELLS}. */
const STATE_KEYS = Object.keys(HazardStateCodec.props) as (keyof HazardState)[];
const FIELD_CODECS: readonly t.Mixed[] = STATE_KEYS.map((k) => HazardStateCodec.props[k]);
if (Object.keys(stateOfRow([])).join() !== STATE_KEYS.join())
  throw new Error("ledgerSnapshot: stateOfRow does not list the state's fields in the codec's order");
/** Cells of a row before the state's fields: the hazard id, then the entry's instants. */
const ENTRY_CELLS = 4;
/** Cells of a row: the hazard id, its lastRecordedAt, firstOccurredAt and firstRecordedAt, then the state's fields. */
const ROW = STATE_KEYS.length + ENTRY_CELLS;

/** The last event a snapshot folded: what a reader checks the log still holds at its position. */
export const SnapshotTip = t.type({ hazardId: t.string, seq: count, hash: t.string }, "SnapshotTip");
export type SnapshotTip = t.TypeOf<typeof SnapshotTip>;

/** The JSON header of a ledger snapshot. `position` is the decimal text of a bigint. */
export const SnapshotHeader = t.type(
  {
    position: nullable(t.string),
    eventCount: count,
    /** The last event folded (null before any). */
    tip: nullable(SnapshotTip),
    /** The Merkle frontier of every event read, when the runner keeps the ledger's digest. */
    frontier: nullable(MerkleFrontierJson),
    /** The backfills among the events read, per commit. */
    backfills: BackfillCommits,
    /** Rows that follow the values. */
    hazards: count,
    /** Values appended by saves since the table was last written whole (perhaps repeated). */
    appended: count,
  },
  "SnapshotHeader",
);
export type SnapshotHeader = t.TypeOf<typeof SnapshotHeader>;

/** What a snapshot holds besides the hazards' states. */
export interface SnapshotExtras {
  readonly tip: SnapshotTip | null;
  readonly frontier: MerkleFrontierJson | null;
  readonly backfills: BackfillCommits;
}

const MAGIC = Buffer.from("HLRM", "latin1");
/** Magic, version and checksum; the checksum covers every byte after them. */
const PREAMBLE = 4 + 4 + 32;
/** The rows are read in place as a Uint32Array where the machine's order is the layout's. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
/** Marks, while the rows are written, an index into the second (non-ASCII) array. */
const SECOND = 0x80000000;
/** Marks, while a save builds on an earlier snapshot, an index given by this save. */
const FRESH = 0x40000000;

const checksumOf = (bytes: Uint8Array): Buffer => digest("sha256", bytes, "buffer");
// eslint-disable-next-line no-control-regex
const ASCII = /^[\x00-\x7f]*$/;

/**
 * Which lookup of the value table a row's cell uses: one per field, but the hazard id's two
 * cells share one, as do the instants of its first and last events and its report (often
 * equal). Most
 * fields take few values: their lookups stay small and in the processor's cache.
 */
const CELL_GROUPS: readonly number[] = (() => {
  const field = (key: keyof HazardState) => ENTRY_CELLS + STATE_KEYS.indexOf(key);
  const groups = Array.from({ length: ROW }, (_, i) => i);
  groups[field("hazardId")] = 0;
  groups[2] = 1;
  groups[3] = 1;
  groups[field("lastOccurredAt")] = 1;
  groups[field("reportedAt")] = 1;
  return groups;
})();

/** The distinct values of the cells, each given an index at its first appearance. */
class ValueTable {
  readonly ascii: string[] = [];
  readonly other: string[] = [];
  /** Values an earlier snapshot's table holds before these, of each kind. */
  constructor(
    private readonly asciiBase = 0,
    private readonly otherBase = 0,
  ) {}
  /**
   * Per group of cells: strings, numbers, booleans and null by value, objects by identity (a
   * restored ledger's states share theirs); objects then by their JSON text, across groups.
   */
  private readonly groups = Array.from({ length: ROW }, () => new Map<unknown, number>());
  private readonly byJson = new Map<string, number>();

  /** The index of a cell's value (objects are flat, their keys in the fold's order). */
  indexOf(value: unknown, cell: number): number {
    const group = this.groups[CELL_GROUPS[cell] as number] as Map<unknown, number>;
    let index = group.get(value);
    if (index === undefined) {
      if (typeof value === "object" && value !== null) {
        const json = JSON.stringify(value);
        index = this.byJson.get(json) ?? this.add(json);
        this.byJson.set(json, index);
      } else index = this.add(JSON.stringify(value) ?? "null");
      group.set(value, index);
    }
    return index;
  }

  private add(json: string): number {
    return ASCII.test(json)
      ? this.asciiBase + this.ascii.push(json) - 1
      : (this.otherBase + this.other.push(json) - 1) | SECOND;
  }
}

const sized = (parts: readonly Buffer[], pad = 0): Buffer[] => {
  const length = parts.reduce((n, p) => n + p.length, 0);
  const spaces = (4 - ((pad + 4 + length) % 4)) % 4;
  const prefix = Buffer.alloc(4);
  prefix.writeUInt32LE(length + spaces);
  return [prefix, ...parts, Buffer.alloc(spaces, " ")];
};

/** A JSON array of `before` (items already written, without brackets) and then `items`. */
const arrayText = (before: Buffer, items: readonly string[], encoding: "latin1" | "utf8"): Buffer[] => [
  Buffer.from("["),
  before,
  Buffer.from(before.length > 0 && items.length > 0 ? "," : ""),
  Buffer.from(items.join(","), encoding),
  Buffer.from("]"),
];

/**
 * What a restored ledger keeps of the bytes it came from, until its next save: a save then
 * writes the rows of the hazards no event changed as they were, and appends to the value
 * table only the values of the others (a query after a few new events rewrites a million
 * events' read model in a fraction of what a whole new table costs).
 */
interface Origin {
  /** The rows as read, their indexes final in the table they came with. */
  readonly cells: Uint32Array;
  readonly rows: number;
  readonly asciiCount: number;
  readonly otherCount: number;
  /** The two arrays' items as written, without their brackets and padding. */
  readonly asciiItems: Buffer;
  readonly otherItems: Buffer;
  /** Values appended by saves since the table was last written whole. */
  readonly appended: number;
}
const origins = new WeakMap<object, Origin>();

/**
 * Whether a save may build on the origin: few hazards changed, and the values it appended
 * (perhaps again: it does not look the old ones up) stay a small part of the table.
 */
const worthReusing = (origin: Origin, changed: number): boolean =>
  changed <= origin.rows / 8 &&
  origin.appended + changed * ROW <= (origin.asciiCount + origin.otherCount) / 2;

/** Serializes a ledger folded without a cutoff (the runner's), with its tip and frontier. */
export const snapshotBytes = (
  ledger: Pick<LedgerBuilder, "hazards" | "position" | "eventCount">,
  extras: SnapshotExtras = { tip: null, frontier: null, backfills: [] },
): Uint8Array => {
  const found = origins.get(ledger);
  // One save per restore: a runner that stays live would otherwise keep the bytes in memory.
  origins.delete(ledger);
  let changed = 0;
  if (found !== undefined) {
    let i = 0;
    for (const entry of ledger.hazards.values()) if (i++ >= found.rows || !entry.shared) changed += 1;
  }
  const origin = found !== undefined && worthReusing(found, changed) ? found : undefined;
  const table = new ValueTable(origin?.asciiCount ?? 0, origin?.otherCount ?? 0);
  const cells = new Uint32Array(ledger.hazards.size * ROW);
  let at = 0;
  for (const [hazardId, entry] of ledger.hazards) {
    if (origin !== undefined && at < origin.rows * ROW && entry.shared) {
      cells.set(origin.cells.subarray(at, at + ROW), at);
      at += ROW;
      continue;
    }
    cells[at++] = table.indexOf(hazardId, 0) | (origin === undefined ? 0 : FRESH);
    cells[at++] = table.indexOf(entry.lastRecordedAt, 1) | (origin === undefined ? 0 : FRESH);
    cells[at++] = table.indexOf(entry.firstOccurredAt, 2) | (origin === undefined ? 0 : FRESH);
    cells[at++] = table.indexOf(entry.firstRecordedAt, 3) | (origin === undefined ? 0 : FRESH);
    for (let k = 0; k < STATE_KEYS.length; k++)
      cells[at++] =
        table.indexOf(entry.state[STATE_KEYS[k] as keyof HazardState], k + ENTRY_CELLS) |
        (origin === undefined ? 0 : FRESH);
  }
  const asciiBase = origin?.asciiCount ?? 0;
  const asciiCount = asciiBase + table.ascii.length;
  const rows = Buffer.alloc(cells.length * 4);
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i] as number;
    // Old rows' indexes are final in the old table: its others move up by the new ASCII values.
    const index =
      origin !== undefined && (cell & FRESH) === 0
        ? cell < asciiBase
          ? cell
          : cell + table.ascii.length
        : cell & SECOND
          ? asciiCount + (cell & ~(SECOND | FRESH))
          : cell & ~FRESH;
    rows.writeUInt32LE(index, i * 4);
  }
  const header: SnapshotHeader = {
    position: ledger.position === null ? null : ledger.position.toString(),
    eventCount: ledger.eventCount,
    tip: extras.tip,
    frontier: extras.frontier,
    backfills: extras.backfills,
    hazards: ledger.hazards.size,
    appended: origin === undefined ? 0 : origin.appended + table.ascii.length + table.other.length,
  };
  const none = Buffer.alloc(0);
  const front = [
    ...sized([Buffer.from(JSON.stringify(header), "utf8")]),
    ...sized(arrayText(origin?.asciiItems ?? none, table.ascii, "latin1")),
  ];
  const before = PREAMBLE + front.reduce((n, b) => n + b.length, 0);
  const body = Buffer.concat([
    ...front,
    ...sized(arrayText(origin?.otherItems ?? none, table.other, "utf8"), before),
    rows,
  ]);
  const preamble = Buffer.alloc(PREAMBLE);
  MAGIC.copy(preamble, 0);
  preamble.writeUInt32LE(SNAPSHOT_VERSION, 4);
  checksumOf(body).copy(preamble, 8);
  return Buffer.concat([preamble, body]);
};

/** An entry's instant cell: text, or null when no event was folded. */
const isInstantCell = (v: unknown): v is string | null => v === null || typeof v === "string";

/** A snapshot read back: a fresh ledger, and what it claims about the log it folded. */
export interface RestoredSnapshot extends SnapshotExtras {
  readonly ledger: LedgerBuilder;
}

/** The rows' cells, in place when the machine's byte order and the alignment allow. */
const cellsOf = (bytes: Buffer, at: number, count: number): Uint32Array => {
  if (LITTLE_ENDIAN && (bytes.byteOffset + at) % 4 === 0)
    return new Uint32Array(bytes.buffer, bytes.byteOffset + at, count);
  const cells = new Uint32Array(count);
  for (let i = 0; i < count; i++) cells[i] = bytes.readUInt32LE(at + 4 * i);
  return cells;
};

/** A JSON array's items as written (between its brackets), if it is written as this module writes it. */
const itemsOf = (text: Buffer): Buffer | null => {
  const close = text.lastIndexOf("]");
  return text[0] === 0x5b && close > 0 && text.subarray(close + 1).every((b) => b === 0x20)
    ? text.subarray(1, close)
    : null;
};

/** Reads a snapshot back into a fresh ledger, or says in one line why it cannot. */
export const ledgerFromSnapshotBytes = (
  snapshot: Uint8Array,
  where: string,
): Either<ProjectionError, RestoredSnapshot> => {
  const fail = (why: string) => left(projectionError("CHECKPOINT", `${where}: ${why}`));
  const bytes = Buffer.from(snapshot.buffer, snapshot.byteOffset, snapshot.byteLength);
  if (bytes.length < PREAMBLE || !bytes.subarray(0, 4).equals(MAGIC))
    return fail("not a ledger snapshot (one of an older version?)");
  const version = bytes.readUInt32LE(4);
  if (version !== SNAPSHOT_VERSION) return fail(`a snapshot of version ${version}, not ${SNAPSHOT_VERSION}`);
  if (!checksumOf(bytes.subarray(PREAMBLE)).equals(bytes.subarray(8, PREAMBLE)))
    return fail("its content does not match its checksum (damaged or edited)");
  let at = PREAMBLE;
  /** The next JSON segment's value, and its text's bytes. */
  let text = bytes.subarray(0, 0);
  const json = (what: string, encoding: "latin1" | "utf8"): Either<ProjectionError, unknown> => {
    if (at + 4 > bytes.length) return fail(`it ends before its ${what}`);
    const end = at + 4 + bytes.readUInt32LE(at);
    if (end > bytes.length) return fail(`it ends within its ${what}`);
    text = bytes.subarray(at + 4, end);
    at = end;
    try {
      return right(JSON.parse(text.toString(encoding)));
    } catch (e) {
      return fail(`its ${what} is not JSON (${e instanceof Error ? e.message : String(e)})`);
    }
  };
  const headerJson = json("header", "utf8");
  if (headerJson._tag === "Left") return headerJson;
  const decoded = SnapshotHeader.decode(headerJson.right);
  if (decoded._tag === "Left") return fail(formatErrors(decoded.left));
  const header = decoded.right;
  if (header.position !== null && !/^-?\d+$/.test(header.position))
    return fail(`position "${header.position}" is not an integer`);
  const ascii = json("values", "latin1");
  if (ascii._tag === "Left") return ascii;
  const asciiItems = itemsOf(text);
  const other = json("values", "utf8");
  if (other._tag === "Left") return other;
  const otherItems = itemsOf(text);
  if (!Array.isArray(ascii.right) || !Array.isArray(other.right)) return fail("its values are not arrays");
  const values = (ascii.right as unknown[]).concat(other.right);
  if (bytes.length - at !== header.hazards * ROW * 4)
    return fail(`its rows are not ${header.hazards} of ${ROW} cells`);
  // Shared by the rows that hold them: frozen, so that nothing changes one row through another.
  for (const value of values) if (typeof value === "object" && value !== null) Object.freeze(value);
  const cells = cellsOf(bytes, at, header.hazards * ROW);
  const ledger = emptyLedger();
  ledger.position = header.position === null ? null : BigInt(header.position);
  ledger.eventCount = header.eventCount;
  // Whether values[v] was found of field k's type, per field: each pair is checked once.
  const checked = FIELD_CODECS.map(() => new Uint8Array(values.length));
  const rowFail = (i: number, why: string) => fail(`hazards[${i}]: ${why}`);
  const row: unknown[] = new Array<unknown>(STATE_KEYS.length).fill(null);
  for (let i = 0, c = 0; i < header.hazards; i++, c += ROW) {
    const hazardId: unknown = values[cells[c] as number];
    const lastRecordedAt: unknown = values[cells[c + 1] as number];
    const firstOccurredAt: unknown = values[cells[c + 2] as number];
    const firstRecordedAt: unknown = values[cells[c + 3] as number];
    if (
      typeof hazardId !== "string" ||
      !isInstantCell(lastRecordedAt) ||
      !isInstantCell(firstOccurredAt) ||
      !isInstantCell(firstRecordedAt)
    )
      return rowFail(i, "not [hazardId, lastRecordedAt, firstOccurredAt, firstRecordedAt, ...state]");
    for (let k = 0; k < STATE_KEYS.length; k++) {
      const v = cells[c + ENTRY_CELLS + k] as number;
      const seen = checked[k] as Uint8Array;
      if (v >= values.length) return rowFail(i, `value ${v} of ${STATE_KEYS[k]} is not in its table`);
      if (seen[v] === 0) {
        const codec = FIELD_CODECS[k] as t.Mixed;
        if (!codec.is(values[v])) {
          const why = codec.decode(values[v]);
          return rowFail(
            i,
            `${STATE_KEYS[k]}: ${why._tag === "Left" ? formatErrors(why.left) : "not of its type"}`,
          );
        }
        seen[v] = 1;
      }
      row[k] = values[v];
    }
    ledger.hazards.set(hazardId, {
      // Every field was checked by its codec above.
      state: toState(stateOfRow(row) as t.TypeOf<typeof HazardStateCodec>),
      firstOccurredAt,
      firstRecordedAt,
      lastRecordedAt,
      cut: false,
      shared: true,
    });
  }
  if (ledger.hazards.size !== header.hazards) return fail("a hazard has two rows");
  if (asciiItems !== null && otherItems !== null)
    origins.set(ledger, {
      cells,
      rows: header.hazards,
      asciiCount: ascii.right.length,
      otherCount: other.right.length,
      asciiItems,
      otherItems,
      appended: header.appended,
    });
  return right({ ledger, tip: header.tip, frontier: header.frontier, backfills: header.backfills });
};
