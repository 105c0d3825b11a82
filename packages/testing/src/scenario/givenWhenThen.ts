import {
  type DecideContext,
  type DomainError,
  type DomainErrorCode,
  type HazardCommandInput,
  type HazardState,
  type Instant,
  type NewHazardEvent,
  decideContext,
  formatDomainError,
  replay,
  hazardDecider,
} from "@hazard-ledger/core";
import * as E from "fp-ts/lib/Either.js";
import { expect } from "vitest";

/** The decide context of a scenario, but `now`: the policy, zone, skew and calendar; defaults as in `decideContext`. */
export type ScenarioContext = Partial<Omit<DecideContext, "now">>;

/** What a scenario's command came to, and the assertions on it. */
export interface ScenarioOutcome {
  /** The decider's answer, for assertions of your own. */
  readonly result: E.Either<DomainError, readonly NewHazardEvent[]>;
  /**
   * Asserts the outcome: these events exactly (an empty array for an accepted command that
   * yields none), or a refusal with this code. Returns the events or the error.
   */
  then(expected: readonly NewHazardEvent[] | DomainErrorCode): readonly NewHazardEvent[] | DomainError;
  /** Asserts a refusal with `code` (and `field`, when given); returns the error. */
  thenError(code: DomainErrorCode, field?: string): DomainError;
  /** Asserts acceptance, whatever the events; returns them. */
  thenAccepted(): readonly NewHazardEvent[];
  /** Asserts acceptance; returns the hazard's state after the events. */
  thenState(): HazardState;
}

/** A history, ready for a command. */
export interface Scenario {
  /** The state folded from the history. */
  readonly state: HazardState;
  /**
   * Decides `command` against the history's state, recorded at `now` (default: the command's
   * occurredAt, so that the time rules pass unless the test is about them).
   */
  when(command: HazardCommandInput, now?: Instant): ScenarioOutcome;
}

const describeEvents = (events: readonly NewHazardEvent[]): string =>
  events.length === 0 ? "no event" : events.map((e) => e.type).join(", ");

const describeOutcome = (result: E.Either<DomainError, readonly NewHazardEvent[]>): string =>
  E.isLeft(result)
    ? `it was refused: ${formatDomainError(result.left)}`
    : `it was accepted as ${describeEvents(result.right)}`;

/**
 * A given/when/then scenario of the hazard decider for vitest:
 *
 * ```ts
 * given(history).when(closeCommand).then("NOT_ACCEPTED");
 * given(history).when(reportCommand).then([expectedEvent]);
 * ```
 *
 * `events` are one hazard's stream (as stored or as decided; `recordedAt` and store fields are
 * ignored by the fold). A failed `then` names what was expected and what the decider said,
 * with the error's code, field and message, or the types of the events it produced.
 */
export const given = (events: readonly NewHazardEvent[], context: ScenarioContext = {}): Scenario => {
  const hazards = [...new Set(events.map((e) => e.hazardId))];
  if (hazards.length > 1)
    throw new RangeError(
      `given: a scenario is one hazard's stream, but the events name ${hazards.join(", ")}`,
    );
  const state = replay(events);
  return {
    state,
    when: (command, now) => {
      const result = hazardDecider.decide(command, state, decideContext(now ?? command.occurredAt, context));
      const thenError = (code: DomainErrorCode, field?: string): DomainError => {
        if (E.isRight(result))
          throw new Error(
            `expected ${command.type} to be refused with ${code}, but ${describeOutcome(result)}`,
          );
        expect(
          result.left.code,
          `expected ${command.type} to be refused with ${code}, but ${describeOutcome(result)}`,
        ).toBe(code);
        if (field !== undefined)
          expect(
            result.left.field,
            `expected ${code} to name the field ${field}: ${formatDomainError(result.left)}`,
          ).toBe(field);
        return result.left;
      };
      const thenAccepted = (): readonly NewHazardEvent[] => {
        if (E.isLeft(result))
          throw new Error(`expected ${command.type} to be accepted, but ${describeOutcome(result)}`);
        return result.right;
      };
      return {
        result,
        then: (expected) => {
          if (typeof expected === "string") return thenError(expected);
          const events = thenAccepted();
          expect(events, `expected ${command.type} to give ${describeEvents(expected)}`).toEqual(expected);
          return events;
        },
        thenError,
        thenAccepted,
        thenState: () => replay(thenAccepted(), state),
      };
    },
  };
};
