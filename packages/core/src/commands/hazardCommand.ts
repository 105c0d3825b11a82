import * as t from "io-ts";
import { Actor, HazardId, NonEmptyString } from "../codecs/primitives.js";
import { struct } from "../codecs/struct.js";
import { Instant } from "../time/instant.js";
import { type EventData, type HazardEventType, eventDataCodecs } from "../events/eventData.js";
import { EventExtension } from "../events/hazardEvent.js";

/** The command that asks for each event type: one command per event, same data. */
export const commandTypeOfEvent = {
  HazardReported: "ReportHazard",
  RectificationAssigned: "AssignRectification",
  SupervisionListed: "ListSupervision",
  DeadlineExtended: "ExtendDeadline",
  LevelChanged: "ChangeLevel",
  ControlMeasuresApplied: "ApplyControlMeasures",
  RectificationCompleted: "CompleteRectification",
  RectificationAccepted: "AcceptRectification",
  RectificationRejected: "RejectRectification",
  SupervisionLifted: "LiftSupervision",
  HazardClosed: "CloseHazard",
  HazardReopened: "ReopenHazard",
  HazardVoided: "VoidHazard",
  NoticeIssued: "IssueNotice",
  EnforcementRecorded: "RecordEnforcement",
  ProgressReported: "ReportProgress",
} as const satisfies Record<HazardEventType, string>;

/** The command type that asks for each event type. */
export type CommandTypeOfEvent = typeof commandTypeOfEvent;
/** One of the 16 command types. */
export type HazardCommandType = CommandTypeOfEvent[HazardEventType];

/** The event type a command type asks for. */
export const eventTypeOfCommand = Object.fromEntries(
  Object.entries(commandTypeOfEvent).map(([event, command]) => [command, event]),
) as { [K in HazardEventType as CommandTypeOfEvent[K]]: K };

export const HAZARD_COMMAND_TYPES = Object.values(commandTypeOfEvent) as HazardCommandType[];
export const isHazardCommandType = (s: unknown): s is HazardCommandType =>
  typeof s === "string" && Object.prototype.hasOwnProperty.call(eventTypeOfCommand, s);

/** Fields every command carries: whom it concerns, when it happened, who does it. */
export const CommandEnvelope = struct(
  "CommandEnvelope",
  { hazardId: HazardId, occurredAt: Instant, actor: Actor },
  { commandId: NonEmptyString, ext: EventExtension },
  // `type` and `data` are the command's body, decoded by HazardCommandCodec.
  { siblingKeys: ["type", "data"] },
);
export type CommandEnvelope = t.TypeOf<typeof CommandEnvelope>;

/** A command: its type, the data of the event it asks for, and the envelope. */
export type HazardCommand = {
  [K in HazardEventType]: { type: CommandTypeOfEvent[K]; data: EventData<K> } & CommandEnvelope;
}[HazardEventType];

/** The command of type `C`. */
export type HazardCommandOf<C extends HazardCommandType> = Extract<HazardCommand, { type: C }>;

const isRecord = (u: unknown): u is Record<string, unknown> =>
  typeof u === "object" && u !== null && !Array.isArray(u);

/** Decodes a command at a boundary (an HTTP body, a CLI argument): type, data, envelope. */
export const HazardCommandCodec = new t.Type<HazardCommand, HazardCommand, unknown>(
  "HazardCommand",
  (u): u is HazardCommand =>
    isRecord(u) &&
    isHazardCommandType(u["type"]) &&
    eventDataCodecs[eventTypeOfCommand[u["type"]]].is(u["data"]) &&
    CommandEnvelope.is(u),
  (u, c) => {
    if (!isRecord(u)) return t.failure(u, c, "must be a JSON object");
    const type = u["type"];
    if (!isHazardCommandType(type))
      return t.failure(
        type,
        [...c, { key: "type", type: t.string, actual: type }],
        `${JSON.stringify(type)} is not a command type`,
      );
    const envelope = CommandEnvelope.validate(u, c);
    if (envelope._tag === "Left") return envelope;
    const codec: t.Decoder<unknown, unknown> = eventDataCodecs[eventTypeOfCommand[type]];
    const data = codec.validate(u["data"], [...c, { key: "data", type: codec, actual: u["data"] }]);
    if (data._tag === "Left") return data;
    return t.success({ ...envelope.right, type, data: data.right } as HazardCommand);
  },
  t.identity,
);

/**
 * The deadline field of each command that may give it as a number of working days (工作日)
 * from its occurrence instead of a date: `data.deadlineWorkingDays` for `data.deadline`,
 * `data.newDeadlineWorkingDays` for an extension's `data.newDeadline`.
 */
export const WORKING_DAY_DEADLINE_FIELDS = {
  AssignRectification: "deadline",
  ListSupervision: "deadline",
  ReopenHazard: "deadline",
  ExtendDeadline: "newDeadline",
} as const satisfies Partial<Record<HazardCommandType, string>>;

/** The commands whose deadline may be given in working days, and the field that holds it. */
export type WorkingDayDeadlineField = typeof WORKING_DAY_DEADLINE_FIELDS;

/** A command whose deadline is given as working days from its occurrence (see `WORKING_DAY_DEADLINE_FIELDS`). */
export type WorkingDayDeadlineCommand = {
  [C in keyof WorkingDayDeadlineField]: Omit<HazardCommandOf<C>, "data"> & {
    data: Omit<HazardCommandOf<C>["data"], WorkingDayDeadlineField[C]> &
      Record<`${WorkingDayDeadlineField[C]}WorkingDays`, number>;
  };
}[keyof WorkingDayDeadlineField];

/**
 * What a caller may ask the decider: a command, or one whose deadline is a number of working
 * days. The decider turns the working days into a date with the calendar of its context, so
 * the event stores a date, as every event does.
 */
export type HazardCommandInput = HazardCommand | WorkingDayDeadlineCommand;
