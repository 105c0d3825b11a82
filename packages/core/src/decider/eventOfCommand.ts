import { type HazardCommand, eventTypeOfCommand } from "../commands/hazardCommand.js";
import type { NewHazardEvent } from "../events/hazardEvent.js";

/**
 * The event a command asks for, once accepted: same hazard, time, actor, data and commandId,
 * and no `recordedAt` (the store sets it when it writes).
 */
export const eventOfCommand = (command: HazardCommand): NewHazardEvent =>
  // Each command type maps to the event type with the same data (commandTypeOfEvent), which
  // the union types cannot follow through the lookup.
  ({
    hazardId: command.hazardId,
    type: eventTypeOfCommand[command.type],
    occurredAt: command.occurredAt,
    actor: command.actor,
    data: command.data,
    ...(command.commandId !== undefined ? { commandId: command.commandId } : {}),
    ...(command.ext !== undefined ? { ext: command.ext } : {}),
  }) as NewHazardEvent;
