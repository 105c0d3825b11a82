import { closeSync, createReadStream, fdatasync, openSync, writeSync } from "node:fs";
import { promisify } from "node:util";
import { createInterface } from "node:readline";
import { type Figure, collectGarbage, figure, percentile, perSecond, sample } from "./stats.js";

const fdatasyncAsync = promisify(fdatasync);

/**
 * The parse limit: the log read from the file line by line (the way `import` reads it) and
 * each line `JSON.parse`d, nothing else. Events/s; the ceiling of any JSON import.
 */
export const parseLimit = async (
  file: string,
  events: number,
  runs: number,
): Promise<{ wall: Figure; cpu: Figure }> => {
  const cpuRates: number[] = [];
  const wallRates = await sample(runs, async (run) => {
    collectGarbage();
    const cpu = process.cpuUsage();
    const t = performance.now();
    let n = 0;
    for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
      if (JSON.parse(line) !== null) n++;
    }
    const wall = performance.now() - t;
    const used = process.cpuUsage(cpu);
    if (n !== events) throw new Error(`parse limit: read ${n} of ${events} lines`);
    if (run >= 0) cpuRates.push(perSecond(n, (used.user + used.system) / 1000));
    return perSecond(n, wall);
  });
  return {
    wall: figure("JSON.parse of the log from file", "events/s", wallRates, {
      note: "readline over a file stream + JSON.parse per line: the machine's ceiling for a JSON import",
    }),
    cpu: figure("JSON.parse of the log from file, per CPU-second", "events/s", cpuRates),
  };
};

/** The disk's floor: 600 bytes (a record) written and fdatasync'd, 1000 times a run; p50 and p99 in ms. */
export const fsyncFloor = async (file: string, runs: number): Promise<{ p50: Figure; p99: Figure }> => {
  const p50s: number[] = [];
  const p99s: number[] = [];
  const bytes = Buffer.alloc(600, 0x61);
  await sample(runs, async (run) => {
    const fd = openSync(file, "w");
    const ms: number[] = [];
    for (let i = 0; i < 1000; i++) {
      const t = performance.now();
      writeSync(fd, bytes);
      await fdatasyncAsync(fd);
      ms.push(performance.now() - t);
    }
    closeSync(fd);
    if (run >= 0) {
      p50s.push(percentile(ms, 50));
      p99s.push(percentile(ms, 99));
    }
    return 0;
  });
  return {
    p50: figure("one fsync (600 B write + fdatasync), p50", "ms", p50s),
    p99: figure("one fsync (600 B write + fdatasync), p99", "ms", p99s),
  };
};
