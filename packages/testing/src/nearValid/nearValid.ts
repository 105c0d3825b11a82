import {
  type Actor,
  type DecideContext,
  type DomainErrorCode,
  type HazardCommand,
  type HazardCommandInput,
  type HazardCommandOf,
  type HazardCommandType,
  type HazardState,
  type Instant,
  type NewHazardEvent,
  type WorkingDayCalendar,
  decideContext,
  instantMillis,
  localDateOf,
  replay,
  hazardDecider,
} from "@hazard-ledger/core";
import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { addDays, endOfLocalDayMillis, formatInstant } from "../arbitraries/calendar.js";
import { type CommandSetting, buildCommand, plausibleOccurredAt } from "../arbitraries/commandBuilder.js";
import { type RunOptions, arbLedgerRun, validCommandFor } from "../arbitraries/commandSequence.js";
import { AUTHORITY_NAMES, DEFAULT_ACTOR_POOL } from "../arbitraries/pools.js";
import { type StepMaterial, arbStepMaterial } from "../arbitraries/stepMaterial.js";

/**
 * The rules {@link arbNearValid} can break, by the code the decider refuses with: every code of
 * `DOMAIN_ERROR_CODES`. `OUTSIDE_WORKING_DAY_CALENDAR` needs a working-day calendar in the
 * options, and `NO_WORKING_DAY_CALENDAR` needs none: by default each is left out when it
 * cannot be broken.
 */
export const NEAR_VALID_RULES = [
  "INVALID_COMMAND",
  "HAZARD_ID_MISMATCH",
  "OCCURRED_AFTER_RECORDED",
  "OCCURRED_AT_DECREASED",
  "HAZARD_NOT_FOUND",
  "HAZARD_ALREADY_REPORTED",
  "HAZARD_CLOSED",
  "HAZARD_VOIDED",
  "INVALID_TRANSITION",
  "NOT_RECTIFYING",
  "NO_DEADLINE",
  "NOT_PENDING_ACCEPTANCE",
  "NOT_ACCEPTED",
  "PLAN_REQUIRED",
  "DEADLINE_BEFORE_DISCOVERY",
  "DEADLINE_BEFORE_REOPEN",
  "DEADLINE_CHANGE_REQUIRES_EXTENSION",
  "EXTENSION_NOT_LATER",
  "EXTENSION_AFTER_DEADLINE",
  "LEVEL_UNCHANGED",
  "IMMEDIATE_FIX_REQUIRES_GENERAL",
  "LISTING_REQUIRES_MAJOR",
  "LISTING_ALREADY_ACTIVE",
  "NO_ACTIVE_LISTING",
  "LISTING_ACTIVE",
  "LIFT_REQUIRES_ACCEPTANCE",
  "VOID_AFTER_ACCEPTANCE",
  "FINE_AMOUNT_REQUIRED",
  "NOT_PERMITTED",
  "NO_WORKING_DAY_CALENDAR",
  "OUTSIDE_WORKING_DAY_CALENDAR",
] as const satisfies readonly DomainErrorCode[];

/** One of {@link NEAR_VALID_RULES}. */
export type NearValidRule = (typeof NEAR_VALID_RULES)[number];

/** A valid history and a command that breaks one named rule of it. */
export interface NearValid {
  /** One hazard's stream, every event accepted in turn (with `recordedAt`); empty for `HAZARD_NOT_FOUND`. */
  readonly history: readonly NewHazardEvent[];
  /** The command: what a valid one would be, changed to break `rule`. */
  readonly command: HazardCommandInput;
  /** The rule it breaks: the code the decider must refuse it with. */
  readonly rule: NearValidRule;
  /** The time of recording to decide it at (never before the history's last `recordedAt`). */
  readonly now: Instant;
  /** The context to decide it in: `now` and the options' policy, zone and skew. */
  readonly context: DecideContext;
  /**
   * The accepted command it was made from, when there is one: it differs from `command` in the
   * field the refusal names alone (a deadline, occurredAt, the actor...). Absent for the rules
   * about the hazard's status (there the command's type is what is wrong) and when the command
   * it came from is itself refused.
   */
  readonly valid?: HazardCommandInput;
}

