import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import {
  type LedgerDigest,
  ledgerDigestOf,
  ledgerTreeOf,
  signLedgerDigest,
} from "@hazard-ledger/core/digest";
import { isLeft } from "fp-ts/lib/Either.js";
import { type CliIo, RejectedError } from "../io.js";
import { openForRead } from "../storeLocation.js";
import { ledgerAlgorithm, readLedgerLeaves } from "./ledgerLog.js";

export interface DigestFlags {
  readonly store?: string;
  readonly format: "json" | "text";
  /** Also list every event's hash, so a later `verify --digest` names the very event that changed. */
  readonly withLeaves: boolean;
  /** An Ed25519 private key (PEM) to sign the digest with. */
  readonly sign?: string;
}

/**
 * `digest`: the ledger digest of the whole log, as the store keeps it up (its Merkle frontier:
 * O(log n), plus reading what was committed since the store last looked; the file store's
 * frontier is checked against its log by `verify`). With `--with-leaves` the log is read whole
 * for every event's hash, and the digest is recomputed from them. JSON carries the frontier
 * too: a later `verify --digest` uses it to narrow where a changed log parts from this digest.
 */
export const digestCommand = async (io: CliIo, flags: DigestFlags): Promise<number> => {
  const key =
    flags.sign === undefined
      ? undefined
      : await readFile(resolve(io.cwd, flags.sign)).catch((e: NodeJS.ErrnoException) => {
          throw new RejectedError(`--sign: ${flags.sign}: cannot read (${e.code ?? e.message})`);
        });
  const opened = await openForRead(flags.store, io);
  try {
    await ledgerAlgorithm(opened.store);
    let digest: LedgerDigest;
    if (flags.withLeaves) {
      const { algorithm, hashes, committedAt } = await readLedgerLeaves(opened.store);
      const tree = ledgerTreeOf(algorithm, hashes);
      if (isLeft(tree)) throw new RejectedError(tree.left.message);
      digest = {
        ...ledgerDigestOf(algorithm, hashes),
        committedAt,
        frontier: tree.right.frontier(),
        leaves: hashes,
      };
    } else {
      const kept = await opened.store.ledgerDigest();
      if (isLeft(kept)) throw new RejectedError(kept.left.message);
      const { algorithm, events, digest: root, committedAt, frontier } = kept.right;
      digest = { algorithm, events, digest: root, committedAt, frontier: [...frontier] };
    }
    const committedAt = digest.committedAt;
    if (key !== undefined) {
      const signed = signLedgerDigest(digest, key);
      if (isLeft(signed)) throw new RejectedError(`--sign: ${signed.left.message}`);
      digest = signed.right;
    }
    io.stdout.write(
      flags.format === "json"
        ? JSON.stringify(digest) + "\n"
        : `ledger digest (${digest.algorithm}, ${digest.events} events${
            committedAt === null ? "" : `, committed ${committedAt}`
          }): ${digest.digest}${digest.signature === undefined ? "" : ` signed by key ${digest.signature.keyId}`}\n`,
    );
    return 0;
  } finally {
    await opened.store.close();
  }
};
