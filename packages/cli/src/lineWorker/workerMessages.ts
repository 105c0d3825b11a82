import type { LinePreparerOptions, PreparedLine } from "@hazard-ledger/core/store-kit";

/** What the import's line worker is started with. */
export interface LineWorkerData {
  /** The event log's path. */
  readonly path: string;
  readonly preparer: LinePreparerOptions;
  /** Lines a batch (one message each). */
  readonly batchLines: number;
  /** Batches posted and not yet taken by the import, at most. */
  readonly ahead: number;
}

/**
 * A message of the line worker: a batch of prepared lines in file order, with the bytes of the
 * file read since the batch before (`length`: the heap guard counts them), or "done" after the
 * last one.
 */
export type WorkerBatch = { readonly lines: readonly PreparedLine[]; readonly length: number } | "done";
