import type { Either } from "fp-ts/lib/Either.js";

/**
 * A decider in the shape Emmett and Chassaing made common: `decide` turns a command and the
 * current state into events or an error (a value, never a throw), `evolve` folds an event
 * into the state, `initialState` is the state of a stream with no events.
 */
export interface Decider<Command, Event, State, Error, Context> {
  /** The events a command gives against a state, or why it is refused. */
  readonly decide: (command: Command, state: State, context: Context) => Either<Error, readonly Event[]>;
  /** The state after one more event. */
  readonly evolve: (state: State, event: Event) => State;
  readonly initialState: State;
}
