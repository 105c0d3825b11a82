/**
 * `pnpm bench`: the scale benchmark of issue 10. For each ledger size (default 100k, 1M and
 * 10M events of the seeded demo ledger): the machine's JSON parse limit on the same log,
 * the validated import (fresh processes), sizes on disk and the export round trip, queries
 * in fresh CLI processes, cold replay and the warm report in process, live fdatasync'd
 * commands alone and from 64 concurrent writers; once: one fsync, and Emmett side by side
 * at 120k events. Each figure is the median of `--runs` runs after a warm-up, with min and
 * max; a table on stdout and every figure in a JSON file. `--help` for the flags.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { emmettSideBySide } from "./emmettSideBySide.js";
import { fileStoreFigures } from "./fileStoreFigures.js";
import { keptLedgerFile, writeLedgerFile } from "./ledgerFile.js";
import { fsyncFloor, parseLimit } from "./machine.js";
import { machineInfo } from "./machineInfo.js";
import { BenchUsageError, benchUsage, parseBenchOptions } from "./options.js";
import type { Figure } from "./stats.js";
import { renderTable } from "./table.js";

const label = (n: number): string =>
  n >= 1e6 && n % 1e6 === 0 ? `${n / 1e6}M` : n >= 1e3 && n % 1e3 === 0 ? `${n / 1e3}k` : String(n);

const main = async (): Promise<void> => {
  const options = parseBenchOptions(process.argv.slice(2));
  const work = mkdtempSync(join(tmpdir(), "hazard-ledger-bench-"));
  const machine = machineInfo(work);
  const started = new Date().toISOString();
  console.log(
    `hazard-ledger bench ${started}: node ${machine.node}, ${machine.cpus} × ${machine.cpuModel}, ` +
      `${machine.totalMemoryMB} MB (${machine.freeMemoryMB} free), load ${machine.loadAtStart.join(" ")}; ` +
      `sizes ${options.sizes.map(label).join(", ")}, ${options.runs} runs after a warm-up ` +
      `(from ${label(options.bigFrom)}: ${options.bigRuns}, no warm-up); work in ${work}`,
  );
  const sections: { title: string; size?: number; figures: Figure[] }[] = [];
  const show = (title: string, figures: Figure[], size?: number) => {
    sections.push({ title, figures, ...(size !== undefined ? { size } : {}) });
    console.log(renderTable(title, figures));
  };
  try {
    const fsync = await fsyncFloor(join(work, "fsync-probe"), options.runs);
    show("the disk", [fsync.p50, fsync.p99]);
    for (const size of options.sizes) {
      const big = size >= options.bigFrom;
      const runs = big ? options.bigRuns : options.runs;
      const dir = join(work, label(size));
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir);
      const ledger =
        options.logs === undefined
          ? await writeLedgerFile(join(dir, "ledger.ndjson"), size)
          : await keptLedgerFile(options.logs, size);
      const parse = await parseLimit(ledger.path, ledger.events, runs);
      const progress = (f: Figure) =>
        console.error(`  ${label(size)}: ${f.name}: ${Math.round(f.median * 100) / 100} ${f.unit}`);
      progress(parse.wall);
      progress(parse.cpu);
      const figures = await fileStoreFigures(
        ledger,
        dir,
        runs,
        !big,
        { wall: parse.wall.median, cpu: parse.cpu.median },
        progress,
      );
      show(
        `${label(size)} events (${ledger.hazards} hazards), ${runs} run${runs > 1 ? "s" : ""}` +
          `${big ? " without warm-up" : " after a warm-up"}, load now ${loadavg()[0]!.toFixed(1)}`,
        [parse.wall, parse.cpu, ...figures],
        size,
      );
      if (!options.keep) rmSync(dir, { recursive: true, force: true });
    }
    if (options.emmettEvents > 0)
      show(
        `side by side with Emmett, ${label(options.emmettEvents)} events, one command per event`,
        await emmettSideBySide(options.emmettEvents, options.runs),
      );
  } finally {
    if (!options.keep) rmSync(work, { recursive: true, force: true });
  }
  machine.loadAtEnd = loadavg().map((l) => Math.round(l * 100) / 100);
  const out = resolve(process.env["INIT_CWD"] ?? process.cwd(), options.out);
  writeFileSync(
    out,
    JSON.stringify({ started, finished: new Date().toISOString(), machine, options, sections }, null, 2) +
      "\n",
  );
  console.log(`\nevery figure: ${out}`);
};

main().catch((e: unknown) => {
  if (e instanceof BenchUsageError) {
    if (e.message !== "") console.error(`bench: ${e.message}`);
    console.error(benchUsage);
    process.exit(2);
  }
  console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exit(1);
});
