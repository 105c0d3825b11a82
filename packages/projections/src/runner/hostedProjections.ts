import type { RecordedHazardEvent } from "@hazard-ledger/core";
import { type Either, isLeft, left, right } from "fp-ts/lib/Either.js";
import { type ProjectionError, projectionError } from "../projectionError.js";
import type { CheckpointStore } from "./checkpointStore.js";
import type { Projection } from "./projection.js";

/** The projections of one runner, folded beside its ledger and checkpointed with it. */
export interface HostedProjections {
  /** Folds one more event (in commit order, each once) into every projection that wants it. */
  fold(event: RecordedHazardEvent): void;
  /** Saves every projection's state as at `position` (the ledger's). */
  save(position: bigint | null): Promise<Either<ProjectionError, void>>;
  /** Loads every checkpoint; right(false) when one is missing, damaged or not at `position`. */
  load(position: bigint | null): Promise<Either<ProjectionError, boolean>>;
  clear(): Promise<Either<ProjectionError, void>>;
  /** Every projection back to its initial state. */
  reset(): void;
  stateOf<State>(projection: Projection<State>): State;
}

/** A checkpoint of one projection: the position it was folded to, and its encoded state. */
interface ProjectionCheckpoint {
  readonly position: string | null;
  readonly state: unknown;
}

const isCheckpoint = (u: unknown): u is ProjectionCheckpoint =>
  typeof u === "object" &&
  u !== null &&
  "position" in u &&
  (u.position === null || typeof u.position === "string") &&
  "state" in u;

export const hostedProjections = (
  projections: readonly Projection<unknown>[],
  checkpoints: CheckpointStore,
  runnerName: string,
): HostedProjections => {
  const names = new Set<string>();
  for (const p of projections) {
    if (names.has(p.name)) throw new RangeError(`projectionRunner: two projections are named ${p.name}`);
    names.add(p.name);
  }
  const states = new Map<Projection<unknown>, unknown>(projections.map((p) => [p, p.initialState]));
  const checkpointName = (p: Projection<unknown>) => `${runnerName}:${p.name}`;

  const fold = (event: RecordedHazardEvent) => {
    for (const p of projections) if (p.canHandle(event)) states.set(p, p.evolve(states.get(p), event));
  };

  const loadOne = async (
    p: Projection<unknown>,
    position: bigint | null,
  ): Promise<Either<ProjectionError, { readonly state: unknown } | undefined>> => {
    const loaded = await checkpoints.load(checkpointName(p));
    if (isLeft(loaded)) return loaded;
    if (loaded.right === null) return right(undefined);
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(loaded.right).toString("utf8"));
    } catch {
      return right(undefined);
    }
    if (!isCheckpoint(parsed) || parsed.position !== (position === null ? null : String(position)))
      return right(undefined);
    const state = p.decodeState(parsed.state);
    return isLeft(state) ? right(undefined) : right({ state: state.right });
  };

  return {
    fold,
    save: async (position) => {
      for (const p of projections) {
        let text: string;
        try {
          text = JSON.stringify({
            position: position === null ? null : String(position),
            state: p.encodeState(states.get(p)),
          } satisfies ProjectionCheckpoint);
        } catch (e) {
          return left(
            projectionError(
              "INVALID_OPTION",
              `projection ${p.name}: its state cannot be written as JSON (${e instanceof Error ? e.message : String(e)}); give it a codec`,
            ),
          );
        }
        const saved = await checkpoints.save(checkpointName(p), Buffer.from(text, "utf8"));
        if (isLeft(saved)) return saved;
      }
      return right(undefined);
    },
    load: async (position) => {
      const loaded = new Map<Projection<unknown>, unknown>();
      for (const p of projections) {
        const one = await loadOne(p, position);
        if (isLeft(one)) return one;
        if (one.right === undefined) return right(false);
        loaded.set(p, one.right.state);
      }
      for (const [p, state] of loaded) states.set(p, state);
      return right(true);
    },
    clear: async () => {
      for (const p of projections) {
        const cleared = await checkpoints.clear(checkpointName(p));
        if (isLeft(cleared)) return cleared;
      }
      return right(undefined);
    },
    reset: () => {
      for (const p of projections) states.set(p, p.initialState);
    },
    stateOf: <State>(p: Projection<State>): State => {
      const key = p as unknown as Projection<unknown>;
      if (!states.has(key))
        throw new RangeError(`projectionRunner: it does not run the projection ${p.name}`);
      return states.get(key) as State;
    },
  };
};
