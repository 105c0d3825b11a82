import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { type EventStore, hazardProofOf, ledgerTreeOf } from "@hazard-ledger/core";
import { isLeft } from "fp-ts/lib/Either.js";
import { RejectedError } from "../io.js";
import { commitTimeOf, ledgerAlgorithm } from "./ledgerLog.js";

/**
 * `export --hazard ID --proof FILE`: writes the proof that the exported events of the hazard
 * (their seqs, in order) are in the ledger at its current digest, one inclusion proof per
 * event (see HazardProof). Reads the whole log once to build the tree (O(n)); each proof after
 * that is O(log n).
 */
export const writeHazardProof = async (
  store: EventStore,
  hazardId: string,
  seqs: readonly number[],
  file: string,
  cwd: string,
): Promise<void> => {
  const algorithm = await ledgerAlgorithm(store);
  const hashes: string[] = [];
  const positions = new Map<number, number>();
  let committedAt: string | null = null;
  for await (const e of store.readAll()) {
    if (e.hazardId === hazardId) positions.set(e.seq, hashes.length);
    hashes.push(e.hash);
    committedAt = commitTimeOf(e) ?? committedAt;
  }
  const tree = ledgerTreeOf(algorithm, hashes);
  if (isLeft(tree)) throw new RejectedError(tree.left.message);
  const ledger = { algorithm, events: hashes.length, digest: tree.right.digest(), committedAt };
  const proof = hazardProofOf(
    tree.right,
    ledger,
    hazardId,
    seqs.map((seq) => ({ seq, leafIndex: positions.get(seq) ?? -1 })),
  );
  if (isLeft(proof)) throw new RejectedError(`--proof: ${proof.left.message}`);
  await writeFile(resolve(cwd, file), JSON.stringify(proof.right, null, 1) + "\n").catch(
    (e: NodeJS.ErrnoException) => {
      throw new RejectedError(`--proof: ${file}: cannot write (${e.code ?? e.message})`);
    },
  );
};
