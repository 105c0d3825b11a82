import { type Draft, produce } from "immer";
import type { Actor } from "../codecs/primitives.js";
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
 * Applies one event to a mutable draft. The single statement of how each event changes a
 * hazard: `evolve` runs it under immer, {@link replay} runs it on a private copy.
 * Events are facts: nothing here validates, the decider did that before they were stored.
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
      s.source = d.source;
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
      else if (s.supervision !== null) s.supervision.deadline = d.newDeadline;
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
      if (s.supervision !== null) s.supervision.active = false;
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
      s.notices[event.data.kind] += 1;
      return;
    case "EnforcementRecorded":
      s.enforcement[event.data.action] += 1;
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
 * A private, mutable copy of a state, sharing nothing with it. By hand: `structuredClone` of a
 * state cost a fifth of a live command (the handler folds each command's stream). Every
 * object-valued field of {@link HazardState} is copied here; the spread takes the rest, which
 * are strings, numbers, booleans and nulls.
 */
const copyState = (from: HazardState): Draft<HazardState> => ({
  ...from,
  reportedBy: from.reportedBy === null ? null : { ...from.reportedBy },
  unit: from.unit === null ? null : { ...from.unit },
  supervision: from.supervision === null ? null : { ...from.supervision },
  lastCompletion: from.lastCompletion === null ? null : { ...from.lastCompletion },
  notices: { ...from.notices },
  enforcement: { ...from.enforcement },
});

/**
 * Folds a whole history. The hot replay path: it mutates one private copy instead of
 * producing a new immutable state per event, and returns the same state `evolve` would.
 */
export const replay = (events: Iterable<EvolvableEvent>, from: HazardState = initialState): HazardState => {
  const s = copyState(from);
  for (const e of events) applyEvent(s, e);
  return s;
};
