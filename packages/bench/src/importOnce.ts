/**
 * One validated import in a fresh process, so each run starts cold and its peak RSS is its
 * own: `node importOnce.js LOG STORE_DIR`. Reads the log line by line as the CLI's `import`
 * does, imports it into a new file store through `importEventLog` (codecs, rules, hash
 * chain, one atomic batch committed with fdatasync) and prints one JSON line of
 * {@link ImportRun}.
 */
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import * as E from "fp-ts/lib/Either.js";
import { importEventLog } from "@hazard-ledger/core";
import { openFileEventStore } from "@hazard-ledger/store-file";

/** What one import run prints. */
export interface ImportRun {
  readonly events: number;
  readonly hazards: number;
  /** Wall-clock milliseconds of `importEventLog` (the store already open). */
  readonly wallMs: number;
  /** CPU milliseconds (user + system, every thread) meanwhile. */
  readonly cpuMs: number;
  /** Peak resident set size of the process, in bytes. */
  readonly maxRssBytes: number;
}

const [file, dir] = process.argv.slice(2);
if (file === undefined || dir === undefined) {
  console.error("usage: importOnce LOG STORE_DIR");
  process.exit(2);
}
const store = await openFileEventStore(dir);
const cpu = process.cpuUsage();
const t = performance.now();
const result = await importEventLog(
  store,
  createInterface({ input: createReadStream(file), crlfDelay: Infinity }),
  { now: new Date().toISOString() },
);
const wallMs = performance.now() - t;
const used = process.cpuUsage(cpu);
await store.close();
if (E.isLeft(result)) {
  console.error(`import refused: line ${result.left.line}: ${result.left.message}`);
  process.exit(1);
}
const run: ImportRun = {
  events: result.right.appended,
  hazards: result.right.hazards,
  wallMs,
  cpuMs: (used.user + used.system) / 1000,
  maxRssBytes: process.resourceUsage().maxRSS * 1024,
};
console.log(JSON.stringify(run));
