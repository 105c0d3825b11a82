import { type CliIo, RejectedError } from "../io.js";
import { openForRead } from "../storeLocation.js";

/**
 * `verify`: every record's checksum and every hazard's hash chain; exit 1 names each break,
 * and a torn tail (bytes after the last commit: a write cut short, or committed data lost).
 * Reads only: it never cuts, repairs or writes anything.
 */
export const verifyCommand = async (io: CliIo, flags: { readonly store?: string }): Promise<number> => {
  const opened = await openForRead(flags.store, io);
  try {
    const problems = await opened.verify();
    if (problems.length > 0) {
      for (const p of problems.slice(0, -1)) io.stderr.write(`hazard-ledger: verify: ${p}\n`);
      throw new RejectedError(`verify: ${problems[problems.length - 1]}`);
    }
    io.stdout.write("verified: every record checksum and every hash chain is intact\n");
    return 0;
  } finally {
    await opened.store.close();
  }
};
