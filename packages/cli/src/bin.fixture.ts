import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { NewHazardEvent } from "@hazard-ledger/core";

/** The real bin (dist is built by `tsc -b`, which the test command runs first). */
export const BIN = resolve(import.meta.dirname, "../bin/hazard-ledger.js");

export interface BinRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A scratch directory for one test file, and the bin run in it as a user would run it. */
export const binWorkspace = (prefix: string) => {
  const work = mkdtempSync(join(tmpdir(), `hazard-ledger-${prefix}-`));
  const cli = (args: readonly string[], input?: string): BinRun => {
    const r = spawnSync(process.execPath, [BIN, ...args], {
      cwd: work,
      input,
      encoding: "utf8",
      env: { ...process.env, HAZARD_LEDGER_STORE: "" },
      maxBuffer: 64 << 20,
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  return {
    work,
    cli,
    path: (name: string) => join(work, name),
    remove: () => rmSync(work, { recursive: true, force: true }),
  };
};

/** Events as an event log (NDJSON). */
export const ndjson = (events: readonly (NewHazardEvent | Record<string, unknown>)[]): string =>
  events.map((e) => JSON.stringify(e)).join("\n") + "\n";

/** One line of stderr, with no stack trace. */
export const isOneLine = (s: string): boolean => s.trim().split("\n").length === 1 && !/\n\s+at /.test(s);

/** The bin run in `cwd` without waiting for it: for processes that race or get killed. */
export const binAsync = (
  cwd: string,
  args: readonly string[],
): { readonly child: import("node:child_process").ChildProcess; readonly done: Promise<BinRun> } => {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd,
    env: { ...process.env, HAZARD_LEDGER_STORE: "" },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (s: string) => (stdout += s));
  child.stderr.setEncoding("utf8").on("data", (s: string) => (stderr += s));
  const done = new Promise<BinRun>((resolve) =>
    child.on("close", (code) => resolve({ code, stdout, stderr })),
  );
  return { child, done };
};
