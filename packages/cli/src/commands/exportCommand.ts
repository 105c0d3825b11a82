import { type RecordedHazardEvent, instantMillis, toEventLogLine } from "@hazard-ledger/core";
import { type CliIo, RejectedError, UsageError } from "../io.js";
import { lineWriter } from "../output.js";
import { type OpenedStore, openForRead } from "../storeLocation.js";
import { writeHazardProof } from "./hazardProofCommand.js";
import { readLedger } from "./ledgerPrefix.js";

export interface ExportFlags {
  readonly store?: string;
  readonly hazard?: string;
  readonly asOf?: string;
  readonly knownAt?: string;
  /** With `hazard`: where to write the proof that its exported events are in the ledger. */
  readonly proof?: string;
  /** `--digest FILE`: only the log prefix that digest commits to, once proved unchanged. */
  readonly digest?: string;
}

async function* eventsOf(store: OpenedStore["store"], hazard: string | undefined, limit: number) {
  if (hazard === undefined) {
    let n = 0;
    for await (const e of store.readAll()) {
      if (n++ >= limit) return;
      yield e;
    }
  } else yield* await store.readStream(hazard);
}

/**
 * `export`: the log in global order with seq, recordedAt, schema version and the hash chain,
 * one JSON object a line. `--as-of`/`--known-at` keep the events with occurredAt/recordedAt
 * at or before the instant: a prefix of each hazard's stream, so the chain still verifies.
 */
export const exportCommand = async (io: CliIo, flags: ExportFlags): Promise<number> => {
  const opened = await openForRead(flags.store, io);
  try {
    if (flags.hazard !== undefined && (await opened.store.streamRevision(flags.hazard)) === "no_stream")
      throw new RejectedError(`export: no hazard ${flags.hazard} in the store`);
    const asOf = flags.asOf === undefined ? Infinity : instantMillis(flags.asOf);
    const knownAt = flags.knownAt === undefined ? Infinity : instantMillis(flags.knownAt);
    // Once an event of a hazard is cut, every later one is too: a stream is kept as a prefix.
    const cut = new Set<string>();
    let limit = Infinity;
    if (flags.digest !== undefined) {
      if (flags.hazard !== undefined)
        throw new UsageError("--digest and --hazard: export the whole prefix, or one hazard");
      // The prefix is proved unchanged before a line is written: one pass over it first.
      const read = await readLedger(opened.store, io, flags.digest);
      for await (const _ of read.events);
      limit = read.limit ?? Infinity;
    }
    const out = lineWriter(io);
    const seqs: number[] = [];
    for await (const e of eventsOf(opened.store, flags.hazard, limit) as AsyncIterable<RecordedHazardEvent>) {
      if (cut.has(e.hazardId)) continue;
      if (instantMillis(e.occurredAt) > asOf || instantMillis(e.recordedAt) > knownAt) {
        cut.add(e.hazardId);
        continue;
      }
      await out.line(toEventLogLine(e));
      seqs.push(e.seq);
    }
    await out.flush();
    if (flags.proof !== undefined && flags.hazard !== undefined)
      await writeHazardProof(opened.store, flags.hazard, seqs, flags.proof, io.cwd);
    return 0;
  } finally {
    await opened.store.close();
  }
};
