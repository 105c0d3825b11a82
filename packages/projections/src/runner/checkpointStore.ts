import { type Either, right } from "fp-ts/lib/Either.js";
import type { ProjectionError } from "../projectionError.js";

/**
 * Where a runner keeps its checkpoints: the ledger snapshot text (position included) under a
 * name. Failures are values; a missing checkpoint loads as null.
 */
export interface CheckpointStore {
  /** The snapshot saved under `name`; null when there is none. */
  load(name: string): Promise<Either<ProjectionError, string | null>>;
  /** Keeps `snapshot` under `name`, in place of the one before. */
  save(name: string, snapshot: string): Promise<Either<ProjectionError, void>>;
  /** Forgets what is kept under `name`. */
  clear(name: string): Promise<Either<ProjectionError, void>>;
}

/** Checkpoints kept in memory, for tests and for runners that need not survive a restart. */
export const inMemoryCheckpointStore = (): CheckpointStore & { readonly saves: number } => {
  const texts = new Map<string, string>();
  let saves = 0;
  return {
    get saves() {
      return saves;
    },
    load: (name) => Promise.resolve(right(texts.get(name) ?? null)),
    save: (name, snapshot) => {
      texts.set(name, snapshot);
      saves += 1;
      return Promise.resolve(right(undefined));
    },
    clear: (name) => {
      texts.delete(name);
      return Promise.resolve(right(undefined));
    },
  };
};