/** Options of {@link arbNearValid}. */
export interface NearValidOptions extends RunOptions {
  /** The rules to break; default all of {@link NEAR_VALID_RULES}. */
  readonly rules?: readonly NearValidRule[];
  /** The actors to draw from; default {@link DEFAULT_ACTOR_POOL}. */
  readonly actors?: readonly Actor[];
  /** Hazard ids are this prefix and a 4-digit number; default `HZ-T-`. */
  readonly hazardIdPrefix?: string;
  /** The working-day calendar of the context (see `DecideContext`); default none. */
  readonly workingDays?: WorkingDayCalendar;
  /** Longest history, in commands tried; default 20. */
  readonly maxHistory?: number;
}

type DataOf<C extends HazardCommandType> = HazardCommandOf<C>["data"];

/** What a breaker works with: the state after a prefix of the history, the clock, the material. */
interface Bench {
  readonly state: HazardState;
  readonly m: StepMaterial;
  readonly context: DecideContext;
  readonly nowMs: number;
  /** The discovery day (local date of the report), or null before the report. */
  readonly discovery: string | null;
  /** The actors to draw from. */
  readonly pool: readonly Actor[];
  /** A command of `type` as the generators build it for this state, data reshaped by `patch`, by an actor the policy permits. */
  build<C extends HazardCommandType>(type: C, patch?: (data: DataOf<C>) => unknown): HazardCommand;
  /** A command the decider accepts here, if the generators find one. */
  valid(): HazardCommand | undefined;
  /** The bench with the clock moved to `nowMs`. */
  at(nowMs: number): Bench;
  /** The bench after `command`, if the decider accepts it here: its events join the prelude. */
  then(command: HazardCommand): Bench | undefined;
  /** The events the breaker added to the history (with `then`), recorded at the clock. */
  readonly prelude: readonly NewHazardEvent[];
}

/** A broken command, and the clock to decide it at when the breaker moved it. */
type Broken =
  | {
      readonly command: HazardCommandInput;
      readonly nowMs?: number;
      readonly base?: HazardCommand;
      /** Events to add to the history first (accepted, in order). */
      readonly prelude?: readonly NewHazardEvent[];
    }
  | undefined;

const OPEN = new Set(["reported", "rectifying", "long_term_control", "pending_acceptance"]);
const ATTACHABLE = new Set([...OPEN, "accepted"]);
const live = (s: HazardState) => s.status !== "none" && s.status !== "voided" && s.status !== "closed";
const activeListing = (s: HazardState) => (s.supervision?.active === true ? s.supervision : null);
const day = (b: Bench, instant: string) => localDateOf(instant, b.context.timeZone);
const when = (condition: boolean, make: () => Broken): Broken => (condition ? make() : undefined);
/** The broken command, and the command it was made from when that one differs in the broken field alone. */
const cmd = (command: HazardCommandInput | undefined, base?: HazardCommand): Broken =>
  command === undefined ? undefined : { command, ...(base !== undefined ? { base } : {}) };
/** `c` with its data changed by `patch`. */
const withData = (c: HazardCommand, patch: (data: Record<string, unknown>) => unknown): HazardCommand =>
  ({ ...c, data: patch(c.data) }) as HazardCommand;

