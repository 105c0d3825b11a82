import { spawn } from "node:child_process";
import { closeSync, openSync } from "node:fs";

/** How a child process ended: its output and the wall time from spawn to exit. */
export interface ChildRun {
  /** Its standard output (empty when it went to a file). */
  readonly stdout: string;
  readonly wallMs: number;
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
    const child = spawn(process.execPath, [script, ...args], {
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
      if (code === 0) resolve({ stdout: Buffer.concat(out).toString("utf8"), wallMs });
      else
        reject(
          new Error(
            `${script} ${args.join(" ")} exited ${code}: ${Buffer.concat(err).toString("utf8").trim()}`,
          ),
        );
    });
  });
