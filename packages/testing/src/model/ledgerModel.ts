import {
  type DomainError,
  type EventStore,
  type HazardCommand,
  type HazardCommandHandler,
  type HazardState,
  type Instant,
  type NewHazardEvent,
  type RecordedHazardEvent,
  decideContext,
  formatDomainError,
  hazardCommandHandler,
  instantMillis,
  replay,
  hazardDecider,
} from "@hazard-ledger/core";
import canonicalize from "canonicalize";
import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { formatInstant } from "../arbitraries/calendar.js";
import { type CommandSequenceOptions, type RunPlanner, runPlanner } from "../arbitraries/commandSequence.js";
import { type StepMaterial, arbStepMaterial } from "../arbitraries/stepMaterial.js";
import {
  LEDGER_INVARIANTS,
  type LedgerInvariant,
  decidedPart,
  ledgerViolations,
  noEventLost,
} from "../invariants/ledgerInvariants.js";

/** What the model knows: the ledger as the pure decider says it must be. */
export interface LedgerModel {
  /** Each hazard's state, folded from the accepted events. */
  readonly states: Map<string, HazardState>;
  /** The accepted events in the order they were written, each with its `recordedAt`. */
  readonly events: NewHazardEvent[];
  /** The accepted commands, to send again. */
  readonly accepted: { readonly command: HazardCommand; readonly events: readonly NewHazardEvent[] }[];
  /** recordedAt of the last step, in epoch milliseconds. */
  nowMs: number;
  /** Steps sent so far (gives each command a unique commandId). */
  sent: number;
}

/** The system under test: a store and the handler over it (both replaced on a restart). */
export interface LedgerUnderTest<S extends EventStore = EventStore> {
  store: S;
  handle: HazardCommandHandler;
}

/** What {@link ledgerModelProperty} drives, and how. */
export interface LedgerModelOptions<S extends EventStore = EventStore> extends Omit<
  CommandSequenceOptions,
  "length"
> {
  /** A new, empty store for each run; closed at the run's end. */
  readonly open: () => Promise<S> | S;
  /**
   * Closes `store` and opens the same ledger again, as a process restart would. Given, the runs
   * restart the store at random steps, and the invariants must hold across it.
   */
  readonly reopen?: (store: S) => Promise<S>;
  /**
   * The handler under test over a store; default the core's `hazardCommandHandler`. It must
   * record the decided events at the context's `now`, as that one does: the model expects
   * exactly those `recordedAt`.
   */
  readonly handler?: (store: S) => HazardCommandHandler;
  /** Checked on the whole stored log after every step; default {@link LEDGER_INVARIANTS}. */
  readonly invariants?: Readonly<Record<string, LedgerInvariant>>;
  /** Most steps of a run; default 30. */
  readonly maxCommands?: number;
}

type Step<S extends EventStore = EventStore> = fc.AsyncCommand<LedgerModel, LedgerUnderTest<S>>;

const readAll = async (store: EventStore): Promise<RecordedHazardEvent[]> => {
  const all: RecordedHazardEvent[] = [];
  for await (const e of store.readAll()) all.push(e);
  return all;
};

/** Fails the step, naming every violation of the invariants and every event lost. */
const checkInvariants = async (
  model: LedgerModel,
  real: LedgerUnderTest,
  invariants: Readonly<Record<string, LedgerInvariant>>,
  after: string,
): Promise<void> => {
  const stored = await readAll(real.store);
  const broken = ledgerViolations(stored, { ...invariants, noEventLost: noEventLost(model.events) });
  if (broken.length > 0) throw new Error(`after ${after}:\n  ${broken.join("\n  ")}`);
};

const describeError = (error: { readonly code: string; readonly message: string }): string =>
  "seq" in error ? formatDomainError(error as DomainError) : `${error.code}: ${error.message}`;

/** Sends the command a step's material makes; the handler must answer what the decider says. */
class Send implements Step {
  private label = "send (not run yet)";
  constructor(
    private readonly material: StepMaterial,
    private readonly planner: RunPlanner,
    private readonly invariants: Readonly<Record<string, LedgerInvariant>>,
  ) {}
  check = (): boolean => true;
  async run(model: LedgerModel, real: LedgerUnderTest): Promise<void> {
    const stateOf = (id: string) => model.states.get(id) ?? hazardDecider.initialState;
    const planned = this.planner.plan(this.material, stateOf, model.nowMs, model.sent);
    const command = { ...planned.command, commandId: planned.command.commandId ?? `model-${model.sent}` };
    const { context } = planned;
    model.sent++;
    model.nowMs = instantMillis(context.now);
    this.label = `send ${command.type} ${command.hazardId} (${command.commandId}) at ${context.now}`;
    const state = stateOf(command.hazardId);
    const expected = hazardDecider.decide(command, state, context);
    const actual = await real.handle(command, context);
    if (E.isLeft(expected)) {
      if (E.isRight(actual))
        throw new Error(
          `${this.label}: the model refuses (${formatDomainError(expected.left)}), the handler accepted it`,
        );
      if (actual.left.code !== expected.left.code)
        throw new Error(
          `${this.label}: the model refuses with ${expected.left.code}, the handler with ${describeError(actual.left)}`,
        );
    } else {
      if (E.isLeft(actual))
        throw new Error(
          `${this.label}: the model accepts it, the handler refused: ${describeError(actual.left)}`,
        );
      const events = expected.right.map((e) => ({ ...e, recordedAt: context.now }));
      const next = replay(events, state);
      model.states.set(command.hazardId, next);
      model.events.push(...events);
      model.accepted.push({ command, events });
      if (canonicalize(actual.right.state) !== canonicalize(next))
        throw new Error(`${this.label}: the handler's state differs from the model's`);
    }
    await checkInvariants(model, real, this.invariants, this.label);
  }
  toString = (): string => this.label;
}

