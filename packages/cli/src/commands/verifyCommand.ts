import { type CliIo, RejectedError } from "../io.js";
import { openStore } from "../storeLocation.js";

/** `verify`: every record's checksum and every hazard's hash chain; exit 1 names each break. */
export const verifyCommand = async (io: CliIo, flags: { readonly store?: string }): Promise<number> => {
  const opened = await openStore(flags.store, io.cwd, io.now);
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
