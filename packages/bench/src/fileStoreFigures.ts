import { createHash } from "node:crypto";
import { createReadStream, readdirSync, rmSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as E from "fp-ts/lib/Either.js";
import {
  type HazardCommand,
  type NewHazardEvent,
  commandOfEvent,
  decideContext,
  hazardCommandHandler,
} from "@hazard-ledger/core";
import { buildDemoLedger } from "@hazard-ledger/cli";
import { buildReport, projectionRunner } from "@hazard-ledger/projections";
import { openFileEventStore } from "@hazard-ledger/store-file";
import { runNode } from "./childProcess.js";
import type { ImportRun } from "./importOnce.js";
import type { LedgerFile } from "./ledgerFile.js";
import { type Figure, collectGarbage, figure, percentile, perSecond, sample } from "./stats.js";

const here = dirname(fileURLToPath(import.meta.url));
const cliBin = join(dirname(fileURLToPath(import.meta.resolve("@hazard-ledger/cli"))), "bin.js");

/** Bytes of the files of a directory (not recursive: the store keeps none below). */
const directoryBytes = (dir: string): number =>
  readdirSync(dir).reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);

/** The sha256 of a file, streamed. */
const fileDigest = async (file: string): Promise<string> => {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
};

/** A past instant of the generated ledgers' first year, for `overdue --as-of`. */
const PAST = "2023-09-30T23:59:59+08:00";

/** A new hazard's report, as the live command of the latency figures (always accepted). */
const reportCommand = (template: NewHazardEvent, hazardId: string): HazardCommand =>
  commandOfEvent({ ...template, hazardId, commandId: `bench/${hazardId}` });

/**
 * Every figure of the file store at one ledger size. The import runs first (each run a fresh
 * process into a fresh directory; the last run's store stays for the other figures), then
 * the queries in fresh CLI processes, then the figures taken in this process.
 */
