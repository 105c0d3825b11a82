/**
 * The live command handler alone, in a fresh process, for profiles (`node --cpu-prof`) and
 * CPU-time comparisons of two builds: `node liveHandlerOnce.js WHAT COUNT [DIR]`, WHAT one of
 * - `memory`: ours, `hazardCommandHandler` on the in-memory store, one command per event of
 *   the benchmark ledger's first COUNT events, one after the other (the Emmett side by side's
 *   workload);
 * - `emmett`: Emmett's `CommandHandler` on its in-memory store, the same commands, deciding
 *   with our `decide` (as in the side by side);
 * - `writers`: ours on a new file store in DIR, 64 concurrent writers each reporting COUNT / 64
 *   new hazards, each command fdatasync'd (group commit);
 * - `latency`: ours on a new file store in DIR, COUNT new hazards reported one after the
 *   other, each fdatasync'd, with the p50 and p99 of their latencies.
 * Prints one JSON line: `{ what, commands, wallMs, cpuMs }` (CPU: user + system, this process),
 * for `latency` also `p50Ms` and `p99Ms`, and for the file store `groups` (its group commits).
 */
import * as E from "fp-ts/lib/Either.js";
import {
  type HazardCommandInput,
  type NewHazardEvent,
  commandOfEvent,
  decideContext,
  getInMemoryEventStore,
  hazardCommandHandler,
} from "@hazard-ledger/core";
import { buildDemoLedger } from "@hazard-ledger/cli";
import { openFileEventStore } from "@hazard-ledger/store-file";
import { emmettHazardHandler } from "./emmettSideBySide.js";
import { ledgerBlocks } from "./ledgerFile.js";

const [what, countText, dir] = process.argv.slice(2);
const count = Number(countText);
if (
  !["memory", "emmett", "writers", "latency"].includes(what ?? "") ||
  !Number.isSafeInteger(count) ||
  count < 1
) {
  console.error("usage: liveHandlerOnce memory|emmett|writers|latency COUNT [DIR]");
  process.exit(2);
}

const fail = (message: string): never => {
  console.error(message);
  process.exit(1);
};

let run: () => Promise<void>;
const latencies: number[] = [];
/** Group commits (one fdatasync each) of a file-store run. */
let groups: number | undefined;
if (what === "writers" || what === "latency") {
  if (dir === undefined) fail(`${what} needs a DIR for the file store`);
  const store = await openFileEventStore(dir as string);
  const { recordedAt: _r, ...template } = buildDemoLedger({ hazards: 1 })[0] as NewHazardEvent;
  const handle = hazardCommandHandler(store);
  const report = async (hazardId: string): Promise<void> => {
    const cmd = commandOfEvent({ ...template, hazardId, commandId: `bench/${hazardId}` });
    const r = await handle(cmd, decideContext(new Date().toISOString()));
    if (E.isLeft(r)) fail(r.left.message);
  };
  const writers = what === "writers" ? 64 : 1;
  const perWriter = Math.max(1, Math.floor(count / writers));
  let next = 0;
  run = async () => {
    await Promise.all(
      Array.from({ length: writers }, async () => {
        for (let i = 0; i < perWriter; i++) {
          const t = performance.now();
          await report(`W-${next++}`);
          latencies.push(performance.now() - t);
        }
      }),
    );
    groups = store.stats().commits;
    await store.close();
  };
} else {
  const events = [...ledgerBlocks(count)].flat().slice(0, count);
  const commands: HazardCommandInput[] = events.map(commandOfEvent);
  const contexts = events.map((e) => decideContext(e.recordedAt!));
  if (what === "memory") {
    const handle = hazardCommandHandler(getInMemoryEventStore());
    run = async () => {
      for (let i = 0; i < commands.length; i++) {
        const r = await handle(commands[i]!, contexts[i]!);
        if (E.isLeft(r)) fail(`command ${i}: ${r.left.message}`);
      }
    };
  } else {
    const handle = emmettHazardHandler();
    run = async () => {
      for (let i = 0; i < commands.length; i++) await handle(commands[i]!, contexts[i]!, i);
    };
  }
}
const cpu = process.cpuUsage();
const t = performance.now();
await run();
const wallMs = performance.now() - t;
const used = process.cpuUsage(cpu);
const sorted = latencies.sort((a, b) => a - b);
const at = (p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
console.log(
  JSON.stringify({
    what,
    commands: count,
    wallMs,
    cpuMs: (used.user + used.system) / 1000,
    ...(what === "latency" ? { p50Ms: at(50), p99Ms: at(99) } : {}),
    ...(groups !== undefined ? { groups } : {}),
  }),
);
