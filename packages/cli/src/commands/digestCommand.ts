import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import {
  type LedgerDigest,
  appendLeaf,
  emptyFrontier,
  ledgerRootOf,
  serialiseFrontier,
  signLedgerDigest,
} from "@hazard-ledger/core/digest";
import { isLeft } from "fp-ts/lib/Either.js";
import { type CliIo, RejectedError } from "../io.js";
import { openForRead } from "../storeLocation.js";
import { commitTimeOf, ledgerAlgorithm } from "./ledgerLog.js";

export interface DigestFlags {
  readonly store?: string;
  readonly format: "json" | "text";
  /** Also list every event's hash, so a later `verify --digest` names the very event that changed. */
  readonly withLeaves: boolean;
  /** An Ed25519 private key (PEM) to sign the digest with. */
  readonly sign?: string;
}

/**
 * `digest`: the ledger digest of the whole log (a streamed pass holding O(log n) hashes,
 * unless `--with-leaves`). JSON carries the frontier too: a later `verify --digest` uses it
 * to narrow where a changed log parts from this digest.
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
    const algorithm = await ledgerAlgorithm(opened.store);
    let frontier = emptyFrontier(algorithm);
    let committedAt: string | null = null;
    const leaves: string[] = [];
    for await (const e of opened.store.readAll()) {
      frontier = appendLeaf(frontier, e.hash);
      committedAt = commitTimeOf(e) ?? committedAt;
      if (flags.withLeaves) leaves.push(e.hash);
    }
    let digest: LedgerDigest = {
      ...ledgerRootOf(frontier),
      committedAt,
      frontier: serialiseFrontier(frontier).nodes,
      ...(flags.withLeaves ? { leaves } : {}),
    };
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
