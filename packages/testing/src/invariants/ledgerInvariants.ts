import {
  type HashAlgorithm,
  type HazardEventType,
  type HazardState,
  type HazardStatus,
  type NewHazardEvent,
  type RecordedHazardEvent,
  replay,
  verifyStream,
} from "@hazard-ledger/core";
import canonicalize from "canonicalize";

/**
 * An invariant of a stored ledger: the stored events in global order (as `readAll` gives
 * them) in, every violation out as one line naming the hazard and seq; empty when it holds.
 */
export type LedgerInvariant = (events: readonly RecordedHazardEvent[]) => readonly string[];

/** A ledger's events split by hazard, each stream in the order given (first-seen hazard first). */
export const streamsOf = <E extends { readonly hazardId: string }>(
  events: readonly E[],
): Map<string, E[]> => {
  const streams = new Map<string, E[]>();
  for (const e of events) {
    const stream = streams.get(e.hazardId);
    if (stream === undefined) streams.set(e.hazardId, [e]);
    else stream.push(e);
  }
  return streams;
};

/**
 * Versions are contiguous: each hazard's events carry seq 0, 1, 2… in log order, and global
 * positions strictly increase.
 */
export const versionsContiguous: LedgerInvariant = (events) => {
  const broken: string[] = [];
  const next = new Map<string, number>();
  let position: bigint | undefined;
  for (const e of events) {
    const expected = next.get(e.hazardId) ?? 0;
    if (e.seq !== expected) broken.push(`${e.hazardId} seq ${e.seq}: expected seq ${expected}`);
    next.set(e.hazardId, e.seq + 1);
    if (position !== undefined && e.position <= position)
      broken.push(`${e.hazardId} seq ${e.seq}: position ${e.position} not after ${position}`);
    position = e.position;
  }
  return broken;
};

/** Every hazard's hash chain verifies (prevHash links, recomputed hashes) with `algorithm`. */
export const hashChainIntact =
  (algorithm?: HashAlgorithm): LedgerInvariant =>
  (events) =>
    [...streamsOf(events).values()].flatMap((stream) =>
      verifyStream(stream, algorithm).map((b) => b.message),
    );

/** The status each event type leaves a hazard in; absent: the status does not change. */
const STATUS_AFTER: Partial<Record<HazardEventType, HazardStatus>> = {
  HazardReported: "reported",
  RectificationAssigned: "rectifying",
  RectificationCompleted: "pending_acceptance",
  RectificationAccepted: "accepted",
  RectificationRejected: "rectifying",
  HazardClosed: "closed",
  HazardReopened: "rectifying",
  HazardVoided: "voided",
};

/** The status the last status-setting event of a stream implies, read from the events alone. */
const impliedStatus = (stream: readonly NewHazardEvent[]): HazardStatus | "none" => {
  for (let i = stream.length - 1; i >= 0; i--) {
    const e = stream[i] as NewHazardEvent;
    if (e.type === "ControlMeasuresApplied" && e.data.longTerm) return "long_term_control";
    const status = STATUS_AFTER[e.type];
    if (status !== undefined) return status;
  }
  return "none";
};

/**
 * Every hazard's status, folded with the core's `replay`, is the one its last status-setting
 * event names (reported, assigned, completed, accepted, rejected, closed, reopened, voided, or
 * long-term control applied): the fold and the events tell the same story. Holds of decided
 * histories too (no store needed).
 */
export const statusMatchesLastEvent = (events: readonly NewHazardEvent[]): readonly string[] =>
  [...streamsOf(events)].flatMap(([hazardId, stream]) => {
    const folded = replay(stream).status;
    const implied = impliedStatus(stream);
    const last = stream[stream.length - 1];
    return folded === implied
      ? []
      : [
          `${hazardId} event ${stream.length - 1}: status ${folded}, but its events say ${implied} (last ${last?.type})`,
        ];
  });

/** The figures of the closed loop (闭环), tallied from the events alone. */
export interface ClosedLoopTally {
  /** Hazards reported (排查). */
  readonly discovered: number;
  readonly voided: number;
  /** Reported, rectifying, long-term control or pending acceptance. */
  readonly open: number;
  /** Accepted and not closed. */
  readonly accepted: number;
  /** Closed (销号). */
  readonly closed: number;
  /** Hazards per status, from the fold. */
  readonly byStatus: Readonly<Record<HazardStatus, number>>;
  /** Hazards with at least one acceptance, and with at least one closing, ever. */
  readonly everAccepted: number;
  readonly everClosed: number;
}