/** Sends an accepted command again: the store must answer it as a replay and write nothing. */
class Resend implements Step {
  private label = "resend (not run yet)";
  constructor(
    private readonly pick: number,
    private readonly invariants: Readonly<Record<string, LedgerInvariant>>,
  ) {}
  check = (model: Readonly<LedgerModel>): boolean => model.accepted.length > 0;
  async run(model: LedgerModel, real: LedgerUnderTest): Promise<void> {
    const sent = model.accepted[this.pick % model.accepted.length];
    if (sent === undefined) return;
    const now: Instant = formatInstant(model.nowMs, "UTC");
    this.label = `resend ${sent.command.type} ${sent.command.hazardId} (${sent.command.commandId}) at ${now}`;
    const result = await real.handle(sent.command, decideContext(now));
    if (E.isLeft(result)) throw new Error(`${this.label}: refused: ${describeError(result.left)}`);
    if (!result.right.idempotentReplay)
      throw new Error(`${this.label}: applied again, not answered as a replay`);
    const events = result.right.events.map(decidedPart);
    const same =
      events.length === sent.events.length &&
      events.every((e, i) => canonicalize(e) === canonicalize(sent.events[i]));
    if (!same) throw new Error(`${this.label}: the replay's events are not the ones first stored`);
    await checkInvariants(model, real, this.invariants, this.label);
  }
  toString = (): string => this.label;
}

/** Closes the store and opens the same ledger again; nothing may be lost or changed. */
class Restart<S extends EventStore> implements Step<S> {
  constructor(
    private readonly reopen: (store: S) => Promise<S>,
    private readonly handler: (store: S) => HazardCommandHandler,
    private readonly invariants: Readonly<Record<string, LedgerInvariant>>,
  ) {}
  check = (): boolean => true;
  async run(model: LedgerModel, real: LedgerUnderTest<S>): Promise<void> {
    real.store = await this.reopen(real.store);
    real.handle = this.handler(real.store);
    await checkInvariants(model, real, this.invariants, "restart");
  }
  toString = (): string => "restart";
}

/**
 * The steps of a model-based run (`fc.commands`): sending the command a random step makes
 * (aimed at the lifecycle, some refused), sending an accepted command again, and — when
 * `options.reopen` is given — restarting the store. Each step checks the handler against the
 * pure decider and the invariants on the whole stored log.
 */
export const ledgerModelCommands = <S extends EventStore>(
  options: LedgerModelOptions<S>,
): fc.Arbitrary<Iterable<fc.AsyncCommand<LedgerModel, LedgerUnderTest<S>>>> => {
  const planner = runPlanner(options);
  const invariants = options.invariants ?? LEDGER_INVARIANTS;
  const handler = options.handler ?? ((store: S) => hazardCommandHandler(store));
  const steps: fc.WeightedArbitrary<Step<S>>[] = [
    { arbitrary: arbStepMaterial().map((m): Step<S> => new Send(m, planner, invariants)), weight: 8 },
    { arbitrary: fc.nat().map((n): Step<S> => new Resend(n, invariants)), weight: 1 },
  ];
  const reopen = options.reopen;
  if (reopen !== undefined)
    steps.push({ arbitrary: fc.constant(new Restart(reopen, handler, invariants)), weight: 1 });
  // size "max": runs spread over the whole length rather than fast-check's short default.
  return fc.commands([fc.oneof(...steps)], { maxCommands: options.maxCommands ?? 30, size: "max" });
};

/** A model with nothing accepted yet, its clock at the run's start. */
export const emptyLedgerModel = (options: CommandSequenceOptions = {}): LedgerModel => ({
  states: new Map(),
  events: [],
  accepted: [],
  nowMs: runPlanner(options).startMs,
  sent: 0,
});

/**
 * A fast-check property that drives a command handler and a store against the model: for a
 * random run of steps (see {@link ledgerModelCommands}), every answer of the handler must be
 * the pure decider's, and after every step the stored log must keep the invariants and hold
 * exactly the events the model accepted. The store is opened fresh per run and closed after.
 *
 * ```ts
 * await fc.assert(ledgerModelProperty({ open: () => getInMemoryEventStore() }), { numRuns: 50 });
 * ```
 */
export const ledgerModelProperty = <S extends EventStore>(options: LedgerModelOptions<S>) => {
  const handler = options.handler ?? ((store: S) => hazardCommandHandler(store));
  return fc.asyncProperty(ledgerModelCommands(options), async (steps) => {
    const store = await options.open();
    const real: LedgerUnderTest<S> = { store, handle: handler(store) };
    try {
      await fc.asyncModelRun(() => ({ model: emptyLedgerModel(options), real }), steps);
    } finally {
      await real.store.close();
    }
  });
};
