import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import {
  type Actor,
  type AuthorizationPolicy,
  type DecideContext,
  type DomainError,
  HAZARD_COMMAND_TYPES,
  type HazardCommand,
  type HazardCommandType,
  type HazardState,
  type Instant,
  type NewHazardEvent,
  decideContext,
  instantMillis,
  hazardDecider,
} from "@hazard-ledger/core";
import { formatInstant } from "./calendar.js";
import {
  type CommandSetting,
  buildCommand,
  plausibleOccurredAt,
  warpedOccurredAt,
} from "./commandBuilder.js";
import { DEFAULT_ACTOR_POOL } from "./pools.js";
import { type StepMaterial, arbStepMaterial } from "./stepMaterial.js";

/** How commands are decided: the policy, zone and skew of {@link DecideContext}; defaults as there. */
export interface RunOptions {
  readonly policy?: AuthorizationPolicy;
  /** IANA zone of the ledger; default Asia/Shanghai. */
  readonly timeZone?: string;
  readonly maxClockSkewMs?: number;
}

/** Shape of a generated run. */
export interface CommandSequenceOptions extends RunOptions {
  /** How many hazards the commands are spread over; default 4. */
  readonly hazards?: number;
  /** Number of commands: exact, or a range; default 1 to 30. */
  readonly length?: number | { readonly min: number; readonly max: number };
  /**
   * Share of commands (0–1) that aim at being accepted; the rest are random and mostly
   * refused. Default 0.9.
   */
  readonly validRatio?: number;
  /** The actors to draw from; default {@link DEFAULT_ACTOR_POOL}. */
  readonly actors?: readonly Actor[];
  /** recordedAt of the run's start; default 2023-01-02T08:00:00+08:00. */
  readonly start?: Instant;
  /** Hazard ids are this prefix and a 4-digit number; default `HZ-T-`. */
  readonly hazardIdPrefix?: string;
}

/** One command and the time it is recorded at (the `now` of its {@link DecideContext}). */
export interface CommandStep {
  readonly command: HazardCommand;
  readonly now: Instant;
}

/** A command the decider refused, and why. */
export interface Rejection {
  readonly index: number;
  readonly command: HazardCommand;
  readonly error: DomainError;
}

/** Commands run through the decider: what was accepted, what was refused, where it ended. */
export interface LedgerRun {
  readonly steps: readonly CommandStep[];
  /** Accepted events in the order they were recorded, each with `recordedAt` = its step's `now`. */
  readonly events: readonly NewHazardEvent[];
  readonly rejections: readonly Rejection[];
  /** The final state of every hazard that has events. */
  readonly states: ReadonlyMap<string, HazardState>;
}

const contextFor = (now: Instant, options: RunOptions): DecideContext =>
  decideContext(now, {
    ...(options.policy !== undefined ? { policy: options.policy } : {}),
    ...(options.timeZone !== undefined ? { timeZone: options.timeZone } : {}),
    ...(options.maxClockSkewMs !== undefined ? { maxClockSkewMs: options.maxClockSkewMs } : {}),
  });

/** Keeps per-hazard states and the accepted events while commands are decided in order. */
class Ledger {
  readonly states = new Map<string, HazardState>();
  readonly events: NewHazardEvent[] = [];
  readonly rejections: Rejection[] = [];
  readonly steps: CommandStep[] = [];

  stateOf(hazardId: string): HazardState {
    return this.states.get(hazardId) ?? hazardDecider.initialState;
  }

  /** Decides `command` (unless its result is `known`) and keeps the outcome. */
  record(
    command: HazardCommand,
    context: DecideContext,
    known?: E.Either<DomainError, readonly NewHazardEvent[]>,
  ): void {
    const index = this.steps.length;
    this.steps.push({ command, now: context.now });
    const state = this.stateOf(command.hazardId);
    const result = known ?? hazardDecider.decide(command, state, context);
    if (E.isLeft(result)) {
      this.rejections.push({ index, command, error: result.left });
      return;
    }
    let next = state;
    for (const event of result.right) {
      next = hazardDecider.evolve(next, event);
      this.events.push({ ...event, recordedAt: context.now });
    }
    this.states.set(command.hazardId, next);
  }
}