/** The {@link ClosedLoopTally} of a ledger's events (any order that keeps each stream's order). */
export const tallyClosedLoop = (events: readonly NewHazardEvent[]): ClosedLoopTally => {
  const byStatus: Record<HazardStatus, number> = {
    reported: 0,
    rectifying: 0,
    long_term_control: 0,
    pending_acceptance: 0,
    accepted: 0,
    closed: 0,
    voided: 0,
  };
  let everAccepted = 0;
  let everClosed = 0;
  const streams = streamsOf(events);
  for (const stream of streams.values()) {
    const status = replay(stream).status;
    if (status !== "none") byStatus[status]++;
    if (stream.some((e) => e.type === "RectificationAccepted")) everAccepted++;
    if (stream.some((e) => e.type === "HazardClosed")) everClosed++;
  }
  return {
    discovered: events.filter((e) => e.type === "HazardReported").length,
    voided: byStatus.voided,
    open: byStatus.reported + byStatus.rectifying + byStatus.long_term_control + byStatus.pending_acceptance,
    accepted: byStatus.accepted,
    closed: byStatus.closed,
    byStatus,
    everAccepted,
    everClosed,
  };
};

/**
 * The closed-loop counts add up: every discovered hazard is in exactly one status (open +
 * accepted + closed + voided = discovered), every stream begins with its one report, and no
 * hazard was closed without having been accepted. Holds of decided histories too (no store needed).
 */
export const closedLoopCountsAddUp = (events: readonly NewHazardEvent[]): readonly string[] => {
  const t = tallyClosedLoop(events);
  const broken: string[] = [];
  const sum = t.open + t.accepted + t.closed + t.voided;
  if (sum !== t.discovered)
    broken.push(
      `open ${t.open} + accepted ${t.accepted} + closed ${t.closed} + voided ${t.voided} = ${sum}, not the ${t.discovered} discovered`,
    );
  for (const [hazardId, stream] of streamsOf(events)) {
    const reports = stream.filter((e) => e.type === "HazardReported").length;
    if (stream[0]?.type !== "HazardReported" || reports !== 1)
      broken.push(
        `${hazardId}: a stream must begin with its one report (${reports} reports, first ${stream[0]?.type})`,
      );
  }
  if (t.everClosed > t.everAccepted)
    broken.push(`${t.everClosed} hazards closed, but only ${t.everAccepted} ever accepted`);
  return broken;
};

/** A stored event without what the store added: what the decider (and `recordedAt`) made. */
export const decidedPart = (e: RecordedHazardEvent): NewHazardEvent => {
  const {
    seq: _seq,
    schemaVersion: _schemaVersion,
    prevHash: _prevHash,
    hash: _hash,
    position: _position,
    committedAt: _committedAt,
    backfill: _backfill,
    ...decided
  } = e;
  return decided;
};

/**
 * No event lost (nor added, nor changed): the stored events, without what the store added,
 * are `expected`, in the same order. `expected` is what the model accepted, with `recordedAt`.
 */
export const noEventLost =
  (expected: readonly NewHazardEvent[]): LedgerInvariant =>
  (events) => {
    const stored = events.map(decidedPart);
    const length = Math.max(stored.length, expected.length);
    for (let i = 0; i < length; i++) {
      const [s, x] = [stored[i], expected[i]];
      // Canonical JSON: key order and keys holding undefined do not count.
      if ((s && canonicalize(s)) !== (x && canonicalize(x)))
        return [
          s !== undefined && x !== undefined
            ? `event ${i} of the log: stored ${s.hazardId} ${s.type} differs from the expected ${x.hazardId} ${x.type}`
            : `event ${i} of the log: stored ${s === undefined ? "nothing" : `${s.hazardId} ${s.type}`}, expected ${
                x === undefined ? "nothing" : `${x.hazardId} ${x.type}`
              } (${stored.length} stored, ${expected.length} expected)`,
        ];
    }
    return [];
  };

/** The invariants every stored ledger keeps, whatever its history (sha256 chains). */
export const LEDGER_INVARIANTS: Readonly<Record<string, LedgerInvariant>> = {
  versionsContiguous,
  hashChainIntact: hashChainIntact(),
  statusMatchesLastEvent,
  closedLoopCountsAddUp,
};

/** Every violation of `invariants` (default {@link LEDGER_INVARIANTS}), each prefixed with its invariant's name. */
export const ledgerViolations = (
  events: readonly RecordedHazardEvent[],
  invariants: Readonly<Record<string, LedgerInvariant>> = LEDGER_INVARIANTS,
): string[] =>
  Object.entries(invariants).flatMap(([name, invariant]) => invariant(events).map((v) => `${name}: ${v}`));

/** The state of each hazard of a ledger, folded with `replay`. */
export const statesOf = (events: readonly NewHazardEvent[]): Map<string, HazardState> =>
  new Map([...streamsOf(events)].map(([hazardId, stream]) => [hazardId, replay(stream)]));
