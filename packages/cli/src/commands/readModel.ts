import {
  type CheckpointStore,
  type ProjectionError,
  type ProjectionRunner,
  fileCheckpointStore,
  inMemoryCheckpointStore,
  projectionRunner,
} from "@hazard-ledger/projections";
import type { LedgerRoot } from "@hazard-ledger/core/digest";
import { type Either, isLeft, isRight, right } from "fp-ts/lib/Either.js";
import { RejectedError } from "../io.js";
import type { OpenedStore } from "../storeLocation.js";
import { ledgerAlgorithm } from "./ledgerLog.js";

/** The read model's checkpoint name: `readmodel.checkpoint` in the ledger's directory. */
export const READ_MODEL_NAME = "readmodel";

/**
 * A cache never stands between a reader and its answer: a read model that cannot be read is
 * treated as missing (rebuilt from the log), one that cannot be saved (a read-only ledger, a
 * full disk) only makes the next query as slow as this one.
 */
const bestEffort = (checkpoints: CheckpointStore): CheckpointStore => ({
  load: async (name) => {
    const loaded = await checkpoints.load(name);
    return loaded._tag === "Left" ? right(null) : loaded;
  },
  save: async (name, snapshot) => {
    await checkpoints.save(name, snapshot);
    return right(undefined);
  },
  clear: async (name) => {
    await checkpoints.clear(name);
    return right(undefined);
  },
});

/** The read model of the ledger as it now stands, with the digest of the log it folded. */
export interface ReadModel {
  readonly runner: ProjectionRunner;
  readonly ledger: LedgerRoot;
}

/**
 * The ledger's read model for a query on the current log (no `--digest` prefix): the
 * projection runner resumed from the checkpoint kept beside a file ledger, checked against the
 * log (its checksum, and the last event it folded still at its position with its hash; else
 * it is rebuilt from the whole log, never believed), caught up with the log's tail and saved
 * again. Queries as of now then read it and the tail only; as of an earlier instant the runner
 * refolds only the hazards that changed since. Other stores fold the whole log in memory.
 *
 * Last, the digest of what was read (the checkpoint's Merkle frontier extended by the tail)
 * must be the digest the store keeps of its log: a checkpoint whose last event is right but
 * which folded another log before it (an edited or foreign one) is caught there and rebuilt.
 */
export const resumeReadModel = async (opened: OpenedStore): Promise<ReadModel> => {
  const algorithm = await ledgerAlgorithm(opened.store);
  const checkpoints =
    opened.kind === "file" ? bestEffort(fileCheckpointStore(opened.where)) : inMemoryCheckpointStore();
  const runner = projectionRunner({
    store: opened.store,
    checkpoints,
    name: READ_MODEL_NAME,
    digest: algorithm,
  });
  // A log the projections cannot fold is a failed check, as when a query replays it.
  const folded = (result: Either<ProjectionError, number>): LedgerRoot => {
    if (isLeft(result)) throw new RejectedError(result.left.message);
    const root = runner.ledgerRoot();
    if (root === null) throw new Error("a runner given the digest keeps the ledger's root");
    return root;
  };
  const ledger = folded(await runner.resume());
  // Only a file ledger keeps a checkpoint; elsewhere the runner folded the whole log.
  if (opened.kind !== "file") return { runner, ledger };
  const kept = await opened.store.ledgerDigest(ledger.events);
  // Only a checkpoint can disagree with the store here; a fold of the whole log is the log's.
  if (isRight(kept) && kept.right.digest !== ledger.digest)
    return { runner, ledger: folded(await runner.rebuild()) };
  return { runner, ledger };
};
