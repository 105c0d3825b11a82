/**
 * Live appends in a fresh process: `node liveOnce.js STORE_DIR COUNT [STORE_FILE_MODULE]`.
 * Opens a new file store (from `STORE_FILE_MODULE`, the path of another build's
 * `@hazard-ledger/store-file` entry, when given: the digest cost compares two builds) and makes
 * COUNT appends of one new hazard's report each, one after the other, each fdatasync'd, as live
 * commands are stored. Prints one JSON line of {@link LiveRun}.
 */
import { pathToFileURL } from "node:url";
import * as E from "fp-ts/lib/Either.js";
import { buildDemoLedger } from "@hazard-ledger/cli";
import type { EventStore, NewHazardEvent } from "@hazard-ledger/core";

/** What one run prints. */
export interface LiveRun {
  readonly appends: number;
  /** Wall-clock milliseconds of the appends (the store already open). */
  readonly wallMs: number;
  /** CPU milliseconds (user + system) meanwhile. */
  readonly cpuMs: number;
}

const [dir, countText, moduleFile] = process.argv.slice(2);
const count = Number(countText);
if (dir === undefined || !Number.isSafeInteger(count) || count < 1) {
  console.error("usage: liveOnce STORE_DIR COUNT [STORE_FILE_MODULE]");
  process.exit(2);
}
const storeFile = (await import(
  moduleFile === undefined ? "@hazard-ledger/store-file" : pathToFileURL(moduleFile).href
)) as { openFileEventStore: (dir: string) => Promise<EventStore> };
const store = await storeFile.openFileEventStore(dir);
const { recordedAt: _r, ...template } = buildDemoLedger({ hazards: 1 })[0] as NewHazardEvent;
const cpu = process.cpuUsage();
const t = performance.now();
for (let i = 0; i < count; i++) {
  const hazardId = `LIVE-${i}`;
  const r = await store.appendToStream(hazardId, [{ ...template, hazardId }], {
    expectedRevision: "no_stream",
  });
  if (E.isLeft(r)) {
    console.error(`append refused: ${r.left.message}`);
    process.exit(1);
  }
}
const wallMs = performance.now() - t;
const used = process.cpuUsage(cpu);
await store.close();
const run: LiveRun = { appends: count, wallMs, cpuMs: (used.user + used.system) / 1000 };
console.log(JSON.stringify(run));
