import { type Either, right } from "fp-ts/lib/Either.js";
import type { ProjectionError } from "../projectionError.js";

/**
 * Where a runner keeps its checkpoints: bytes under a name (the ledger's binary snapshot, a
 * projection's JSON text). Failures are values; a missing checkpoint loads as null.
 */
export interface CheckpointStore {
  /** The snapshot saved under `name`; null when there is none. */
  load(name: string): Promise<Either<ProjectionError, Uint8Array | null>>;
  /** Keeps `snapshot` under `name`, in place of the one before. */
  save(name: string, snapshot: Uint8Array): Promise<Either<ProjectionError, void>>;
  /** Forgets what is kept under `name`. */
  clear(name: string): Promise<Either<ProjectionError, void>>;
}

/** Checkpoints kept in memory, for tests and for runners that need not survive a restart. */
export const inMemoryCheckpointStore = (): CheckpointStore & { readonly saves: number } => {
  const kept = new Map<string, Uint8Array>();
  let saves = 0;
  return {
    get saves() {
      return saves;
    },
    load: (name) => Promise.resolve(right(kept.get(name) ?? null)),
    save: (name, snapshot) => {
      kept.set(name, snapshot);
      saves += 1;
      return Promise.resolve(right(undefined));
    },
    clear: (name) => {
      kept.delete(name);
      return Promise.resolve(right(undefined));
    },
  };
};