/** For each rule: the one change to a valid command that breaks it, where the state allows. */
const BREAKERS: Record<NearValidRule, (b: Bench) => Broken> = {
  INVALID_COMMAND: (b) =>
    b.state.status === "none"
      ? (() => {
          const c = b.build("ReportHazard");
          return cmd(
            withData(c, (d) => ({ ...d, title: "" })),
            c,
          );
        })()
      : when(ATTACHABLE.has(b.state.status), () => {
          const c = b.build("ReportProgress");
          return cmd(
            withData(c, () => ({ note: "" })),
            c,
          );
        }),
  HAZARD_ID_MISMATCH: (b) =>
    when(live(b.state), () => {
      const v = b.valid();
      return cmd(v && { ...v, hazardId: `${v.hazardId}-other` }, v);
    }),
  OCCURRED_AFTER_RECORDED: (b) => {
    const v = b.valid();
    const late = b.nowMs + b.context.maxClockSkewMs + 60_000 + b.m.lagMs;
    return cmd(v && { ...v, occurredAt: formatInstant(late, b.context.timeZone) }, v);
  },
  OCCURRED_AT_DECREASED: (b) =>
    when(live(b.state) && b.state.lastOccurredAt !== null, () => {
      const v = b.valid();
      const early = instantMillis(b.state.lastOccurredAt ?? "") - 60_000 - b.m.lagMs;
      return cmd(v && { ...v, occurredAt: formatInstant(early, "UTC") }, v);
    }),
  HAZARD_NOT_FOUND: (b) => when(b.state.status === "none", () => cmd(b.build("ReportProgress"))),
  HAZARD_ALREADY_REPORTED: (b) => when(b.state.status !== "none", () => cmd(b.build("ReportHazard"))),
  HAZARD_CLOSED: (b) => when(b.state.status === "closed", () => cmd(b.build("ReportProgress"))),
  HAZARD_VOIDED: (b) => when(b.state.status === "voided", () => cmd(b.build("ReportProgress"))),
  INVALID_TRANSITION: (b) => when(OPEN.has(b.state.status), () => cmd(b.build("ReopenHazard"))),
  NOT_RECTIFYING: (b) =>
    when(["pending_acceptance", "accepted"].includes(b.state.status), () =>
      cmd(b.build("CompleteRectification")),
    ),
  NOT_PENDING_ACCEPTANCE: (b) =>
    when(["reported", "rectifying", "long_term_control", "accepted"].includes(b.state.status), () =>
      cmd(b.build("AcceptRectification")),
    ),
  NOT_ACCEPTED: (b) => when(OPEN.has(b.state.status), () => cmd(b.build("CloseHazard"))),
  PLAN_REQUIRED: (b) =>
    when(b.state.status === "reported" && b.state.level === "major" && !b.state.hasPlan, () =>
      (() => {
        const c = b.build("AssignRectification");
        return cmd(
          withData(c, ({ plan: _plan, ...d }) => d),
          c,
        );
      })(),
    ),
  DEADLINE_BEFORE_DISCOVERY: (b) =>
    when(b.state.status === "reported" && b.discovery !== null, () => {
      const c = b.build("AssignRectification");
      const early = addDays(b.discovery ?? "", -1 - (b.m.days % 30));
      return cmd(
        withData(c, (d) => ({ ...d, deadline: early })),
        c,
      );
    }),
  DEADLINE_BEFORE_REOPEN: (b) =>
    when(["accepted", "closed"].includes(b.state.status), () => {
      const c = b.build("ReopenHazard");
      const reopenDay = day(b, c.occurredAt);
      return when(b.discovery !== null && reopenDay > b.discovery, () =>
        cmd(
          withData(c, (d) => ({ ...d, deadline: addDays(reopenDay, -1) })),
          c,
        ),
      );
    }),
  DEADLINE_CHANGE_REQUIRES_EXTENSION: (b) =>
    when(b.state.status === "rectifying" && b.state.deadline !== null, () => {
      const c = b.build("AssignRectification");
      const moved = addDays(b.state.deadline ?? "", 1 + (b.m.days % 30));
      return cmd(
        withData(c, (d) => ({ ...d, deadline: moved })),
        c,
      );
    }),
  EXTENSION_NOT_LATER: (b) => {
    const deadline = b.state.deadline;
    if (b.state.status !== "rectifying" || deadline === null) return undefined;
    const c = b.build("ExtendDeadline", (d) => ({
      ...d,
      scope: "rectification",
      newDeadline: addDays(deadline, 1 + (b.m.days % 30)),
    }));
    const notLater = withData(c, (d) => ({ ...d, newDeadline: addDays(deadline, -(b.m.days % 3)) }));
    // On or before the deadline day, or the rule broken is the extension's lateness.
    return when(day(b, c.occurredAt) <= deadline, () => cmd(notLater, c));
  },
  EXTENSION_AFTER_DEADLINE: (b) => {
    const deadline = b.state.deadline;
    if (b.state.status !== "rectifying" || deadline === null) return undefined;
    const nowMs = Math.max(b.nowMs, endOfLocalDayMillis(deadline, b.context.timeZone) + 1 + b.m.gapMs);
    const later = b.at(nowMs);
    const c = later.build("ExtendDeadline", (d) => ({
      ...d,
      scope: "rectification",
      newDeadline: addDays(deadline, 1 + (b.m.days % 30)),
    }));
    return { command: { ...c, occurredAt: formatInstant(nowMs, b.context.timeZone) }, nowMs };
  },
  LEVEL_UNCHANGED: (b) =>
    when(OPEN.has(b.state.status), () => cmd(b.build("ChangeLevel", (d) => ({ ...d, to: b.state.level })))),
  IMMEDIATE_FIX_REQUIRES_GENERAL: (b) =>
    when(b.state.status === "reported" && b.state.level === "major", () =>
      cmd(b.build("CompleteRectification")),
    ),
  LISTING_REQUIRES_MAJOR: (b) =>
    when(OPEN.has(b.state.status) && b.state.level === "general", () => cmd(b.build("ListSupervision"))),
  LISTING_ALREADY_ACTIVE: (b) => {
    const listing = activeListing(b.state);
    return when(OPEN.has(b.state.status) && listing !== null, () =>
      cmd(
        b.build("ListSupervision", (d) => ({
          ...d,
          authority: AUTHORITY_NAMES[listing?.authorityLevel ?? "city"],
          authorityLevel: listing?.authorityLevel,
        })),
      ),
    );
  },
  NO_ACTIVE_LISTING: (b) =>
    activeListing(b.state) !== null
      ? undefined
      : b.state.status === "accepted"
        ? cmd(b.build("LiftSupervision"))
        : when(OPEN.has(b.state.status), () =>
            cmd(b.build("ExtendDeadline", (d) => ({ ...d, scope: "supervision" }))),
          ),
  LISTING_ACTIVE: (b) =>
    activeListing(b.state) === null
      ? undefined
      : b.state.status === "accepted"
        ? cmd(b.build("CloseHazard"))
        : when(OPEN.has(b.state.status) && b.state.level === "major", () =>
            cmd(b.build("ChangeLevel", (d) => ({ ...d, to: "general" }))),
          ),
  LIFT_REQUIRES_ACCEPTANCE: (b) =>
    when(OPEN.has(b.state.status) && activeListing(b.state) !== null, () => cmd(b.build("LiftSupervision"))),
  VOID_AFTER_ACCEPTANCE: (b) =>
    when(
      b.state.status === "accepted" ||
        b.state.status === "closed" ||
        (OPEN.has(b.state.status) && b.state.reopenCount > 0),
      () => cmd(b.build("VoidHazard")),
    ),
  FINE_AMOUNT_REQUIRED: (b) =>
    when(ATTACHABLE.has(b.state.status), () => {
      const c = b.build("RecordEnforcement", () => ({ action: "fine", fineFen: b.m.fineFen }));
      return cmd(
        withData(c, () => ({ action: "fine" })),
        c,
      );
    }),
  NOT_PERMITTED: (b) => {
    const v = b.valid();
    const refused = v && b.pool.find((a) => E.isLeft(b.context.policy({ ...v, actor: a }, b.state)));
    return cmd(v && refused && { ...v, actor: refused }, v);
  },
  NO_DEADLINE: (b) => {
    const rectifyingWithout = (x: Bench | undefined): Broken =>
      x === undefined || x.state.status !== "rectifying" || x.state.deadline !== null
        ? undefined
        : {
            command: x.build("ExtendDeadline", (d) => ({ ...d, scope: "rectification" })),
            prelude: x.prelude,
          };
    if (b.state.status === "rectifying") return rectifyingWithout(b);
    if (b.state.status !== "reported" || b.state.level !== "general") return undefined;
    // An immediate fix, rejected: rectifying, and no deadline was ever assigned.
    const fixed = b.then(b.build("CompleteRectification"));
    return rectifyingWithout(fixed?.then(fixed.build("RejectRectification")));
  },
  OUTSIDE_WORKING_DAY_CALENDAR: (b) =>
    when(b.state.status === "reported" && b.context.workingDays !== undefined, () => {
      const c = b.build("AssignRectification");
      const { deadline: _deadline, ...data } = c.data as DataOf<"AssignRectification">;
      // Ten years of working days: past the end of any calendar published so far.
      return cmd({ ...c, data: { ...data, deadlineWorkingDays: 2500 } } as HazardCommandInput);
    }),
  NO_WORKING_DAY_CALENDAR: (b) =>
    when(b.state.status === "reported", () => {
      const c = b.build("AssignRectification");
      const { deadline: _deadline, ...data } = c.data as DataOf<"AssignRectification">;
      return cmd({ ...c, data: { ...data, deadlineWorkingDays: 1 + (b.m.days % 20) } } as HazardCommandInput);
    }),
};

