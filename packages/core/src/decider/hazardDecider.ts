import type { NewHazardEvent } from "../events/hazardEvent.js";
import type { HazardCommandInput } from "../commands/hazardCommand.js";
import { type DecideContext, decide } from "./decide.js";
import type { Decider } from "./decider.js";
import type { DomainError } from "./domainError.js";
import { evolve } from "./evolve.js";
import { type HazardState, initialState } from "./hazardState.js";

/**
 * The hazard lifecycle as a {@link Decider}: `decide` with the rules of domain.md,
 * `evolve` (immer) and `initialState`. Fold a long history with `replay`, which
 * gives the same state faster.
 */
export const hazardDecider: Decider<
  HazardCommandInput,
  NewHazardEvent,
  HazardState,
  DomainError,
  DecideContext
> = {
  decide,
  evolve,
  initialState,
};
