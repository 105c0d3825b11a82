import fc from "fast-check";
import {
  type Actor,
  HAZARD_COMMAND_TYPES,
  type HazardCommand,
  type HazardCommandType,
  type HazardState,
  type Instant,
  instantMillis,
  hazardDecider,
} from "@hazard-ledger/core";
import { buildCommand, plausibleOccurredAt } from "./commandBuilder.js";
import { DEFAULT_ACTOR_POOL } from "./pools.js";
import { arbStepMaterial } from "./stepMaterial.js";

/** Options of {@link arbHazardCommand}. */
export interface HazardCommandOptions {
  /** The hazard; default `HZ-T-0001`, or the state's hazard. */
  readonly hazardId?: string;
  /** Restrict the command types; default all 16. */
  readonly types?: readonly HazardCommandType[];
  /** The actors to draw from; default {@link DEFAULT_ACTOR_POOL}. */
  readonly actors?: readonly Actor[];
  /**
   * The state of the hazard: dates and levels are drawn relative to it (deadlines after its
   * discovery day, an escalation above its listing, occurredAt not before its last event).
   * Default: a hazard not yet reported.
   */
  readonly state?: HazardState;
  /** recordedAt the command is meant for; occurredAt lies up to three days before. Default 2023-03-01T12:00:00+08:00. */
  readonly now?: Instant;
  readonly timeZone?: string;
}

/**
 * One command with codec-valid data, of a random type and actor. It is not checked against
 * the rules or a policy: expect many to be refused (use it to test refusal paths, codecs and
 * handlers). For valid commands in context, use `arbCommandSequence`.
 */
export const arbHazardCommand = (options: HazardCommandOptions = {}): fc.Arbitrary<HazardCommand> => {
  const types = options.types ?? HAZARD_COMMAND_TYPES;
  const pool = options.actors ?? DEFAULT_ACTOR_POOL;
  const state = options.state ?? hazardDecider.initialState;
  const nowMs = instantMillis(options.now ?? "2023-03-01T12:00:00+08:00");
  const hazardId = options.hazardId ?? state.hazardId ?? "HZ-T-0001";
  return fc
    .record({ type: fc.constantFrom(...types), actor: fc.constantFrom(...pool), material: arbStepMaterial() })
    .map(({ type, actor, material }) => {
      const setting = {
        hazardId,
        state,
        nowMs,
        timeZone: options.timeZone ?? "Asia/Shanghai",
        hazardIds: [hazardId],
        index: 0,
      };
      return buildCommand(type, material, setting, actor, plausibleOccurredAt(type, material, setting));
    });
};

/** An actor of the pool (default {@link DEFAULT_ACTOR_POOL}), optionally of given roles. */
export const arbActor = (
  options: { readonly roles?: readonly Actor["role"][]; readonly actors?: readonly Actor[] } = {},
): fc.Arbitrary<Actor> => {
  const pool = (options.actors ?? DEFAULT_ACTOR_POOL).filter(
    (a) => options.roles === undefined || options.roles.includes(a.role),
  );
  if (pool.length === 0)
    throw new RangeError(`arbActor: no actor of roles ${options.roles?.join(", ")} in the pool`);
  return fc.constantFrom(...pool);
};
