import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { type EventStore } from "@hazard-ledger/core";
import { proveHazard } from "@hazard-ledger/core/digest";
import { isLeft } from "fp-ts/lib/Either.js";
import { RejectedError } from "../io.js";
import { ledgerAlgorithm } from "./ledgerLog.js";

/**
 * `export --hazard ID --proof FILE`: writes the proof that the exported events of the hazard
 * (their seqs) are in the ledger at its current digest, one inclusion proof per event (see
 * HazardProof). Reads the whole log once to build the tree (O(n)); each proof after that is
 * O(log n).
 */
export const writeHazardProof = async (
  store: EventStore,
  hazardId: string,
  seqs: readonly number[],
  file: string,
  cwd: string,
): Promise<void> => {
  const exported = new Set(seqs);
  const proven = await proveHazard(await ledgerAlgorithm(store), store.readAll(), hazardId, (seq) =>
    exported.has(seq),
  );
  if (isLeft(proven)) throw new RejectedError(`--proof: ${proven.left.message}`);
  await writeFile(resolve(cwd, file), JSON.stringify(proven.right.proof, null, 1) + "\n").catch(
    (e: NodeJS.ErrnoException) => {
      throw new RejectedError(`--proof: ${file}: cannot write (${e.code ?? e.message})`);
    },
  );
};