interface BenchSetup {
  readonly hazardId: string;
  readonly history: readonly NewHazardEvent[];
  readonly state: HazardState;
  readonly m: StepMaterial;
  readonly options: NearValidOptions;
  readonly pool: readonly Actor[];
}

const contextAt = (nowMs: number, options: NearValidOptions): DecideContext =>
  decideContext(formatInstant(nowMs, "UTC"), {
    ...(options.policy !== undefined ? { policy: options.policy } : {}),
    ...(options.timeZone !== undefined ? { timeZone: options.timeZone } : {}),
    ...(options.maxClockSkewMs !== undefined ? { maxClockSkewMs: options.maxClockSkewMs } : {}),
    ...(options.workingDays !== undefined ? { workingDays: options.workingDays } : {}),
  });

const benchAt = (setup: BenchSetup, nowMs: number, prelude: readonly NewHazardEvent[] = []): Bench => {
  const { m, pool } = setup;
  const state = replay(prelude, setup.state);
  const context = contextAt(nowMs, setup.options);
  const setting: CommandSetting = {
    hazardId: setup.hazardId,
    state,
    nowMs,
    timeZone: context.timeZone,
    hazardIds: [setup.hazardId, `${setup.hazardId}-dup`],
    index: setup.history.length + prelude.length,
  };
  const permitted = (command: HazardCommand): HazardCommand => {
    for (let k = 0; k < pool.length; k++) {
      const actor = pool[(m.actorPick + k) % pool.length] as Actor;
      if (E.isRight(context.policy({ ...command, actor }, state))) return { ...command, actor };
    }
    return command;
  };
  const bench = {
    state,
    m,
    context,
    nowMs,
    pool,
    discovery: state.reportedAt === null ? null : localDateOf(state.reportedAt, context.timeZone),
    build: <C extends HazardCommandType>(type: C, patch?: (data: DataOf<C>) => unknown): HazardCommand => {
      const built = buildCommand(type, m, setting, pool[0] as Actor, plausibleOccurredAt(type, m, setting));
      const data = patch === undefined ? built.data : patch(built.data as DataOf<C>);
      return permitted({ ...built, data } as HazardCommand);
    },
    valid: () => {
      const { command } = validCommandFor(m, setting, context, pool);
      return E.isRight(hazardDecider.decide(command, state, context)) ? command : undefined;
    },
    at: (later: number) => benchAt(setup, later, prelude),
    then: (command: HazardCommand) => {
      const decided = hazardDecider.decide(command, state, context);
      if (E.isLeft(decided)) return undefined;
      return benchAt(setup, nowMs, [
        ...prelude,
        ...decided.right.map((e) => ({ ...e, recordedAt: context.now })),
      ]);
    },
    prelude,
  };
  return bench;
};