/**
 * Runs commands through {@link decide}, each against the state of its hazard and with
 * `now` = its step's time, dropping the refused ones. The events come back with `recordedAt`
 * set, as a store would write them.
 */
export const runCommands = (steps: readonly CommandStep[], options: RunOptions = {}): LedgerRun => {
  const ledger = new Ledger();
  for (const step of steps) ledger.record(step.command, contextFor(step.now, options));
  return ledger;
};

type Weighted = readonly (readonly [HazardCommandType, number])[];

/** The commands worth trying in each status, weighted so that every path gets walked. */
const CANDIDATES: Record<HazardState["status"], Weighted> = {
  none: [["ReportHazard", 1]],
  reported: [
    ["AssignRectification", 6],
    ["CompleteRectification", 2],
    ["ApplyControlMeasures", 2],
    ["ListSupervision", 4],
    ["ChangeLevel", 1],
    ["IssueNotice", 1],
    ["RecordEnforcement", 1],
    ["ReportProgress", 1],
    ["VoidHazard", 1],
  ],
  rectifying: [
    ["CompleteRectification", 6],
    ["ExtendDeadline", 3],
    ["ListSupervision", 4],
    ["AssignRectification", 1],
    ["ChangeLevel", 1],
    ["ApplyControlMeasures", 1],
    ["IssueNotice", 1],
    ["RecordEnforcement", 1],
    ["ReportProgress", 2],
    ["VoidHazard", 1],
  ],
  long_term_control: [
    ["CompleteRectification", 4],
    ["ExtendDeadline", 1],
    ["ApplyControlMeasures", 1],
    ["ListSupervision", 1],
    ["ChangeLevel", 1],
    ["IssueNotice", 1],
    ["RecordEnforcement", 1],
    ["ReportProgress", 1],
    ["VoidHazard", 1],
  ],
  pending_acceptance: [
    ["AcceptRectification", 6],
    ["RejectRectification", 2],
    ["ChangeLevel", 1],
    ["ApplyControlMeasures", 1],
    ["IssueNotice", 1],
    ["ReportProgress", 1],
    ["VoidHazard", 1],
  ],
  accepted: [
    ["LiftSupervision", 5],
    ["CloseHazard", 5],
    ["ReopenHazard", 1],
    ["ExtendDeadline", 1],
    ["IssueNotice", 1],
    ["RecordEnforcement", 1],
  ],
  closed: [["ReopenHazard", 1]],
  voided: [["ReportProgress", 1]],
};

/**
 * The command types worth trying in `status`, in the order to try them: a weighted first pick
 * (from the random natural `pick`), then the rest. Weighted so that runs walk every path.
 */
export const candidateTypes = (status: HazardState["status"], pick: number): HazardCommandType[] => {
  const weighted = CANDIDATES[status];
  const total = weighted.reduce((sum, [, w]) => sum + w, 0);
  let roll = pick % total;
  let first = 0;
  for (let i = 0; i < weighted.length; i++) {
    roll -= weighted[i]?.[1] ?? 0;
    if (roll < 0) {
      first = i;
      break;
    }
  }
  const types = weighted.map(([type]) => type);
  return [types[first] as HazardCommandType, ...types.filter((_, i) => i !== first)];
};

/** A command meant to be accepted, and the decider's answer when it was asked already. */
export interface PlannedCommand {
  readonly command: HazardCommand;
  /** The decider's answer, when the search already decided this exact command. */
  readonly decided?: E.Either<DomainError, readonly NewHazardEvent[]>;
}

