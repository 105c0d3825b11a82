/**
 * The import's line worker (a `worker_threads` entry, see {@link preparedBatches}): reads the
 * event log, splits it into UTF-8 lines and prepares each one (`linePreparer`: parse, decode,
 * fingerprint, seal), posting them to the import in batches of `batchLines`, never more than
 * `ahead` batches ahead of what the import has taken (it answers each batch it takes with an
 * "ack"): the lines between the threads are bounded, not the file.
 */
import { createReadStream } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { utf8Lines } from "@hazard-ledger/core";
import { type PreparedLine, preparedLineBatches } from "@hazard-ledger/core/store-kit";
import type { LineWorkerData, WorkerBatch } from "./workerMessages.js";

const port = parentPort;
if (port === null) throw new Error("lineWorker: not started as a worker thread");
const { path, preparer, batchLines, ahead } = workerData as LineWorkerData;

let taken = 0;
let posted = 0;
let wake: (() => void) | undefined;
const onTaken = (): void => {
  taken += 1;
  wake?.();
};
port.on("message", onTaken);

let bytes = 0;
async function* counted(): AsyncGenerator<Buffer> {
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    yield chunk;
  }
}

let sentBytes = 0;
const post = async (lines: PreparedLine[]): Promise<void> => {
  const message: WorkerBatch = { lines, length: bytes - sentBytes };
  sentBytes = bytes;
  port.postMessage(message);
  posted += 1;
  while (posted - taken >= ahead) await new Promise<void>((resolve) => (wake = resolve));
  wake = undefined;
};

for await (const lines of preparedLineBatches(utf8Lines(counted()), preparer, batchLines)) await post(lines);
port.postMessage("done" satisfies WorkerBatch);
// Nothing left to wait for: the thread ends when the import has the last message.
port.off("message", onTaken);
