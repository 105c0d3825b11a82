import { spawn } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
/** The prefix of the line the preloaded `cpuAtExit.js` writes and {@link runNode} reads back. */
export const CPU_LINE = "bench-cpu-ms ";

const cpuAtExit = pathToFileURL(join(dirname(fileURLToPath(import.meta.url)), "cpuAtExit.js")).href;

/** How a child process ended: its output and the wall time from spawn to exit. */
export interface ChildRun {
  /** Its standard output (empty when it went to a file). */
  readonly stdout: string;
  readonly wallMs: number;
  /** Its CPU time (user + system, every thread, start-up included). */
  readonly cpuMs: number;
}

/**
 * Runs `node script ...args` and resolves when it exits 0 (rejects otherwise, with its
 * stderr). The wall time includes node's start-up: that is the point of a fresh process.
 * With `stdoutFile`, the output goes straight to that file (an export of millions of
 * events is larger than a string may be).
 */
export const runNode = (script: string, args: readonly string[], stdoutFile?: string) =>
  new Promise<ChildRun>((resolve, reject) => {
    const fd = stdoutFile === undefined ? undefined : openSync(stdoutFile, "w");
    const t = performance.now();
    const child = spawn(process.execPath, ["--import", cpuAtExit, script, ...args], {
      stdio: ["ignore", fd ?? "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on("data", (b: Buffer) => out.push(b));
    child.stderr?.on("data", (b: Buffer) => err.push(b));
    child.on("error", reject);
    child.on("close", (code) => {
      const wallMs = performance.now() - t;
      if (fd !== undefined) closeSync(fd);
      const stderr = Buffer.concat(err).toString("utf8");
      const cpuAt = stderr.lastIndexOf(CPU_LINE);
      const cpuMs = cpuAt < 0 ? NaN : Number.parseFloat(stderr.slice(cpuAt + CPU_LINE.length));
      if (code === 0) resolve({ stdout: Buffer.concat(out).toString("utf8"), wallMs, cpuMs });
      else
        reject(
          new Error(
            `${script} ${args.join(" ")} exited ${code}: ${(cpuAt < 0 ? stderr : stderr.slice(0, cpuAt)).trim()}`,
          ),
        );
    });
  });
