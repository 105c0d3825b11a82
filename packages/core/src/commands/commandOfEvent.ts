import { type HazardCommand, commandTypeOfEvent } from "./hazardCommand.js";
import type { NewHazardEvent } from "../events/hazardEvent.js";

/**
 * The command that would have produced `event`: replaying a log through the rules means
 * deciding each event's command again.
 */
export const commandOfEvent = (event: NewHazardEvent): HazardCommand =>
  // commandTypeOfEvent pairs each event type with the command of the same data, which the
  // union types cannot follow through the lookup.
  ({
    type: commandTypeOfEvent[event.type],
    hazardId: event.hazardId,
    occurredAt: event.occurredAt,
    actor: event.actor,
    data: event.data,
    ...(event.commandId !== undefined ? { commandId: event.commandId } : {}),
    ...(event.ext !== undefined ? { ext: event.ext } : {}),
  }) as HazardCommand;
