import type { RecordedHazardEvent } from "@hazard-ledger/core";
import * as t from "io-ts";

/**
 * A read model of your own, folded from the ledger's events in commit order. Give it to
 * {@link projectionRunner} (option `projections`) and the runner keeps it beside the ledger:
 * caught up, followed live, checkpointed, rebuilt. Pure like every projection: the fold sees
 * only events, never a clock.
 */
export interface Projection<State, Event extends RecordedHazardEvent = RecordedHazardEvent> {
  /** Names the projection's checkpoint; unique among the projections of one runner. */
  readonly name: string;
  /** Whether `evolve` wants the event; a type guard narrows the events `evolve` gets. */
  canHandle(this: void, event: RecordedHazardEvent): event is Event;
  /** The state after one more event; must not mutate `state`. */
  evolve(this: void, state: State, event: Event): State;
  /** The state before any event. */
  readonly initialState: State;
  /** The state as JSON, for a checkpoint. */
  encodeState(this: void, state: State): unknown;
  /** The state back from a checkpoint's JSON; a Left discards the checkpoint (and rebuilds). */
  decodeState(this: void, json: unknown): t.Validation<State>;
}

/** What {@link projection} is given: `codec` may be left out for a state that is plain JSON. */
export interface ProjectionDefinition<State, Event extends RecordedHazardEvent = RecordedHazardEvent> {
  readonly name: string;
  readonly canHandle:
    ((event: RecordedHazardEvent) => event is Event) | ((event: RecordedHazardEvent) => boolean);
  readonly evolve: (state: State, event: Event) => State;
  readonly initialState: State;
  /** Default: the state as it is in JSON (numbers, strings, arrays, plain objects). */
  readonly codec?: t.Type<State, unknown, unknown>;
}

/** A codec that trusts the checkpoint it wrote: JSON in, JSON out. */
const asJson = <State>(name: string): t.Type<State, unknown, unknown> =>
  new t.Type<State, unknown, unknown>(
    `${name} state`,
    (u): u is State => u !== undefined,
    (u, c) => (u === undefined ? t.failure(u, c, "no state") : t.success(u as State)),
    (s) => s,
  );

/**
 * A projection of your own, to be run by the {@link projectionRunner} beside the ledger's:
 *
 * ```ts
 * const reportsByRegion = projection({
 *   name: "reports-by-region",
 *   canHandle: (e) => e.type === "HazardReported",
 *   evolve: (counts: Readonly<Record<string, number>>, e) =>
 *     e.type === "HazardReported" ? { ...counts, [e.data.region]: (counts[e.data.region] ?? 0) + 1 } : counts,
 *   initialState: {},
 * });
 * const runner = projectionRunner({ store, projections: [reportsByRegion] });
 * await runner.start();
 * runner.stateOf(reportsByRegion); // Readonly<Record<string, number>>
 * ```
 *
 * Throws a RangeError on an empty name (a programming error).
 */
export const projection = <State, Event extends RecordedHazardEvent = RecordedHazardEvent>(
  definition: ProjectionDefinition<State, Event>,
): Projection<State, Event> => {
  if (definition.name.trim() === "") throw new RangeError("projection: the name must not be empty");
  const canHandle = definition.canHandle as (event: RecordedHazardEvent) => event is Event;
  const codec = definition.codec ?? asJson<State>(definition.name);
  return {
    name: definition.name,
    canHandle,
    evolve: definition.evolve,
    initialState: definition.initialState,
    encodeState: (state) => codec.encode(state),
    decodeState: (json) => codec.decode(json),
  };
};
