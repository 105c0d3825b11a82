import * as t from "io-ts";
import { CalendarDate } from "../time/calendarDate.js";
import {
  Code,
  CreditCode,
  Fen,
  GovLevel,
  HazardCategory,
  HazardId,
  HazardLevel,
  HazardSource,
  NonEmptyString,
  RegionCode,
  oneOf,
} from "../codecs/primitives.js";
import { struct } from "../codecs/struct.js";

/** The unit (生产经营单位) a hazard belongs to. */
export const Unit = struct("Unit", { name: NonEmptyString }, { creditCode: CreditCode });
export type Unit = t.TypeOf<typeof Unit>;

/** A criterion the hazard was judged by: a standard and its clause. */
export const Criterion = struct("Criterion", { standard: NonEmptyString, clause: t.string }, {});

export const HazardReportedData = struct(
  "HazardReported",
  {
    title: NonEmptyString,
    level: HazardLevel,
    sector: Code,
    region: RegionCode,
    unit: Unit,
    source: HazardSource,
  },
  {
    description: t.string,
    category: HazardCategory,
    location: t.string,
    criteria: t.array(Criterion),
  },
);

export const RectificationAssignedData = struct(
  "RectificationAssigned",
  { responsibleUnit: NonEmptyString, deadline: CalendarDate },
  {
    responsiblePerson: t.string,
    measures: t.string,
    fundsFen: Fen,
    /** 治理方案: free-form; required for a major hazard. */
    plan: t.UnknownRecord,
  },
);

export const SupervisionListedData = struct(
  "SupervisionListed",
  { authority: NonEmptyString, authorityLevel: GovLevel, deadline: CalendarDate },
  { noticeNo: t.string },
);

export const EXTENSION_SCOPES = ["rectification", "supervision"] as const;
export const DeadlineExtendedData = struct(
  "DeadlineExtended",
  { scope: oneOf("ExtensionScope", EXTENSION_SCOPES), newDeadline: CalendarDate, reason: NonEmptyString },
  {},
);

export const LevelChangedData = struct("LevelChanged", { to: HazardLevel, reason: NonEmptyString }, {});

export const ControlMeasuresAppliedData = struct(
  "ControlMeasuresApplied",
  { measures: NonEmptyString, longTerm: t.boolean },
  {},
);

export const RectificationCompletedData = struct(
  "RectificationCompleted",
  {},
  { measuresTaken: t.string, costFen: Fen, evidence: t.array(t.string) },
);

export const RectificationAcceptedData = struct("RectificationAccepted", {}, { comment: t.string });

export const RectificationRejectedData = struct("RectificationRejected", { reason: NonEmptyString }, {});

export const SupervisionLiftedData = struct("SupervisionLifted", {}, { comment: t.string });

export const HazardClosedData = struct("HazardClosed", {}, { comment: t.string });

export const HazardReopenedData = struct(
  "HazardReopened",
  { reason: NonEmptyString, deadline: CalendarDate },
  {},
);

/** Why a report is voided; `VoidReason.values` lists them. */
export const VoidReason = oneOf("VoidReason", ["duplicate", "false_report", "other"]);
export type VoidReason = t.TypeOf<typeof VoidReason>;
export const HazardVoidedData = struct(
  "HazardVoided",
  { reason: VoidReason },
  { duplicateOf: HazardId, comment: t.string },
);

/** The kinds of notice an authority issues; `NoticeKind.values` lists them. */
export const NoticeKind = oneOf("NoticeKind", ["reminder", "supervision_letter", "interview", "bulletin"]);
export type NoticeKind = t.TypeOf<typeof NoticeKind>;
export const NoticeIssuedData = struct("NoticeIssued", { kind: NoticeKind }, { ref: t.string });

/** The enforcement actions the ledger records; `EnforcementAction.values` lists them. */
export const EnforcementAction = oneOf("EnforcementAction", [
  "case_filed",
  "fine",
  "suspension_order",
  "seal",
  "closure_order",
]);
export type EnforcementAction = t.TypeOf<typeof EnforcementAction>;
export const EnforcementRecordedData = struct(
  "EnforcementRecorded",
  { action: EnforcementAction },
  { fineFen: Fen, caseNo: t.string },
);

export const ProgressReportedData = struct("ProgressReported", { note: NonEmptyString }, {});

/** The `data` codec of every event type of the interchange contract. */
export const eventDataCodecs = {
  HazardReported: HazardReportedData,
  RectificationAssigned: RectificationAssignedData,
  SupervisionListed: SupervisionListedData,
  DeadlineExtended: DeadlineExtendedData,
  LevelChanged: LevelChangedData,
  ControlMeasuresApplied: ControlMeasuresAppliedData,
  RectificationCompleted: RectificationCompletedData,
  RectificationAccepted: RectificationAcceptedData,
  RectificationRejected: RectificationRejectedData,
  SupervisionLifted: SupervisionLiftedData,
  HazardClosed: HazardClosedData,
  HazardReopened: HazardReopenedData,
  HazardVoided: HazardVoidedData,
  NoticeIssued: NoticeIssuedData,
  EnforcementRecorded: EnforcementRecordedData,
  ProgressReported: ProgressReportedData,
} as const;

export type EventDataCodecs = typeof eventDataCodecs;
/** One of the 16 event types. */
export type HazardEventType = keyof EventDataCodecs;
export const HAZARD_EVENT_TYPES = Object.keys(eventDataCodecs) as HazardEventType[];
export const isHazardEventType = (s: unknown): s is HazardEventType =>
  typeof s === "string" && Object.prototype.hasOwnProperty.call(eventDataCodecs, s);

/** The `data` of event type `K`. */
export type EventData<K extends HazardEventType> = t.TypeOf<EventDataCodecs[K]>;