/**
 * The command `material` makes for the hazard of `setting` that the rules and the policy of
 * `context` accept: the first candidate type of the hazard's status (from a weighted pick)
 * whose command passes, with the first actor of `pool` (from a random start) the policy
 * permits. When none passes, the first candidate anyway (it will be refused).
 */
export const validCommandFor = (
  m: StepMaterial,
  setting: CommandSetting,
  context: DecideContext,
  pool: readonly Actor[] = DEFAULT_ACTOR_POOL,
): PlannedCommand => {
  const actorAt = (k: number) => pool[(m.actorPick + k) % pool.length] as Actor;
  const order = candidateTypes(setting.state.status, m.pick);
  for (const type of order) {
    const candidate = buildCommand(type, m, setting, actorAt(0), plausibleOccurredAt(type, m, setting));
    const result = hazardDecider.decide(candidate, setting.state, context);
    if (E.isRight(result)) return { command: candidate, decided: result };
    // The rules passed and only the actor is refused: the rules never read the actor,
    // so asking the policy alone finds another one (decide runs again when recorded).
    if (result.left.code !== "NOT_PERMITTED") continue;
    for (let k = 1; k < pool.length; k++) {
      const other = { ...candidate, actor: actorAt(k) };
      if (E.isRight(context.policy(other, setting.state))) return { command: other };
    }
  }
  const fallback = order[0] ?? "ReportProgress";
  return {
    command: buildCommand(fallback, m, setting, actorAt(0), plausibleOccurredAt(fallback, m, setting)),
  };
};

const isFinished = (s: HazardState) => s.status === "closed" || s.status === "voided";

// size "max": lengths spread over the whole range rather than fast-check's small default.
const lengthOf = (length: CommandSequenceOptions["length"]) =>
  length === undefined
    ? { minLength: 1, maxLength: 30, size: "max" as const }
    : typeof length === "number"
      ? { minLength: length, maxLength: length }
      : { minLength: length.min, maxLength: length.max, size: "max" as const };

/**
 * An index in [0, n) from a random natural, lower indices likelier (weights n, n-1, …, 1):
 * the first hazards of a run get long histories, the last ones short ones.
 */
const skewedIndex = (r: number, n: number): number => {
  let roll = r % ((n * (n + 1)) / 2);
  for (let i = 0; i < n; i++) {
    roll -= n - i;
    if (roll < 0) return i;
  }
  return 0;
};

/** A planned step: the command, the context to decide it in, and the answer when known. */
export interface PlannedStep extends PlannedCommand {
  readonly context: DecideContext;
}

/** Turns step materials into commands against the hazards' states as they are then. */
export interface RunPlanner {
  /** recordedAt of the run's start, in epoch milliseconds. */
  readonly startMs: number;
  /** The hazards of the run. */
  readonly hazardIds: readonly string[];
  /**
   * The step `material` makes after a step recorded at `previousMs`: it picks the hazard,
   * moves the clock by the material's gap, and aims at a valid command (or, past the run's
   * valid ratio, a random one), deciding against `stateOf` the hazard.
   */
  plan(
    material: StepMaterial,
    stateOf: (hazardId: string) => HazardState,
    previousMs: number,
    index: number,
  ): PlannedStep;
}

/**
 * The planner behind {@link arbLedgerRun}, for drivers that keep their own states (the
 * model-based runner): deterministic in the material, so shrinking stays coherent.
 */
