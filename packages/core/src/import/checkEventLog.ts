import * as E from "fp-ts/lib/Either.js";
import type { EventStore } from "../store/eventStore.js";
import { type ImportError, type ImportOptions, importEventLog } from "./importEventLog.js";

/** What a check of an event log found. */
export interface EventLogCheck {
  /** Non-blank lines read; null when the check stopped before the end (past `limit`). */
  readonly lines: number | null;
  /** The refused lines, in file order, at most `limit` of them. */
  readonly errors: readonly ImportError[];
  /** More lines were refused than `limit`: the check stopped at the last one listed. */
  readonly truncated: boolean;
}

/**
 * Checks an event log exactly as {@link importEventLog} would import it, against the
 * store's current contents, but stores nothing and reads on past a refused line (which is
 * then left out, as if the file did not hold it), so one pass lists every error of a file,
 * up to `limit`. A line after a refused one of the same hazard may be refused only because
 * of it (its seq or its prerequisite is missing): fix the first and check again.
 */
export const checkEventLog = async (
  store: EventStore,
  lines: AsyncIterable<string> | Iterable<string>,
  options: Omit<ImportOptions, "onLineError"> & { readonly limit: number },
): Promise<EventLogCheck> => {
  const errors: ImportError[] = [];
  let truncated = false;
  // The store as the import sees it, except that a batch is read through and never written.
  const dryRun: EventStore = {
    appendToStream: () => Promise.reject(new Error("checkEventLog: a check never appends")),
    appendBatch: async (source) => {
      for await (const _append of source) {
        // Pulling the source is what validates its lines.
      }
      return E.right({ appended: 0, streams: 0, lastPosition: null, nextExpectedRevisions: new Map() });
    },
    readStream: (hazardId, readOptions) => store.readStream(hazardId, readOptions),
    streamRevision: (hazardId) => store.streamRevision(hazardId),
    lastCommittedAt: () => store.lastCommittedAt(),
    ledgerDigest: (upTo) => store.ledgerDigest(upTo),
    readAll: (readOptions) => store.readAll(readOptions),
    subscribe: (readOptions) => store.subscribe(readOptions),
    ledgerSettings: () => store.ledgerSettings(),
    initLedger: () => Promise.reject(new Error("checkEventLog: a check never creates a ledger")),
    close: () => Promise.resolve(),
  };
  const result = await importEventLog(dryRun, lines, {
    ...options,
    onLineError: (error) => {
      if (errors.length >= options.limit) {
        truncated = true;
        return "stop";
      }
      errors.push(error);
      return "continue";
    },
  });
  if (E.isLeft(result) && !truncated) errors.push(result.left);
  return { lines: E.isRight(result) ? result.right.lines : null, errors, truncated };
};
