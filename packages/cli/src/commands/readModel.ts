import {
  type CheckpointStore,
  type ProjectionRunner,
  fileCheckpointStore,
  inMemoryCheckpointStore,
  projectionRunner,
} from "@hazard-ledger/projections";
import type { LedgerRoot } from "@hazard-ledger/core/digest";
import { right } from "fp-ts/lib/Either.js";
import { RejectedError } from "../io.js";
import type { OpenedStore } from "../storeLocation.js";
import { ledgerAlgorithm } from "./ledgerLog.js";

/** The read model's checkpoint name: `readmodel.checkpoint.json` in the ledger's directory. */
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
  clear: (name) => checkpoints.clear(name),
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
  const resumed = await runner.resume();
  // A log the projections cannot fold is a failed check, as when a query replays it.
  if (resumed._tag === "Left") throw new RejectedError(resumed.left.message);
  const ledger = runner.ledgerRoot();
  if (ledger === null) throw new Error("a runner given the digest keeps the ledger's root");
  return { runner, ledger };
};
