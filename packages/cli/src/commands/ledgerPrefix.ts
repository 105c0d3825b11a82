import { type EventStore, type RecordedHazardEvent } from "@hazard-ledger/core";
import { type LedgerRoot, appendLeaf, emptyFrontier, ledgerRootOf } from "@hazard-ledger/core/digest";
import { type CliIo, RejectedError } from "../io.js";
import { readDigestFile } from "./digestVerification.js";
import { ledgerAlgorithm } from "./ledgerLog.js";

/** The log a read command reads: its events, and once they are read, the digest of what was read. */
export interface LedgerRead {
  readonly events: AsyncIterable<RecordedHazardEvent>;
  /** With `--digest`: how many events of the log it commits to (the prefix `events` ends at). */
  readonly limit: number | undefined;
  /** The algorithm, event count and digest of the events read (call after reading them all). */
  ledger(): LedgerRoot;
}

/**
 * The store's log for a read command, keeping its ledger digest up as it is read. With
 * `digestFile` (`--digest FILE`): only the first N events that digest commits to, and, once
 * they are read, proof that they are unchanged (their digest recomputed equals it), else a
 * failed check (exit 1) before anything is printed: what was printed with that digest is what
 * this read reproduces.
 */
export const readLedger = async (store: EventStore, io: CliIo, digestFile?: string): Promise<LedgerRead> => {
  const algorithm = await ledgerAlgorithm(store);
  const prefix = digestFile === undefined ? undefined : await readDigestFile(io, digestFile);
  if (prefix !== undefined && prefix.algorithm !== algorithm)
    throw new RejectedError(
      `--digest: the digest is ${prefix.algorithm}, the ledger's algorithm is ${algorithm}`,
    );
  let frontier = emptyFrontier(algorithm);
  let done = false;
  async function* events(): AsyncGenerator<RecordedHazardEvent> {
    for await (const e of store.readAll()) {
      if (prefix !== undefined && frontier.size >= prefix.events) break;
      frontier = appendLeaf(frontier, e.hash);
      yield e;
    }
    if (prefix !== undefined) {
      if (frontier.size < prefix.events)
        throw new RejectedError(
          `--digest: the ledger holds ${frontier.size} events, fewer than the ${prefix.events} the digest commits to: events were removed since`,
        );
      if (ledgerRootOf(frontier).digest !== prefix.digest)
        throw new RejectedError(
          `--digest: the ledger's first ${prefix.events} events do not match the digest ${prefix.digest}: they were changed since (verify --digest names where)`,
        );
    }
    done = true;
  }
  return {
    events: events(),
    limit: prefix?.events,
    ledger: () => {
      if (!done) throw new Error("the ledger's digest is known once its events are read");
      return ledgerRootOf(frontier);
    },
  };
};
