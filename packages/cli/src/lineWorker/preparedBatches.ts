import { Worker } from "node:worker_threads";
import type { LinePreparerOptions } from "@hazard-ledger/core/store-kit";
import type { LineWorkerData, WorkerBatch } from "./workerMessages.js";

/**
 * Lines per message, and batches in flight at most: ~1,000 lines of ~1.5 KB of heap each, so that
 * what arrives dies young. With 2,000 lines and 4 batches (12 MB, about the young generation)
 * the lines outlived a scavenge, were promoted and collected as old garbage: at 1M events the
 * peak RSS was 1.13–1.35 GB instead of 0.90.
 */
const BATCH_LINES = 256;
const AHEAD = 4;

/** A batch of prepared lines of {@link preparedBatches}, and the bytes of the file it took. */
export type PreparedBatch = Exclude<WorkerBatch, "done">;

/**
 * The lines of the event log at `path` prepared on a worker thread (see `lineWorker.ts`), in
 * batches in file order, with backpressure: the worker stays at most a few batches ahead of
 * what is taken. Ending the iteration early (`return`, as an import that stops does) ends the
 * worker; an error of the worker (the file cannot be read) is thrown where the next batch
 * would be.
 */
export const preparedBatches = (
  path: string,
  preparer: LinePreparerOptions,
): AsyncIterable<PreparedBatch> => ({
  [Symbol.asyncIterator]: (): AsyncIterator<PreparedBatch> => {
    const data: LineWorkerData = { path, preparer, batchLines: BATCH_LINES, ahead: AHEAD };
    const worker = new Worker(new URL("./lineWorker.js", import.meta.url), { workerData: data });
    const arrived: WorkerBatch[] = [];
    let failure: { readonly error: unknown } | undefined;
    let waiting: (() => void) | undefined;
    const wakeUp = (): void => {
      const w = waiting;
      waiting = undefined;
      w?.();
    };
    worker.on("message", (m: WorkerBatch) => {
      arrived.push(m);
      wakeUp();
    });
    worker.on("error", (error) => {
      failure ??= { error };
      wakeUp();
    });
    worker.on("exit", (code) => {
      failure ??= { error: new Error(`the import's line worker stopped (exit code ${code})`) };
      wakeUp();
    });
    const end = async (): Promise<IteratorResult<PreparedBatch>> => {
      worker.removeAllListeners();
      await worker.terminate();
      return { done: true, value: undefined };
    };
    return {
      next: async () => {
        while (arrived.length === 0) {
          if (failure !== undefined) {
            await end();
            throw failure.error;
          }
          await new Promise<void>((resolve) => (waiting = resolve));
        }
        const m = arrived.shift() as WorkerBatch;
        if (m === "done") return end();
        worker.postMessage("taken");
        return { done: false, value: m };
      },
      return: end,
    };
  },
});
