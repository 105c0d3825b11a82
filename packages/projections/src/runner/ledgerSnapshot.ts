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
import { type LedgerBuilder, type LedgerEntry, emptyLedger, freshState } from "../ledger/ledger.js";
import { type ProjectionError, projectionError } from "../projectionError.js";

/*
 * A ledger as bytes, so that a restarted runner (or a fresh CLI process) resumes from its
 * checkpoint instead of replaying the whole log. The codec restates core's HazardState;
 * `toState` below is typed so that a field added to HazardState and not here fails to
 * compile, and a snapshot written before such a change fails to decode (the runner then
 * rebuilds).
 *
 * The layout (little-endian): the magic `HLRM`, the version (u32), the sha256 of everything
 * after it (32 bytes); then a JSON header (u32 length, UTF-8: position, counts, last event,
 * Merkle frontier), a JSON array of the distinct values the states hold (u32 length, UTF-8),
 * and one fixed-width row per hazard: the u32 index, in that array, of its id, of its
 * lastRecordedAt and of each field of its state in the order of {@link STATE_KEYS}. Regions,
 * sectors, titles, units, deadlines and counts repeat across hazards: each is written and
 * parsed once, and checked by its field's codec once per field it stands in, not per row.
 * Bytes that do not match their checksum (a damaged or hand-edited file) are refused whole, as
 * is a row whose cell is not of its field's type.
 */

/** Bumped when what the fold computes or the text's layout changes, so that older snapshots are rebuilt. */
export const SNAPSHOT_VERSION = 3;

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

/** The order of a state's fields in a snapshot row, after the hazard id and its lastRecordedAt. */
const STATE_KEYS = Object.keys(HazardStateCodec.props) as (keyof HazardState)[];
const FIELD_CODECS: readonly t.Mixed[] = STATE_KEYS.map((k) => HazardStateCodec.props[k]);
/** Cells of a row: the hazard id, its lastRecordedAt, then the state's fields. */
const ROW = STATE_KEYS.length + 2;

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
    /** Rows that follow the values. */
    hazards: count,
  },
  "SnapshotHeader",
);
export type SnapshotHeader = t.TypeOf<typeof SnapshotHeader>;

/** What a snapshot holds besides the hazards' states. */
export interface SnapshotExtras {
  readonly tip: SnapshotTip | null;
  readonly frontier: MerkleFrontierJson | null;
}

const MAGIC = Buffer.from("HLRM", "latin1");
/** Magic, version and checksum; the checksum covers every byte after them. */
const PREAMBLE = 4 + 4 + 32;

const checksumOf = (bytes: Uint8Array): Buffer => digest("sha256", bytes, "buffer");

/** The distinct values of the cells, each given the index of its first appearance. */
class ValueTable {
  readonly values: unknown[] = [];
  private readonly strings = new Map<string, number>();
  private readonly others = new Map<string, number>();

  indexOf(value: unknown): number {
    if (typeof value === "string") return this.find(this.strings, value, value);
    // Numbers, booleans, null and the fields' objects, by their JSON text (objects are flat).
    return this.find(this.others, JSON.stringify(value), value);
  }

  private find(map: Map<string, number>, key: string, value: unknown): number {
    let index = map.get(key);
    if (index === undefined) {
      index = this.values.length;
      this.values.push(value);
      map.set(key, index);
    }
    return index;
  }
}

