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
import { type LedgerBuilder, type LedgerEntry, emptyLedger } from "../ledger/ledger.js";
import { type ProjectionError, projectionError } from "../projectionError.js";

/*
 * A ledger as text, so that a restarted runner (or a fresh CLI process) resumes from its
 * checkpoint instead of replaying the whole log. The codec restates core's HazardState;
 * `toState` below is typed so that a field added to HazardState and not here fails to
 * compile, and a snapshot written before such a change fails to decode (the runner then
 * rebuilds).
 *
 * The text is the sha256 of the body, a newline, and the body: JSON whose hazards are rows
 * (arrays in the order of {@link STATE_KEYS}, counts by kind as arrays too) rather than
 * objects, which halves its size and the time to parse it. A body that does not match its
 * checksum (a damaged or hand-edited file) is refused whole, as is a row that is not a
 * HazardState.
 */

/** Bumped when what the fold computes or the text's layout changes, so that older snapshots are rebuilt. */
export const SNAPSHOT_VERSION = 2;

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

/**
 * The fields that count by kind (notices, enforcement), written as arrays of counts in the
 * order of their codec's keys: mostly zeros, their key names were a fifth of a row.
 */
const COUNTS = new Map<string, readonly string[]>(
  STATE_KEYS.flatMap((k) => {
    const codec: unknown = HazardStateCodec.props[k];
    return codec instanceof t.InterfaceType
      ? [[k, Object.keys((codec as t.InterfaceType<t.Props>).props)] as const]
      : [];
  }),
);

const cellOf = (key: string, value: unknown): unknown => {
  const kinds = COUNTS.get(key);
  return kinds === undefined ? value : kinds.map((kind) => (value as Record<string, unknown>)[kind]);
};

const valueOf = (key: string, cell: unknown): unknown => {
  const kinds = COUNTS.get(key);
  if (kinds === undefined || !Array.isArray(cell) || cell.length !== kinds.length) return cell;
  const counts: Record<string, unknown> = {};
  for (let i = 0; i < kinds.length; i++) counts[kinds[i] as string] = cell[i];
  return counts;
};

/** The last event a snapshot folded: what a reader checks the log still holds at its position. */
export const SnapshotTip = t.type({ hazardId: t.string, seq: count, hash: t.string }, "SnapshotTip");
export type SnapshotTip = t.TypeOf<typeof SnapshotTip>;

/** The JSON body of a ledger snapshot. `position` is the decimal text of a bigint. */
export const LedgerSnapshot = t.type(
  {
    version: t.literal(SNAPSHOT_VERSION),
    position: nullable(t.string),
    eventCount: count,
    /** The last event folded (null before any). */
    tip: nullable(SnapshotTip),
    /** The Merkle frontier of every event read, when the runner keeps the ledger's digest. */
    frontier: nullable(MerkleFrontierJson),
    hazards: t.array(t.array(t.unknown)),
  },
  "LedgerSnapshot",
);
export type LedgerSnapshot = t.TypeOf<typeof LedgerSnapshot>;

/** What a snapshot holds besides the hazards' states. */
export interface SnapshotExtras {
  readonly tip: SnapshotTip | null;
  readonly frontier: MerkleFrontierJson | null;
}

const checksumOf = (body: string): string => digest("sha256", body, "hex");

/** Serializes a ledger folded without a cutoff (the runner's), with its tip and frontier. */
export const snapshotText = (
  ledger: {
    readonly hazards: ReadonlyMap<string, LedgerEntry>;
    readonly position: bigint | null;
    readonly eventCount: number;
  },
  extras: SnapshotExtras = { tip: null, frontier: null },
): string => {
  const snapshot: LedgerSnapshot = {
    version: SNAPSHOT_VERSION,
    position: ledger.position === null ? null : ledger.position.toString(),
    eventCount: ledger.eventCount,
    tip: extras.tip,
    frontier: extras.frontier,
    hazards: [...ledger.hazards].map(([hazardId, entry]) => [
      hazardId,
      entry.lastRecordedAt,
      ...STATE_KEYS.map((k) => cellOf(k, entry.state[k])),
    ]),
  };
  const body = JSON.stringify(snapshot);
  return `${checksumOf(body)}\n${body}`;
};

/** A snapshot read back: a fresh ledger, and what it claims about the log it folded. */
export interface RestoredSnapshot extends SnapshotExtras {
  readonly ledger: LedgerBuilder;
}

/** Reads a snapshot back into a fresh ledger, or says in one line why it cannot. */
export const ledgerFromSnapshotText = (
  text: string,
  where: string,
): Either<ProjectionError, RestoredSnapshot> => {
  const fail = (why: string) => left(projectionError("CHECKPOINT", `${where}: ${why}`));
  const newline = text.indexOf("\n");
  if (newline < 0) return fail("no checksum line (a snapshot of an older version?)");
  const body = text.slice(newline + 1);
  if (checksumOf(body) !== text.slice(0, newline))
    return fail("its content does not match its checksum (damaged or edited)");
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (e) {
    return fail(`not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const decoded = LedgerSnapshot.decode(value);
  if (decoded._tag === "Left") return fail(formatErrors(decoded.left));
  const snapshot = decoded.right;
  if (snapshot.position !== null && !/^-?\d+$/.test(snapshot.position))
    return fail(`position "${snapshot.position}" is not an integer`);
  const ledger = emptyLedger();
  ledger.position = snapshot.position === null ? null : BigInt(snapshot.position);
  ledger.eventCount = snapshot.eventCount;
  for (const [i, row] of snapshot.hazards.entries()) {
    const [hazardId, lastRecordedAt] = row;
    const state: Record<string, unknown> = {};
    for (let k = 0; k < STATE_KEYS.length; k++) {
      const key = STATE_KEYS[k] as string;
      state[key] = valueOf(key, row[k + 2]);
    }
    // The type guard first (no error bookkeeping); the decoder only to say what is wrong.
    if (
      typeof hazardId !== "string" ||
      (lastRecordedAt !== null && typeof lastRecordedAt !== "string") ||
      row.length !== STATE_KEYS.length + 2 ||
      !HazardStateCodec.is(state)
    ) {
      const why = HazardStateCodec.decode(state);
      return fail(
        `hazards[${i}]: ${why._tag === "Left" ? formatErrors(why.left) : "not [hazardId, lastRecordedAt, ...state]"}`,
      );
    }
    ledger.hazards.set(hazardId, { state: toState(state), lastRecordedAt, cut: false });
  }
  return right({ ledger, tip: snapshot.tip, frontier: snapshot.frontier });
};
