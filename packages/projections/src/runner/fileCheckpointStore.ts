import { mkdir, rename, rm, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { removeStaleTemporaries } from "@hazard-ledger/core/store-kit";
import { type Either, left, right } from "fp-ts/lib/Either.js";
import { type ProjectionError, projectionError } from "../projectionError.js";
import type { CheckpointStore } from "./checkpointStore.js";

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

const failure = (what: string, e: unknown): Either<ProjectionError, never> =>
  left(projectionError("CHECKPOINT", `${what}: ${e instanceof Error ? e.message : String(e)}`));

/**
 * Checkpoints as files `<dir>/<name>.checkpoint`, an edge adapter. A save writes a temporary
 * file and renames it over the old one, so a crash leaves the old checkpoint or the new one,
 * never half of one; the temporary of a saver killed before its rename is swept by a later
 * save. Versions before the binary read model kept `<name>.checkpoint.json`:
 * never read, it is removed by the next save or clear.
 */
export const fileCheckpointStore = (dir: string): CheckpointStore => {
  const pathOf = (name: string): Either<ProjectionError, string> =>
    NAME.test(name)
      ? right(join(dir, `${name}.checkpoint`))
      : left(
          projectionError("CHECKPOINT", `checkpoint name "${name}" is not letters, digits, '.', '_' or '-'`),
        );
  const removeFormer = (path: string) => rm(`${path}.json`, { force: true }).catch(() => undefined);
  return {
    load: async (name) => {
      const path = pathOf(name);
      if (path._tag === "Left") return path;
      try {
        return right(await readFile(path.right));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ENOENT") return right(null);
        return failure(`reading ${path.right}`, e);
      }
    },
    save: async (name, snapshot) => {
      const path = pathOf(name);
      if (path._tag === "Left") return path;
      const temporary = `${path.right}.${process.pid}.tmp`;
      try {
        await mkdir(dir, { recursive: true });
        removeStaleTemporaries(path.right);
        await writeFile(temporary, snapshot);
        await rename(temporary, path.right);
        await removeFormer(path.right);
        return right(undefined);
      } catch (e) {
        await rm(temporary, { force: true }).catch(() => undefined);
        return failure(`writing ${path.right}`, e);
      }
    },
    clear: async (name) => {
      const path = pathOf(name);
      if (path._tag === "Left") return path;
      try {
        await rm(path.right, { force: true });
        await removeFormer(path.right);
        return right(undefined);
      } catch (e) {
        return failure(`removing ${path.right}`, e);
      }
    },
  };
};