/**
 * Near-valid histories: a valid history of one hazard (accepted command by command under the
 * options' policy) and a command that breaks one named rule there: the command the generators
 * would send in that state (by an actor the policy permits), changed in the one field or step
 * the rule is about (a deadline a day too early, a listing at the active level, an actor the
 * policy refuses...). The decider must refuse it with `rule` as the code; the kit's own tests
 * check that it does, for every rule, under the default policy and another.
 *
 * ```ts
 * fc.assert(fc.property(arbNearValid({ policy: myPolicy }), ({ history, command, now, rule }) => {
 *   given(history, { policy: myPolicy }).when(command, now).then(rule);
 * }));
 * ```
 *
 * The history is searched, prefix by prefix, for a state where the rule can be broken (an
 * active listing for `LISTING_ALREADY_ACTIVE`, a major hazard without a plan for
 * `PLAN_REQUIRED`); runs without one are skipped. `NOT_PERMITTED` needs a policy that refuses
 * someone of the pool: under a policy that permits everything it never yields a value.
 */
export const arbNearValid = (options: NearValidOptions = {}): fc.Arbitrary<NearValid> => {
  // Which of the two working-day rules can be broken depends on whether there is a calendar.
  const impossible: NearValidRule =
    options.workingDays === undefined ? "OUTSIDE_WORKING_DAY_CALENDAR" : "NO_WORKING_DAY_CALENDAR";
  const rules = options.rules ?? NEAR_VALID_RULES.filter((r) => r !== impossible);
  if (rules.length === 0) throw new RangeError("arbNearValid: no rule to break");
  if (rules.includes(impossible))
    throw new RangeError(
      `arbNearValid: ${impossible} cannot be broken ${options.workingDays === undefined ? "without" : "with"} a working-day calendar (options.workingDays)`,
    );
  const pool = options.actors ?? DEFAULT_ACTOR_POOL;
  const run = arbLedgerRun({
    ...options,
    hazards: 1,
    validRatio: 1,
    length: { min: 0, max: options.maxHistory ?? 20 },
  });
  return fc
    .record({ rule: fc.constantFrom(...rules), run, material: arbStepMaterial(), cut: fc.nat() })
    .map(({ rule, run: { events, steps }, material, cut }): NearValid | undefined => {
      const hazardId = steps[0]?.command.hazardId ?? `${options.hazardIdPrefix ?? "HZ-T-"}0001`;
      for (let k = 0; k <= events.length; k++) {
        const history = events.slice(0, (cut + k) % (events.length + 1));
        const lastRecorded = history[history.length - 1]?.recordedAt;
        const startMs = instantMillis(lastRecorded ?? "2023-01-02T08:00:00+08:00");
        const setup = { hazardId, history, state: replay(history), m: material, options, pool };
        const broken = BREAKERS[rule](benchAt(setup, startMs + material.gapMs));
        if (broken === undefined) continue;
        const context = contextAt(broken.nowMs ?? startMs + material.gapMs, options);
        const { base, prelude = [] } = broken;
        const valid =
          base !== undefined && E.isRight(hazardDecider.decide(base, setup.state, context))
            ? { valid: base }
            : {};
        return {
          history: [...history, ...prelude],
          command: broken.command,
          rule,
          now: context.now,
          context,
          ...valid,
        };
      }
      return undefined;
    })
    .filter((nearValid): nearValid is NearValid => nearValid !== undefined);
};
