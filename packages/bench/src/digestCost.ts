/**
 * What keeping the ledger digest up costs, for docs/performance.md ("What the digest costs"):
 *
 * `node packages/bench/dist/digestCost.js [--events N] [--live N] [--runs R] [--base DIR]`
 *
 * 1. The upkeep alone, in this process: the Merkle frontier extended by N realistic event
 *    hashes (`appendLeaf`, what a store does per event it commits), CPU per event.
 * 2. A validated import of a seeded N-event log (`importOnce.js`) and `--live` single-event
 *    fdatasync'd appends (`liveOnce.js`), each run in a fresh process, CPU per event. With
 *    `--base DIR` (another checkout, built, e.g. the commit before the digest was kept), the
 *    same runs of its build, interleaved with ours so both see the same load: the difference
 *    is what this build adds.
 *
 * Each figure is the median of R runs (CPU time, user + system: the machine is shared, so
 * wall time says little). Prints a table and one JSON line.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { appendLeaf, emptyFrontier } from "@hazard-ledger/core/digest";
import { runNode } from "./childProcess.js";
import type { ImportRun } from "./importOnce.js";
import { writeLedgerFile } from "./ledgerFile.js";
import type { LiveRun } from "./liveOnce.js";
import { median } from "./stats.js";

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i < 0 ? undefined : args[i + 1];
};
const events = Number(flag("--events") ?? 20_000);
const live = Number(flag("--live") ?? 300);
const runs = Number(flag("--runs") ?? 5);
const base = flag("--base");
const here = import.meta.dirname;

const work = mkdtempSync(join(tmpdir(), "hazard-ledger-digest-cost-"));
try {
  // 1. The upkeep alone.
  const hashes = Array.from({ length: events }, (_, i) =>
    createHash("sha256").update(`event ${i}`).digest("hex"),
  );
  const upkeep: number[] = [];
  for (let r = 0; r <= runs; r++) {
    const cpu = process.cpuUsage();
    let f = emptyFrontier("sha256");
    for (const h of hashes) f = appendLeaf(f, h);
    const used = process.cpuUsage(cpu);
    if (f.size !== events) throw new Error("frontier size");
    // The first run warms the code up.
    if (r > 0) upkeep.push((used.user + used.system) / events);
  }
  const upkeepUs = median(upkeep);

  // 2. Import and live appends, fresh processes, ours and the base's interleaved.
  const ledger = await writeLedgerFile(join(work, "ledger.ndjson"), events);
  const builds = [{ name: "this build", root: resolve(here, "../../..") }];
  if (base !== undefined) builds.push({ name: `base (${base})`, root: resolve(base) });
  const imports = new Map<string, number[]>(builds.map((b) => [b.name, []]));
  const lives = new Map<string, number[]>(builds.map((b) => [b.name, []]));
  let n = 0;
  for (let r = 0; r < runs; r++)
    for (const b of builds) {
      const imported = JSON.parse(
        (
          await runNode(join(b.root, "packages/bench/dist/importOnce.js"), [
            ledger.path,
            join(work, `import-${n++}`),
          ])
        ).stdout,
      ) as ImportRun;
      imports.get(b.name)?.push((imported.cpuMs * 1000) / imported.events);
      const appended = JSON.parse(
        (
          await runNode(join(here, "liveOnce.js"), [
            join(work, `live-${n++}`),
            String(live),
            join(b.root, "packages/store-file/dist/index.js"),
          ])
        ).stdout,
      ) as LiveRun;
      lives.get(b.name)?.push((appended.cpuMs * 1000) / appended.appends);
    }

  const fmt = (us: number): string => `${us.toFixed(1)} µs`;
  const range = (xs: readonly number[]): string =>
    `${fmt(median(xs))} (${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))})`;
  const ours = builds[0]!.name;
  const result = {
    events: ledger.events,
    live,
    runs,
    upkeepUsPerEvent: upkeepUs,
    importCpuUsPerEvent: Object.fromEntries([...imports].map(([k, v]) => [k, median(v)])),
    liveCpuUsPerAppend: Object.fromEntries([...lives].map(([k, v]) => [k, median(v)])),
  };
  console.log(`digest upkeep alone (appendLeaf), per event: ${fmt(upkeepUs)} CPU (median of ${runs})`);
  for (const b of builds) {
    console.log(`${b.name}: import ${range(imports.get(b.name)!)} CPU per event (${ledger.events} events)`);
    console.log(
      `${b.name}: live append ${range(lives.get(b.name)!)} CPU per append (${live} appends, fdatasync'd)`,
    );
  }
  const importOurs = median(imports.get(ours)!);
  const liveOurs = median(lives.get(ours)!);
  console.log(
    `upkeep / import: ${((100 * upkeepUs) / importOurs).toFixed(1)}%; upkeep / live append: ${((100 * upkeepUs) / liveOurs).toFixed(2)}%`,
  );
  if (base !== undefined) {
    const b = builds[1]!.name;
    const importBase = median(imports.get(b)!);
    const liveBase = median(lives.get(b)!);
    console.log(
      `this build against the base: import ${((100 * (importOurs - importBase)) / importBase).toFixed(1)}%, live append ${((100 * (liveOurs - liveBase)) / liveBase).toFixed(1)}%`,
    );
  }
  console.log(JSON.stringify(result));
} finally {
  rmSync(work, { recursive: true, force: true });
}
