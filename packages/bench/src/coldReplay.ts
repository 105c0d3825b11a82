/**
 * `node dist/coldReplay.js DIR [RUNS]`: the cold replay of a file store alone, in this process:
 * open it, `readAll` the whole log, and print events per CPU-second (user + system) and per
 * wall-clock second of each run, then the median, as one JSON line. A run opens the store
 * afresh, so each replay starts with no window or cache of the last one.
 */
import { openFileEventStore } from "@hazard-ledger/store-file";
import { median } from "./stats.js";

const replayOnce = async (dir: string): Promise<{ events: number; cpuMs: number; wallMs: number }> => {
  const store = await openFileEventStore(dir, { mode: "read" });
  try {
    const cpu = process.cpuUsage();
    const t = performance.now();
    let events = 0;
    for await (const e of store.readAll()) if (e.seq >= 0) events++;
    const wallMs = performance.now() - t;
    const used = process.cpuUsage(cpu);
    return { events, cpuMs: (used.user + used.system) / 1000, wallMs };
  } finally {
    await store.close();
  }
};

const main = async (): Promise<void> => {
  const [dir, runsArg] = process.argv.slice(2);
  if (dir === undefined) throw new Error("usage: coldReplay DIR [RUNS]");
  const runs = Number(runsArg ?? 3);
  const perCpuSecond: number[] = [];
  for (let r = 0; r < runs; r++) {
    const { events, cpuMs, wallMs } = await replayOnce(dir);
    perCpuSecond.push((events / cpuMs) * 1000);
    process.stderr.write(
      `run ${r + 1}: ${events} events, ${cpuMs.toFixed(0)} ms CPU, ${wallMs.toFixed(0)} ms wall, ${Math.round((events / cpuMs) * 1000)} events/CPU-s\n`,
    );
  }
  process.stdout.write(
    `${JSON.stringify({ dir, runs: perCpuSecond.map(Math.round), medianPerCpuSecond: Math.round(median(perCpuSecond)) })}\n`,
  );
};

await main();
