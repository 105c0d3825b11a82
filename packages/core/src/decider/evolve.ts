import { type Draft, produce } from "immer";
import { type Actor, HazardSource } from "../codecs/primitives.js";
import type { EnforcementAction, NoticeKind } from "../events/eventData.js";
import type { HazardEventBody } from "../events/hazardEvent.js";
import { type HazardState, initialState } from "./hazardState.js";

/** What evolve reads of an event: the typed body and the envelope fields that matter. */
export type EvolvableEvent = HazardEventBody & {
  readonly hazardId: string;
  readonly occurredAt: string;
  readonly actor: Actor;
  readonly seq?: number;
};

/**
 * The codec's own string for each source: an event's is a copy made per line, and a state
 * keeps it for as long as the hazard is held (millions in an import).
 */
const SOURCE_STRINGS = new Map<string, HazardSource>(HazardSource.values.map((v) => [v, v]));

// The two count records are copied field by field, as states are (see copyState): a spread of
// the frozen all-zero record would put its fields in a separate property array.
const noticesPlusOne = (
  n: Readonly<Record<NoticeKind, number>>,
  kind: NoticeKind,
): Record<NoticeKind, number> => {
  const next = {
    reminder: n.reminder,
    supervision_letter: n.supervision_letter,
    interview: n.interview,
    bulletin: n.bulletin,
  };
  next[kind] += 1;
  return next;
};

const enforcementPlusOne = (
  e: Readonly<Record<EnforcementAction, number>>,
  action: EnforcementAction,
): Record<EnforcementAction, number> => {
  const next = {
    case_filed: e.case_filed,
    fine: e.fine,
    suspension_order: e.suspension_order,
    seal: e.seal,
    closure_order: e.closure_order,
  };
  next[action] += 1;
  return next;
};

/**
 * Applies one event to a mutable draft. The single statement of how each event changes a
 * hazard: `evolve` runs it under immer, {@link replay} runs it on a private copy.
 * Events are facts: nothing here validates, the decider did that before they were stored.
 *
 * It changes the draft's own fields only and never an object inside it: a changed record is a
 * new one. So a copy of a state may share its records with the state it was copied from (and
 * every hazard the frozen all-zero counts of the initial state), and a frozen record is
 * never written to.
 */
export const applyEvent = (s: Draft<HazardState>, event: EvolvableEvent): void => {
  s.seq = event.seq ?? s.seq + 1;
  s.lastOccurredAt = event.occurredAt;
  switch (event.type) {
    case "HazardReported": {
      const d = event.data;
      s.status = "reported";
      s.hazardId = event.hazardId;
      s.reportedAt = event.occurredAt;
      s.reportedBy = { ...event.actor };
      s.title = d.title;
      s.level = d.level;
      s.sector = d.sector;
      s.region = d.region;
      s.unit = { ...d.unit };
      s.source = SOURCE_STRINGS.get(d.source) ?? d.source;
      return;
    }
    case "RectificationAssigned": {
      const d = event.data;
      // A re-assignment keeps the effective deadline: moving it is an extension.
      if (s.status !== "rectifying" || s.deadline === null) {
        s.deadline = d.deadline;
        s.originalDeadline = d.deadline;
      }
      s.status = "rectifying";
      s.responsibleUnit = d.responsibleUnit;
      if (d.plan !== undefined) s.hasPlan = true;
      return;
    }
    case "SupervisionListed": {
      const d = event.data;
      s.supervision = {
        authority: d.authority,
        authorityLevel: d.authorityLevel,
        deadline: d.deadline,
        originalDeadline: d.deadline,
        noticeNo: d.noticeNo ?? null,
        active: true,
        listedAt: event.occurredAt,
      };
      s.listings += 1;
      return;
    }
    case "DeadlineExtended": {
      const d = event.data;
      if (d.scope === "rectification") s.deadline = d.newDeadline;
      else if (s.supervision !== null) s.supervision = { ...s.supervision, deadline: d.newDeadline };
      return;
    }
    case "LevelChanged":
      s.level = event.data.to;
      return;
    case "ControlMeasuresApplied":
      if (event.data.longTerm) s.status = "long_term_control";
      else s.interimControl = true;
      return;
    case "RectificationCompleted": {
      // A rejected immediate fix completed again still has only its discovery day as deadline.
      const immediate =
        s.status === "reported" || (s.deadline === null && s.lastCompletion?.immediate === true);
      s.lastCompletion = { at: event.occurredAt, deadline: immediate ? null : s.deadline, immediate };
      s.status = "pending_acceptance";
      return;
    }
    case "RectificationAccepted":
      s.status = "accepted";
      return;
    case "RectificationRejected":
      s.status = "rectifying";
      return;
    case "SupervisionLifted":
      if (s.supervision !== null) s.supervision = { ...s.supervision, active: false };
      s.lifts += 1;
      return;
    case "HazardClosed":
      s.status = "closed";
      return;
    case "HazardReopened":
      s.status = "rectifying";
      s.deadline = event.data.deadline;
      s.originalDeadline = event.data.deadline;
      s.reopenCount += 1;
      return;
    case "HazardVoided":
      s.status = "voided";
      s.voidReason = event.data.reason;
      return;
    case "NoticeIssued":
      s.notices = noticesPlusOne(s.notices, event.data.kind);
      return;
    case "EnforcementRecorded":
      s.enforcement = enforcementPlusOne(s.enforcement, event.data.action);
      s.finesFen += event.data.fineFen ?? 0;
      return;
    case "ProgressReported":
      return;
  }
};

/** The decider's evolve: the next state after `event`, with structural sharing (immer). */
export const evolve = (state: HazardState, event: EvolvableEvent): HazardState =>
  produce(state, (draft) => applyEvent(draft, event));

/**
 * A private copy of a state to fold into: its own fields, sharing the records inside, which
 * {@link applyEvent} replaces rather than changes. One literal with every field, in
 * {@link initialState}'s order: each copy then has all its fields inside the object, in the one
 * hidden class all states share (a spread of a frozen state adds them one by one into a
 * separate property array, some 200 bytes more per hazard an import holds).
 */
const copyState = (from: HazardState): Draft<HazardState> => ({
  status: from.status,
  hazardId: from.hazardId,
  seq: from.seq,
  lastOccurredAt: from.lastOccurredAt,
  reportedAt: from.reportedAt,
  reportedBy: from.reportedBy,
  title: from.title,
  level: from.level,
  sector: from.sector,
  region: from.region,
  unit: from.unit,
  source: from.source,
  deadline: from.deadline,
  originalDeadline: from.originalDeadline,
  responsibleUnit: from.responsibleUnit,
  hasPlan: from.hasPlan,
  interimControl: from.interimControl,
  supervision: from.supervision,
  listings: from.listings,
  lifts: from.lifts,
  lastCompletion: from.lastCompletion,
  reopenCount: from.reopenCount,
  voidReason: from.voidReason,
  notices: from.notices,
  enforcement: from.enforcement,
  finesFen: from.finesFen,
});

/**
 * Folds a whole history. The hot replay path: it mutates one private copy instead of
 * producing a new immutable state per event, and returns the same state `evolve` would. The
 * state it returns has its own fields but may share the records inside (counts, supervision,
 * reporter, unit, completion) with `from`: fold into it with {@link applyEvent} only, which
 * never writes into a record.
 */
export const replay = (events: Iterable<EvolvableEvent>, from: HazardState = initialState): HazardState => {
  const s = copyState(from);
  for (const e of events) applyEvent(s, e);
  return s;
};
