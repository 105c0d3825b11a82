import { execFileSync } from "node:child_process";
import { cpus, freemem, loadavg, totalmem } from "node:os";

/** The machine a run was taken on. */
export interface MachineInfo {
  readonly node: string;
  readonly cpus: number;
  readonly cpuModel: string;
  readonly totalMemoryMB: number;
  readonly freeMemoryMB: number;
  /** 1, 5 and 15 minute load averages when the run started and when it ended. */
  readonly loadAtStart: readonly number[];
  loadAtEnd?: readonly number[];
  readonly disk: string;
}

const diskOf = (dir: string): string => {
  try {
    return execFileSync("df", ["-h", dir], { encoding: "utf8" }).trim().split("\n").slice(1).join(" ");
  } catch {
    return "unknown";
  }
};

/** The machine now: node, cores, memory, load, and the file system of `dir`. */
export const machineInfo = (dir: string): MachineInfo => ({
  node: process.version,
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? "unknown",
  totalMemoryMB: Math.round(totalmem() / 2 ** 20),
  freeMemoryMB: Math.round(freemem() / 2 ** 20),
  loadAtStart: loadavg().map((l) => Math.round(l * 100) / 100),
  disk: diskOf(dir),
});
