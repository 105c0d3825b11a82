import type { HazardCommandInput } from "../commands/hazardCommand.js";
import { type DecideContext, decideDecoded, decodeCommand } from "../decider/decide.js";
import type { DomainError } from "../decider/domainError.js";
import { replay } from "../decider/evolve.js";
import type { HazardState } from "../decider/hazardState.js";
import { hazardDecider } from "../decider/hazardDecider.js";
import type { EventStore } from "../store/eventStore.js";
import { type CommandHandler, type CommandResult, commandHandler } from "./commandHandler.js";

/** A command handler of the hazard lifecycle. */
export type HazardCommandHandler = CommandHandler<
  HazardCommandInput,
  HazardState,
  DomainError,
  DecideContext
>;

/** The outcome of one hazard command. */
export type HazardCommandResult = CommandResult<HazardState, DomainError>;

/**
 * The command handler of the hazard ledger: {@link hazardDecider}, histories folded with
 * `replay`, and the decided events recorded at the context's `now`, the instant the rules
 * were checked against (so occurredAt ≤ recordedAt holds of what is stored).
 *
 * ```ts
 * const handle = hazardCommandHandler(store);
 * const result = await handle(command, decideContext(new Date().toISOString()));
 * ```
 */
export const hazardCommandHandler = (
  store: EventStore,
  options: { readonly maxAttempts?: number } = {},
): HazardCommandHandler =>
  commandHandler({
    store,
    // Decoded once per command (the codec, after working-day deadlines are resolved), then
    // decided with every rule but the codec's at each attempt and at the replay check.
    decode: decodeCommand,
    decider: { ...hazardDecider, decide: decideDecoded },
    fold: (events, from) => replay(events, from),
    recordedAt: (context) => context.now,
    ...options,
  });
