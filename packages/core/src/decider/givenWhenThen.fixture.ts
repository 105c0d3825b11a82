import * as E from "fp-ts/lib/Either.js";
import { expect } from "vitest";
import type { Actor, HazardLevel } from "../codecs/primitives.js";
import {
  type HazardCommand,
  type HazardCommandInput,
  type HazardCommandOf,
  type HazardCommandType,
  commandTypeOfEvent,
} from "../commands/hazardCommand.js";
import type { HazardEventType } from "../events/eventData.js";
import type { NewHazardEvent } from "../events/hazardEvent.js";
import { type DecideContext, decide, decideContext } from "./decide.js";
import type { DomainError, DomainErrorCode } from "./domainError.js";
import { eventOfCommand } from "./eventOfCommand.js";
import { evolve } from "./evolve.js";
import { type HazardState, initialState } from "./hazardState.js";
import { sampleReportedData } from "@hazard-ledger/testing";

/** The hazard every scenario is about. */
export const HZ = "HZ-2023-000001";

/** Actors of every role; `gov*` are government authorities at each level. */
export const actors = {
  inspector: { id: "insp-1", role: "inspector", org: "区应急管理局", level: "county" },
  enterprise: { id: "ent-1", role: "enterprise", org: "某某机械厂" },
  expert: { id: "exp-1", role: "expert" },
  public: { id: "pub-1", role: "public" },
  system: { id: "sys-1", role: "system" },
  govTownship: { id: "gov-t", role: "authority", level: "township" },
  govCounty: { id: "gov-c", role: "authority", level: "county" },
  govCity: { id: "gov-s", role: "authority", level: "city" },
  govProvince: { id: "gov-p", role: "authority", level: "province" },
} as const satisfies Record<string, Actor>;

/** An instant on `day` at local `time` in Asia/Shanghai: `2023-03-01T10:00:00+08:00`. */
export const at = (day: string, time = "10:00:00"): string => `${day}T${time}+08:00`;

/** The day every scenario's hazard is discovered on (Asia/Shanghai). */
export const DISCOVERY_DAY = "2023-03-01";

type DataOf<C extends HazardCommandType> = HazardCommandOf<C>["data"];

const defaultData: { [C in HazardCommandType]: DataOf<C> } = {
  ReportHazard: sampleReportedData,
  AssignRectification: { responsibleUnit: "某某机械厂", deadline: "2023-03-31" },
  ListSupervision: { authority: "长沙市人民政府", authorityLevel: "city", deadline: "2023-06-30" },
  ExtendDeadline: { scope: "rectification", newDeadline: "2023-04-30", reason: "设备到货延迟" },
  ChangeLevel: { to: "major", reason: "复核认定" },
  ApplyControlMeasures: { measures: "设置警戒区", longTerm: false },
  CompleteRectification: { measuresTaken: "已接地" },
  AcceptRectification: {},
  RejectRectification: { reason: "接地电阻不合格" },
  LiftSupervision: {},
  CloseHazard: {},
  ReopenHazard: { reason: "回头看发现反弹", deadline: "2023-09-30" },
  VoidHazard: { reason: "duplicate" },
  IssueNotice: { kind: "reminder" },
  RecordEnforcement: { action: "case_filed" },
  ReportProgress: { note: "已完成一半" },
};

/** An actor the default policy permits for each command on a general hazard. */
const defaultActor: Record<HazardCommandType, Actor> = {
  ReportHazard: actors.inspector,
  AssignRectification: actors.enterprise,
  ListSupervision: actors.govCity,
  ExtendDeadline: actors.inspector,
  ChangeLevel: actors.inspector,
  ApplyControlMeasures: actors.enterprise,
  CompleteRectification: actors.enterprise,
  AcceptRectification: actors.inspector,
  RejectRectification: actors.inspector,
  LiftSupervision: actors.govCity,
  CloseHazard: actors.inspector,
  ReopenHazard: actors.inspector,
  VoidHazard: actors.inspector,
  IssueNotice: actors.inspector,
  RecordEnforcement: actors.inspector,
  ReportProgress: actors.enterprise,
};

/** Envelope of a scenario command; every field defaults. */
export interface Envelope {
  /** occurredAt; default {@link at}(DISCOVERY_DAY). */
  readonly at?: string;
  readonly actor?: Actor;
  readonly hazardId?: string;
  readonly commandId?: string;
}

