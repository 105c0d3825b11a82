import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll } from "vitest";
import { run } from "./run.js";

/**
 * A work directory (removed after the file's tests) and the CLI run in process in it, with a
 * clock that starts at `start` and moves a second at every reading, so commit times are
 * distinct and later than any `recordedAt` of the 2023 samples.
 */
export const inProcessWorkspace = (prefix: string, start = "2024-01-05T00:00:00Z") => {
  const work = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  let clock = Date.parse(start);
  const cli = async (args: string[], input = "") => {
    let stdout = "";
    let stderr = "";
    const code = await run(args, {
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: (s: string) => (stderr += s) },
      stdin: Readable.from([input]),
      now: () => new Date((clock += 1000)),
      env: {},
      cwd: work,
    });
    return { code, stdout, stderr };
  };
  /** Runs the CLI and answers its stdout; any exit but 0 throws with its stderr. */
  const ok = async (args: string[], input?: string) => {
    const r = await cli(args, input);
    if (r.code !== 0) throw new Error(`${args.join(" ")}: exit ${r.code}: ${r.stderr}`);
    return r.stdout;
  };
  let files = 0;
  /** The events as an NDJSON file in the work directory; answers its name. */
  const ndjson = (events: readonly object[]): string => {
    const name = `log-${files++}.ndjson`;
    writeFileSync(join(work, name), events.map((e) => JSON.stringify(e)).join("\n") + "\n");
    return name;
  };
  return { work, cli, ok, ndjson };
};