export const runPlanner = (options: CommandSequenceOptions = {}): RunPlanner => {
  const pool = options.actors ?? DEFAULT_ACTOR_POOL;
  if (pool.length === 0) throw new RangeError("arbitraries: the actor pool is empty");
  const hazardIds = Array.from(
    { length: Math.max(1, options.hazards ?? 4) },
    (_, i) => `${options.hazardIdPrefix ?? "HZ-T-"}${String(i + 1).padStart(4, "0")}`,
  );
  const validBelow = Math.round((options.validRatio ?? 0.9) * 100);
  const probe = contextFor(options.start ?? "2023-01-02T08:00:00+08:00", options);
  return {
    startMs: instantMillis(probe.now),
    hazardIds,
    plan: (m, stateOf, previousMs, index) => {
      const nowMs = previousMs + m.gapMs;
      const context = { ...probe, now: formatInstant(nowMs, "UTC") };
      let hazardId = hazardIds[skewedIndex(m.hazard, hazardIds.length)] as string;
      // Mostly leave finished hazards alone (a closed one is sometimes reopened).
      if (isFinished(stateOf(hazardId)) && m.pick % 5 !== 0)
        hazardId = hazardIds.find((id) => !isFinished(stateOf(id))) ?? hazardId;
      const setting: CommandSetting = {
        hazardId,
        state: stateOf(hazardId),
        nowMs,
        timeZone: context.timeZone,
        hazardIds,
        index,
      };
      if (m.validRoll < validBelow) return { ...validCommandFor(m, setting, context, pool), context };
      const type = HAZARD_COMMAND_TYPES[m.pick % HAZARD_COMMAND_TYPES.length] as HazardCommandType;
      const actor = pool[m.actorPick % pool.length] as Actor;
      const command = buildCommand(
        type,
        m,
        setting,
        actor,
        warpedOccurredAt(m, setting, context.maxClockSkewMs),
      );
      return { command, context };
    },
  };
};

/** Builds a run from the materials of its steps: deterministic, so shrinking stays coherent. */
const buildRun = (materials: readonly StepMaterial[], options: CommandSequenceOptions): LedgerRun => {
  const planner = runPlanner(options);
  const ledger = new Ledger();
  let nowMs = planner.startMs;
  for (const m of materials) {
    const { command, context, decided } = planner.plan(
      m,
      (id) => ledger.stateOf(id),
      nowMs,
      ledger.steps.length,
    );
    nowMs = instantMillis(context.now);
    ledger.record(command, context, decided);
  }
  return ledger;
};

/**
 * A random run of commands over a few hazards, decided in order: the steps (commands with
 * their recording time), the accepted events, the refusals and the final states.
 *
 * Time: `now` (recordedAt) never decreases across the run and moves by minutes to days;
 * occurredAt never decreases within a hazard and sometimes lags `now` by up to three days (a
 * past fact entered late), so "as of" and "known at" differ. Commands aim at being valid in
 * the current state (see `validRatio`), with an actor the given policy permits, so histories
 * walk every path of the lifecycle and all 16 event types appear.
 *
 * @example
 * fc.assert(fc.property(arbLedgerRun({ policy: myPolicy }), (run) =>
 *   run.events.every((e) => e.type !== "HazardClosed" || e.actor.role === "inspector")));
 */
export const arbLedgerRun = (options: CommandSequenceOptions = {}): fc.Arbitrary<LedgerRun> =>
  fc.array(arbStepMaterial(), lengthOf(options.length)).map((materials) => buildRun(materials, options));

/**
 * Random command sequences over `hazards` hazards (see {@link arbLedgerRun} for the time
 * model), each command with the `now` to decide it at. Run them with {@link runCommands}.
 */
export const arbCommandSequence = (options: CommandSequenceOptions = {}): fc.Arbitrary<CommandStep[]> =>
  arbLedgerRun(options).map((run) => [...run.steps]);

/**
 * Valid histories: the events that result from running a random command sequence through
 * `decide` with the given policy (refused commands dropped), each with `recordedAt` set, in
 * recording order. Every event type occurs with reasonable probability; interleaved over
 * several hazards. Use it for property tests of projections and stores.
 */
export const arbValidHistory = (options: CommandSequenceOptions = {}): fc.Arbitrary<NewHazardEvent[]> =>
  arbLedgerRun(options).map((run) => [...run.events]);