/** Serializes a ledger folded without a cutoff (the runner's), with its tip and frontier. */
export const snapshotBytes = (
  ledger: {
    readonly hazards: ReadonlyMap<string, LedgerEntry>;
    readonly position: bigint | null;
    readonly eventCount: number;
  },
  extras: SnapshotExtras = { tip: null, frontier: null },
): Uint8Array => {
  const table = new ValueTable();
  const rows = Buffer.alloc(ledger.hazards.size * ROW * 4);
  let at = 0;
  const cell = (value: unknown) => {
    rows.writeUInt32LE(table.indexOf(value), at);
    at += 4;
  };
  for (const [hazardId, entry] of ledger.hazards) {
    cell(hazardId);
    cell(entry.lastRecordedAt);
    for (const key of STATE_KEYS) cell(entry.state[key]);
  }
  const header: SnapshotHeader = {
    position: ledger.position === null ? null : ledger.position.toString(),
    eventCount: ledger.eventCount,
    tip: extras.tip,
    frontier: extras.frontier,
    hazards: ledger.hazards.size,
  };
  const sized = (text: string): Buffer[] => {
    const bytes = Buffer.from(text, "utf8");
    const length = Buffer.alloc(4);
    length.writeUInt32LE(bytes.length);
    return [length, bytes];
  };
  const body = Buffer.concat([
    ...sized(JSON.stringify(header)),
    ...sized(JSON.stringify(table.values)),
    rows,
  ]);
  const preamble = Buffer.alloc(PREAMBLE);
  MAGIC.copy(preamble, 0);
  preamble.writeUInt32LE(SNAPSHOT_VERSION, 4);
  checksumOf(body).copy(preamble, 8);
  return Buffer.concat([preamble, body]);
};

/** A snapshot read back: a fresh ledger, and what it claims about the log it folded. */
export interface RestoredSnapshot extends SnapshotExtras {
  readonly ledger: LedgerBuilder;
}

/** A private copy of a cell's value: the fold mutates a state's objects in place. */
const own = (value: unknown): unknown => (typeof value === "object" && value !== null ? { ...value } : value);

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
  const json = (what: string): Either<ProjectionError, unknown> => {
    if (at + 4 > bytes.length) return fail(`it ends before its ${what}`);
    const end = at + 4 + bytes.readUInt32LE(at);
    if (end > bytes.length) return fail(`it ends within its ${what}`);
    const text = bytes.toString("utf8", at + 4, end);
    at = end;
    try {
      return right(JSON.parse(text));
    } catch (e) {
      return fail(`its ${what} is not JSON (${e instanceof Error ? e.message : String(e)})`);
    }
  };
  const headerJson = json("header");
  if (headerJson._tag === "Left") return headerJson;
  const decoded = SnapshotHeader.decode(headerJson.right);
  if (decoded._tag === "Left") return fail(formatErrors(decoded.left));
  const header = decoded.right;
  if (header.position !== null && !/^-?\d+$/.test(header.position))
    return fail(`position "${header.position}" is not an integer`);
  const valuesJson = json("values");
  if (valuesJson._tag === "Left") return valuesJson;
  const values = valuesJson.right;
  if (!Array.isArray(values)) return fail("its values are not an array");
  if (bytes.length - at !== header.hazards * ROW * 4)
    return fail(`its rows are not ${header.hazards} of ${ROW} cells`);
  const ledger = emptyLedger();
  ledger.position = header.position === null ? null : BigInt(header.position);
  ledger.eventCount = header.eventCount;
  // Whether values[v] was found of field k's type, per field: each pair is checked once.
  const checked = FIELD_CODECS.map(() => new Uint8Array(values.length));
  const rowFail = (i: number, why: string) => fail(`hazards[${i}]: ${why}`);
  for (let i = 0; i < header.hazards; i++, at += ROW * 4) {
    const hazardId: unknown = values[bytes.readUInt32LE(at)];
    const lastRecordedAt: unknown = values[bytes.readUInt32LE(at + 4)];
    if (typeof hazardId !== "string" || (lastRecordedAt !== null && typeof lastRecordedAt !== "string"))
      return rowFail(i, "not [hazardId, lastRecordedAt, ...state]");
    const state: Record<string, unknown> = freshState() as unknown as Record<string, unknown>;
    for (let k = 0; k < STATE_KEYS.length; k++) {
      const v = bytes.readUInt32LE(at + 8 + 4 * k);
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
      state[STATE_KEYS[k] as string] = own(values[v]);
    }
    ledger.hazards.set(hazardId, {
      state: toState(state as t.TypeOf<typeof HazardStateCodec>),
      lastRecordedAt,
      cut: false,
    });
  }
  return right({ ledger, tip: header.tip, frontier: header.frontier });
};