/** A command of `type` with default data (overridden by `data`) and envelope. */
export const command = <C extends HazardCommandType>(
  type: C,
  data: Partial<DataOf<C>> = {},
  envelope: Envelope = {},
): HazardCommandOf<C> =>
  ({
    type,
    hazardId: envelope.hazardId ?? HZ,
    occurredAt: envelope.at ?? at(DISCOVERY_DAY),
    actor: envelope.actor ?? defaultActor[type],
    data: { ...defaultData[type], ...data },
    ...(envelope.commandId !== undefined ? { commandId: envelope.commandId } : {}),
  }) as HazardCommandOf<C>;

/** The event of `type` that the matching {@link command} would produce. */
export const event = <K extends HazardEventType>(
  type: K,
  data: Partial<DataOf<(typeof commandTypeOfEvent)[K]>> = {},
  envelope: Envelope = {},
): NewHazardEvent => eventOfCommand(command(commandTypeOfEvent[type], data, envelope));

/** Ready-made histories of a hazard discovered on {@link DISCOVERY_DAY}. */
export const history = {
  reported: (level: HazardLevel = "general", envelope: Envelope = {}): NewHazardEvent[] => [
    event("HazardReported", { level }, envelope),
  ],
  rectifying: (level: HazardLevel = "general", deadline = "2023-03-31"): NewHazardEvent[] => [
    ...history.reported(level),
    event("RectificationAssigned", {
      deadline,
      ...(level === "major" ? { plan: { goals: "消除隐患" } } : {}),
    }),
  ],
  pendingAcceptance: (level: HazardLevel = "general"): NewHazardEvent[] => [
    ...history.rectifying(level),
    event("RectificationCompleted", {}, { at: at("2023-03-20") }),
  ],
  accepted: (level: HazardLevel = "general"): NewHazardEvent[] => [
    ...history.pendingAcceptance(level),
    event("RectificationAccepted", {}, { at: at("2023-03-25") }),
  ],
  closed: (level: HazardLevel = "general"): NewHazardEvent[] => [
    ...history.accepted(level),
    event("HazardClosed", {}, { at: at("2023-03-26") }),
  ],
  /** A major hazard listed at `level` while rectifying. */
  listed: (level: "township" | "county" | "city" | "province" = "city"): NewHazardEvent[] => [
    ...history.rectifying("major"),
    event("SupervisionListed", { authorityLevel: level }, { at: at("2023-03-02") }),
  ],
};

/** Every error code a `thenError` has seen, so a suite can check that each code is tested. */
export const observedErrorCodes = new Set<DomainErrorCode>();

/** The state after `events`, folded with evolve. */
export const stateOf = (events: readonly NewHazardEvent[], from: HazardState = initialState): HazardState =>
  events.reduce<HazardState>((s, e) => evolve(s, e), from);

/** What a `when` gives: the raw result and the assertions of a scenario. */
export interface Then {
  readonly result: E.Either<DomainError, readonly NewHazardEvent[]>;
  /** Asserts these events, exactly. */
  then(...expected: NewHazardEvent[]): void;
  /** Asserts the command was accepted as the one event it asks for. */
  thenAccepted(): void;
  /** Asserts the command was refused with `code` (and `field`, when given); returns the error. */
  thenError(code: DomainErrorCode, field?: string): DomainError;
  /** The state after the accepted command (fails when it was refused). */
  thenState(): HazardState;
}

/**
 * A given/when/then scenario: `given(...events).when(command, context?)` decides `command`
 * against the state folded from `events`. The context defaults to {@link decideContext} with
 * `now` = the command's occurredAt.
 */
export const given = (...events: NewHazardEvent[]) => {
  const state = stateOf(events);
  return {
    state,
    when: (cmd: HazardCommandInput, context: Partial<DecideContext> = {}): Then => {
      const ctx = decideContext(context.now ?? cmd.occurredAt, context);
      const result = decide(cmd, state, ctx);
      return {
        result,
        then: (...expected) => expect(result).toEqual(E.right(expected)),
        // Only meaningful for a command that already carries its dates.
        thenAccepted: () => expect(result).toEqual(E.right([eventOfCommand(cmd as HazardCommand)])),
        thenError: (code, field) => {
          observedErrorCodes.add(code);
          expect(result, `expected ${code}`).toMatchObject({
            _tag: "Left",
            left: { code, ...(field !== undefined ? { field } : {}) },
          });
          if (E.isRight(result)) throw new Error(`expected ${code}, got events`);
          return result.left;
        },
        thenState: () => {
          if (E.isLeft(result))
            throw new Error(`expected acceptance, got ${result.left.code}: ${result.left.message}`);
          return stateOf(result.right, state);
        },
      };
    },
  };
};
