import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * The compiled path of a script of this folder: a spawned `node` runs JavaScript only, so
 * the fault tests run what `tsc -b` built (the root `pnpm test` builds before it tests).
 */
export const compiledScript = (name: string): string => {
  const file = fileURLToPath(new URL(`../../scripts/dist/${name}.js`, import.meta.url));
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`npx tsc -b\` before the fault tests`);
  return file;
};

/** A spawned script and what it has printed so far. */
export interface Running {
  readonly child: ChildProcess;
  /** Complete lines printed so far (a line cut by a kill is left out). */
  lines(): string[];
  stderr(): string;
  exited: Promise<number | null>;
}

export const runScript = (file: string, args: readonly string[]): Running => {
  const child = spawn(process.execPath, [file, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout?.setEncoding("utf8").on("data", (s: string) => (out += s));
  child.stderr?.setEncoding("utf8").on("data", (s: string) => (err += s));
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  return {
    child,
    lines: () => out.split("\n").slice(0, -1),
    stderr: () => err,
    exited,
  };
};

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `ready()` holds, or fails after `timeoutMs` with `why()`. */
export const waitUntil = async (
  ready: () => boolean,
  timeoutMs: number,
  why: () => string,
): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(why());
    await sleep(5);
  }
};
