import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { type CliIo, RejectedError } from "../io.js";
import { openForRead } from "../storeLocation.js";
import { readDigestFile, verifyAgainstDigest } from "./digestVerification.js";
import { ledgerAlgorithm } from "./ledgerLog.js";

export interface VerifyFlags {
  readonly store?: string;
  /** A digest printed earlier (a file, or - for stdin) that today's log must extend. */
  readonly digest?: string;
  /** The office's Ed25519 public key (PEM) that must have signed that digest. */
  readonly publicKey?: string;
}

/**
 * `verify`: every record's checksum and every hazard's hash chain, a torn tail (bytes after the
 * last commit: a write cut short, or committed data lost), and with `--digest` that the log
 * extends the earlier digest; exit 1 names each break. Reads only: it never cuts, repairs or
 * writes anything.
 */
export const verifyCommand = async (io: CliIo, flags: VerifyFlags): Promise<number> => {
  const earlier = flags.digest === undefined ? undefined : await readDigestFile(io, flags.digest);
  const publicKey =
    flags.publicKey === undefined
      ? undefined
      : await readFile(resolve(io.cwd, flags.publicKey)).catch((e: NodeJS.ErrnoException) => {
          throw new RejectedError(`--public-key: ${flags.publicKey}: cannot read (${e.code ?? e.message})`);
        });
  const opened = await openForRead(flags.store, io);
  try {
    // Checked first: every hash of the ledger is recomputed with it.
    await ledgerAlgorithm(opened.store);
    const problems = await opened.verify();
    const notes: string[] = [];
    if (earlier !== undefined) {
      const against = await verifyAgainstDigest(opened.store, earlier, publicKey);
      problems.push(...against.problems);
      notes.push(...against.notes);
    }
    if (problems.length > 0) {
      for (const p of problems.slice(0, -1)) io.stderr.write(`hazard-ledger: verify: ${p}\n`);
      throw new RejectedError(`verify: ${problems[problems.length - 1]}`);
    }
    io.stdout.write("verified: every record checksum and every hash chain is intact\n");
    for (const n of notes) io.stdout.write(`verified: ${n}\n`);
    return 0;
  } finally {
    await opened.store.close();
  }
};