export const fileStoreFigures = async (
  ledger: LedgerFile,
  work: string,
  runs: number,
  warmUp: boolean,
  parse: { wall: number; cpu: number },
  /** Called with each figure as soon as it is measured (a long run shows its progress). */
  onFigure: (f: Figure) => void = () => undefined,
): Promise<Figure[]> => {
  const measured: Figure[] = [];
  const figures = {
    push: (...fs: Figure[]) => {
      for (const f of fs) onFigure(f);
      measured.push(...fs);
    },
  };
  const n = ledger.events;
  const storeDir = join(work, "store");

  // 1. Validated import, each run a fresh process and store.
  const imports: ImportRun[] = [];
  await sample(
    runs,
    async (run) => {
      rmSync(storeDir, { recursive: true, force: true });
      const { stdout } = await runNode(join(here, "importOnce.js"), [ledger.path, storeDir]);
      const r = JSON.parse(stdout) as ImportRun;
      if (r.events !== n) throw new Error(`import stored ${r.events} of ${n} events`);
      if (run >= 0) imports.push(r);
      return 0;
    },
    warmUp,
  );
  const importRate = figure(
    "validated import (file store, fresh process)",
    "events/s",
    imports.map((r) => perSecond(n, r.wallMs)),
    n >= 1_000_000
      ? { target: "≥ 150k events/s at 1M", met: (m) => m >= 150_000 }
      : { note: "target applies at 1M" },
  );
  figures.push(
    importRate,
    figure(
      "validated import per CPU-second",
      "events/s",
      imports.map((r) => perSecond(n, r.cpuMs)),
      { note: "all threads' CPU time: what a quiet machine would give per core busy" },
    ),
    figure(
      "validated import / JSON.parse from file (same run)",
      "×",
      imports.map((r) => perSecond(n, r.wallMs) / parse.wall),
      { target: "≥ 0.5×", met: (m) => m >= 0.5 },
    ),
    figure(
      "the same ratio per CPU-second",
      "×",
      imports.map((r) => perSecond(n, r.cpuMs) / parse.cpu),
      { target: "≥ 0.5×", met: (m) => m >= 0.5, note: "steadier than wall time on a shared machine" },
    ),
    figure(
      "peak RSS of the import process",
      "MB",
      imports.map((r) => r.maxRssBytes / 2 ** 20),
      n >= 10_000_000 ? { target: "≤ 1.5 GB at 10M", met: (m) => m <= 1536 } : {},
    ),
  );

  // 1b. The same import as a user runs it: the CLI, which prepares the lines of a file of 8 MiB
  // or more on a worker thread where there are two cores (by the wall clock it pays only where
  // the second core is free; its CPU is of every thread).
  {
    const cliStore = join(work, "cli-import");
    const runsOfCli: { wallMs: number; cpuMs: number }[] = [];
    await sample(runs, async (run) => {
      rmSync(cliStore, { recursive: true, force: true });
      const r = await runNode(cliBin, ["import", ledger.path, "--store", cliStore, "--quiet"]);
      if (run >= 0) runsOfCli.push(r);
      return 0;
    });
    rmSync(cliStore, { recursive: true, force: true });
    figures.push(
      figure(
        "validated import through the CLI (line worker from 8 MiB), fresh process",
        "events/s",
        runsOfCli.map((r) => perSecond(n, r.wallMs)),
        n >= 1_000_000 ? { target: "≥ 150k events/s at 1M", met: (m) => m >= 150_000 } : {},
      ),
      figure(
        "the same, per CPU-second (every thread)",
        "events/s",
        runsOfCli.map((r) => perSecond(n, r.cpuMs)),
      ),
    );
  }

  // 2. Sizes on disk, and the export round trip (compared by digest: an export of millions
  // of events does not fit in a string).
  const exportFile = join(work, "export.ndjson");
  await runNode(cliBin, ["export", "--store", storeDir], exportFile);
  const exportBytes = statSync(exportFile).size;
  const storeBytes = directoryBytes(storeDir);
  figures.push(
    figure("store on disk / NDJSON export", "×", [storeBytes / exportBytes], {
      target: "≤ 1.2×",
      met: (m) => m <= 1.2,
      note: `${(storeBytes / n).toFixed(0)} B/event on disk, export ${(exportBytes / n).toFixed(0)} B/event`,
    }),
  );
  {
    const again = join(work, "round-trip");
    const secondFile = join(work, "export-again.ndjson");
    rmSync(again, { recursive: true, force: true });
    await runNode(join(here, "importOnce.js"), [exportFile, again]);
    await runNode(cliBin, ["export", "--store", again], secondFile);
    const identical = (await fileDigest(secondFile)) === (await fileDigest(exportFile)) ? 1 : 0;
    figures.push(
      figure("export → import → export byte-identical", "1 = yes", [identical], {
        target: "1",
        met: (m) => m === 1,
      }),
    );
    rmSync(again, { recursive: true, force: true });
    rmSync(secondFile, { force: true });
  }
  rmSync(exportFile, { force: true });

  // 3. Queries in fresh CLI processes (start-up included), by the wall clock and in CPU time.
  // The warm-up run of each leaves the read model beside the ledger (as any first query does);
  // "without the read model" removes it before each run.
  const readModel = join(storeDir, "readmodel.checkpoint");
  const cli = async (
    name: string,
    args: string[],
    target?: { text: string; ms: number },
    fresh = false,
  ): Promise<Figure[]> => {
    const results = [] as { wallMs: number; cpuMs: number }[];
    await sample(runs, async (run) => {
      if (fresh) rmSync(readModel, { force: true });
      const r = await runNode(cliBin, [...args, "--store", storeDir]);
      if (run >= 0) results.push(r);
      return 0;
    });
    const met = target !== undefined ? { target: target.text, met: (m: number) => m <= target.ms } : {};
    return [
      figure(
        name,
        "ms",
        results.map((r) => r.wallMs),
        met,
      ),
      figure(
        `${name}, CPU`,
        "ms",
        results.map((r) => r.cpuMs),
        met,
      ),
    ];
  };
  const at1M = n >= 1_000_000;
  const reportTarget = at1M ? { text: "≤ 1 s at 1M", ms: 1000 } : undefined;
  figures.push(
    ...(await cli(
      "report, fresh CLI process, no read model yet",
      ["report", "--format", "json"],
      reportTarget,
      true,
    )),
    ...(await cli(
      "report, fresh CLI process, read model beside the ledger",
      ["report", "--format", "json"],
      reportTarget,
    )),
    ...(await cli(
      "overdue --as-of a past instant, fresh CLI process",
      ["overdue", "--as-of", PAST, "--format", "json"],
      at1M ? { text: "≤ 3 s at 1M", ms: 3000 } : undefined,
    )),
    ...(await cli("report --known-at a past instant, fresh CLI process", [
      "report",
      "--known-at",
      PAST,
      "--format",
      "json",
    ])),
    ...(await cli("overdue as of now, fresh CLI process", ["overdue", "--format", "json"])),
    ...(await cli("status of one hazard, fresh CLI process", [
      "status",
      "HZ-2023-000001",
      "--format",
      "json",
    ])),
    ...(await cli("cli start-up alone (--version)", ["--version"])),
  );
  {
    const model = statSync(readModel, { throwIfNoEntry: false })?.size;
    if (model !== undefined)
      figures.push(
        figure("read model on disk", "B/hazard", [model / ledger.hazards], {
          target: "≤ 600 B/hazard",
          met: (m) => m <= 600,
        }),
      );
  }

  // 4. In this process: open, cold replay, warm report, index size.
  {
    collectGarbage();
    const opens: number[] = [];
    const replays = await sample(
      runs,
      async (run) => {
        const t0 = performance.now();
        const store = await openFileEventStore(storeDir);
        if (run >= 0) opens.push(performance.now() - t0);
        collectGarbage();
        const t = performance.now();
        let read = 0;
        for await (const e of store.readAll()) if (e.seq >= 0) read++;
        const ms = performance.now() - t;
        await store.close();
        if (read !== n) throw new Error(`readAll gave ${read} of ${n} events`);
        return perSecond(n, ms);
      },
      warmUp,
    );
    figures.push(
      figure("open the store (saved index)", "ms", opens),
      figure("cold replay: readAll of the whole log", "events/s", replays, {
        target: "≥ 400k events/s",
        met: (m) => m >= 400_000,
      }),
    );
    const snapshot = join(storeDir, "index.snapshot");
    const indexOnDisk = statSync(snapshot, { throwIfNoEntry: false })?.size;
    const store = await openFileEventStore(storeDir);
    const stats = store.stats();
    figures.push(
      figure("index in memory (typed arrays)", "B/event", [stats.indexArrayBytes / n], {
        target: "≤ 40 B/event",
        met: (m) => m <= 40,
        note: indexOnDisk !== undefined ? `${(indexOnDisk / n).toFixed(1)} B/event saved on disk` : "",
      }),
    );
    const now = new Date().toISOString();
    const reportOptions = {
      timeZone: "Asia/Shanghai",
      period: { from: null, to: null },
      asOf: now,
      knownAt: null,
    };
    const replayed = await sample(runs, async () => {
      const t = performance.now();
      const r = await buildReport(store.readAll(), reportOptions);
      if (E.isLeft(r)) throw new Error(r.left.message);
      return performance.now() - t;
    });
    // A server keeps the read model in memory (the projection runner): a report is the figures
    // of its states.
    const runner = projectionRunner({ store });
    const caughtUp = await runner.resume();
    if (E.isLeft(caughtUp)) throw new Error(caughtUp.left.message);
    const warm = await sample(runs, async () => {
      const t = performance.now();
      const r = await runner.report(reportOptions);
      if (E.isLeft(r)) throw new Error(r.left.message);
      return performance.now() - t;
    });
    figures.push(
      figure("report, warm, in process (read model in memory)", "ms", warm, {
        ...(at1M ? { target: "≤ 100 ms at 1M", met: (m: number) => m <= 100 } : {}),
      }),
      figure("report in process, replaying the whole log", "ms", replayed),
    );

    // 5. Live commands through the command handler, each fdatasync'd.
    const template = buildDemoLedger({ hazards: 1 })[0]!;
    const handle = hazardCommandHandler(store);
    let next = 0;
    const command = async (): Promise<number> => {
      const cmd = reportCommand(template, `BENCH-${process.pid}-${next++}`);
      const t = performance.now();
      const r = await handle(cmd, decideContext(new Date().toISOString()));
      if (E.isLeft(r)) throw new Error(r.left.message);
      return performance.now() - t;
    };
    const p50s: number[] = [];
    const p99s: number[] = [];
    await sample(runs, async (run) => {
      const ms: number[] = [];
      for (let i = 0; i < 400; i++) ms.push(await command());
      if (run >= 0) {
        p50s.push(percentile(ms, 50));
        p99s.push(percentile(ms, 99));
      }
      return 0;
    });
    figures.push(
      figure("live fsync'd command, p50 (400 a run)", "ms", p50s),
      figure("live fsync'd command, p99 (400 a run)", "ms", p99s, {
        target: "≤ 2 ms",
        met: (m) => m <= 2,
      }),
    );
    const writers = 64;
    const perWriter = 20;
    const perGroup: number[] = [];
    const grouped = await sample(runs, async (run) => {
      const commits = store.stats().commits;
      const t = performance.now();
      await Promise.all(
        Array.from({ length: writers }, async () => {
          for (let i = 0; i < perWriter; i++) await command();
        }),
      );
      const rate = perSecond(writers * perWriter, performance.now() - t);
      if (run >= 0) perGroup.push((writers * perWriter) / (store.stats().commits - commits));
      return rate;
    });
    figures.push(
      figure("live commands from 64 concurrent writers (group commit)", "commands/s", grouped, {
        target: "≥ 20k commands/s",
        met: (m) => m >= 20_000,
      }),
      figure("commands per group commit (one fdatasync), 64 writers", "commands", perGroup, {
        note: "64 is every writer in every group",
      }),
    );
    await store.close();
  }
  const hazards = ledger.hazards;
  figures.push(
    figure("ledger", "events", [n], {
      note: `${hazards} hazards, ${(ledger.bytes / n).toFixed(0)} B/event of NDJSON`,
    }),
  );
  return measured;
};
