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
import { type Either, left, right } from "fp-ts/lib/Either.js";
import * as t from "io-ts";
import { type LedgerBuilder, type LedgerEntry, emptyLedger } from "../ledger/ledger.js";
import { type ProjectionError, projectionError } from "../projectionError.js";

/*
 * A ledger as JSON, so that a restarted runner resumes from its checkpoint instead of
 * replaying the whole log. The codec restates core's HazardState; `toState` below is typed
 * so that a field added to HazardState and not here fails to compile, and a snapshot written
 * before such a change fails to decode (the runner then rebuilds).
 */

/** Bumped when what the fold computes changes, so that older snapshots are rebuilt. */
export const SNAPSHOT_VERSION = 1;

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

/** The JSON form of a ledger. `position` is the decimal text of a bigint. */
export const LedgerSnapshot = t.type(
  {
    version: t.literal(SNAPSHOT_VERSION),
    position: nullable(t.string),
    eventCount: count,
    hazards: t.array(
      t.type({ hazardId: t.string, lastRecordedAt: nullable(t.string), state: HazardStateCodec }),
    ),
  },
  "LedgerSnapshot",
);
export type LedgerSnapshot = t.TypeOf<typeof LedgerSnapshot>;

/** Serializes a ledger folded without a cutoff (the runner's). */
export const snapshotText = (ledger: {
  readonly hazards: ReadonlyMap<string, LedgerEntry>;
  readonly position: bigint | null;
  readonly eventCount: number;
}): string => {
  const snapshot: LedgerSnapshot = {
    version: SNAPSHOT_VERSION,
    position: ledger.position === null ? null : ledger.position.toString(),
    eventCount: ledger.eventCount,
    hazards: [...ledger.hazards].map(([hazardId, entry]) => ({
      hazardId,
      lastRecordedAt: entry.lastRecordedAt,
      state: entry.state,
    })),
  };
  return JSON.stringify(snapshot);
};

/** Reads a snapshot back into a fresh ledger, or says in one line why it cannot. */
export const ledgerFromSnapshotText = (
  text: string,
  where: string,
): Either<ProjectionError, LedgerBuilder> => {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return left(
      projectionError("CHECKPOINT", `${where}: not JSON (${e instanceof Error ? e.message : String(e)})`),
    );
  }
  const decoded = LedgerSnapshot.decode(value);
  if (decoded._tag === "Left")
    return left(projectionError("CHECKPOINT", `${where}: ${formatErrors(decoded.left)}`));
  const snapshot = decoded.right;
  if (snapshot.position !== null && !/^-?\d+$/.test(snapshot.position))
    return left(projectionError("CHECKPOINT", `${where}: position "${snapshot.position}" is not an integer`));
  const ledger = emptyLedger();
  ledger.position = snapshot.position === null ? null : BigInt(snapshot.position);
  ledger.eventCount = snapshot.eventCount;
  for (const { hazardId, lastRecordedAt, state } of snapshot.hazards)
    ledger.hazards.set(hazardId, { state: toState(state), lastRecordedAt, cut: false });
  return right(ledger);
};
