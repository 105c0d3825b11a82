import {
  type CommandHandlingError,
  type DecideContext,
  type DomainError,
  type HazardCommandHandler,
  HazardCommandCodec,
  type RecordedHazardEvent,
  formatErrors,
} from "@hazard-ledger/core";
import * as E from "fp-ts/lib/Either.js";
import { type Reply, json, problem } from "./reply.js";

/** An event as the service shows it: the event-log line of interchange.md (no store position). */
const asLogLine = ({ position: _position, ...event }: RecordedHazardEvent) => event;

/** The HTTP answer to a command the engine did not apply. */
// #region refusal
const refusal = (error: CommandHandlingError<DomainError>): Reply => {
  switch (error.code) {
    case "RETRY_EXHAUSTED":
      return problem(409, error.code, error.message, { hazardId: error.hazardId, attempts: error.attempts });
    case "WRONG_EXPECTED_REVISION":
      return problem(409, error.code, error.message, { hazardId: error.hazardId });
    case "COMMAND_ID_REUSED":
      return problem(409, error.code, error.message, {
        hazardId: error.hazardId,
        commandId: error.commandId,
      });
    case "BACKFILL_REFUSED":
      // The command was decided at a time before a commit that raced in: decide it again now.
      return problem(409, error.code, error.message, { hazardId: error.hazardId, seq: error.seq });
    case "INVALID_APPEND":
      // The decider only produces events of the command's hazard: this is a bug, not bad input.
      return problem(500, error.code, error.message, { hazardId: error.hazardId });
    default:
      return problem(422, error.code, error.message, {
        hazardId: error.hazardId,
        seq: error.seq,
        ...(error.field !== undefined ? { field: error.field } : {}),
      });
  }
};
// #endregion refusal

/**
 * `POST /commands`: decodes the body as a command (400 when it is not one), hands it to the
 * command handler with a context whose `now` is the server's clock at this moment (the time
 * the events are recorded at: a client says when something happened, never when it was
 * written), and answers 201 with the stored events, or 200 with the original events when
 * the command's `commandId` was already applied.
 */
// #region command
export const postCommand = async (
  body: unknown,
  handle: HazardCommandHandler,
  context: () => DecideContext,
): Promise<Reply> => {
  const command = HazardCommandCodec.decode(body);
  if (E.isLeft(command)) return problem(400, "BAD_REQUEST", `command: ${formatErrors(command.left)}`);
  const result = await handle(command.right, context());
  if (E.isLeft(result)) return refusal(result.left);
  // #endregion command
  const handled = result.right;
  return {
    ...json(handled.idempotentReplay ? 200 : 201, {
      hazardId: handled.hazardId,
      status: handled.state.status,
      idempotentReplay: handled.idempotentReplay,
      events: handled.events.map(asLogLine),
    }),
    headers: { location: `/hazards/${encodeURIComponent(handled.hazardId)}/status` },
  };
};
