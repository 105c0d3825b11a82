import { spawn, spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The store's boundaries, end to end through the real bin (dist is built by `tsc -b`).
const BIN = resolve(import.meta.dirname, "../bin/hazard-ledger.js");
const work = mkdtempSync(join(tmpdir(), "hazard-ledger-boundaries-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}
const ENV = { ...process.env, HAZARD_LEDGER_STORE: "" };
const cli = (args: string[], input?: string, timeout = 60_000): Run => {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: work,
    input,
    encoding: "utf8",
    env: ENV,
    timeout,
    maxBuffer: 64 << 20,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const cliAsync = (args: string[]): Promise<Run> =>
  new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: work, env: ENV });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (code) => done({ code, stdout, stderr }));
  });
const at = (name: string) => join(work, name);
const oneLine = (s: string) => s.trim().split("\n").length === 1 && !/\n\s+at /.test(s);
const exportOf = (store: string) => cli(["export", "--store", store]).stdout;

/** Two logs of the demo: the first 600 lines, and the rest (each hazard whole in one of them). */
let first = "";
let second = "";
beforeAll(() => {
  expect(cli(["demo", "--store", at("demo"), "--quiet"]).code).toBe(0);
  const lines = exportOf(at("demo")).trimEnd().split("\n");
  const hazardOf = (l: string) => (JSON.parse(l) as { hazardId: string }).hazardId;
  const early = new Set(lines.slice(0, 600).map(hazardOf));
  first = lines.filter((l) => early.has(hazardOf(l))).join("\n") + "\n";
  second = lines.filter((l) => !early.has(hazardOf(l))).join("\n") + "\n";
  writeFileSync(at("first.ndjson"), first);
  writeFileSync(at("second.ndjson"), second);
  writeFileSync(at("all.ndjson"), first + second);
});

const READS: readonly (readonly string[])[] = [
  ["report"],
  ["overdue"],
  ["status", "HZ-1"],
  ["history", "HZ-1"],
  ["export"],
  ["verify"],
];

describe("read commands never create, repair or write a store", () => {
  it("a mistyped path is exit 1 'no ledger at PATH' for every read command, and nothing is created", () => {
    for (const read of READS) {
      const r = cli([...read, "--store", at("typo")]);
      expect([read[0], r.code, r.stderr.trim()]).toEqual([
        read[0],
        1,
        `hazard-ledger: no ledger at ${at("typo")}`,
      ]);
      expect(existsSync(at("typo"))).toBe(false);
    }
  });

  it("an empty directory is exit 1 and stays empty", () => {
    mkdirSync(at("empty"));
    for (const read of READS) {
      const r = cli([...read, "--store", at("empty")]);
      expect([read[0], r.code]).toEqual([read[0], 1]);
      expect(readdirSync(at("empty"))).toEqual([]);
    }
  });

  it("a regular file is exit 2 for reads and writes, and is left as it was", () => {
    writeFileSync(at("afile"), "mine");
    for (const args of [["report"], ["verify"], ["import", at("first.ndjson")], ["init"]]) {
      const r = cli([...args, "--store", at("afile")]);
      expect([args[0], r.code, oneLine(r.stderr)]).toEqual([args[0], 2, true]);
      expect(r.stderr).not.toMatch(/EEXIST|ENOTDIR/);
    }
    expect(readFileSync(at("afile"), "utf8")).toBe("mine");
  });

  it('--store "" is a usage error and writes nothing in the current directory', () => {
    const before = readdirSync(work).sort();
    for (const args of [["report"], ["import", at("first.ndjson")]]) {
      const r = cli([...args, "--store", ""]);
      expect([args[0], r.code, oneLine(r.stderr)]).toEqual([args[0], 2, true]);
    }
    expect(readdirSync(work).sort()).toEqual(before);
  });
});

describe("verify is read-only and fails on a cut ledger", () => {
  it("a ledger cut back to its size after the first import fails verify, and verify cuts nothing", () => {
    const store = at("cut");
    expect(cli(["import", at("first.ndjson"), "--store", store, "--quiet"]).code).toBe(0);
    const segment = join(store, "0000000000.seg");
    const afterFirst = statSync(segment).size;
    // The second file's events were recorded before the first import's commit: a backfill.
    expect(cli(["import", at("second.ndjson"), "--store", store, "--quiet", "--backfill"]).code).toBe(0);
    expect(cli(["verify", "--store", store]).code).toBe(0);
    truncateSync(segment, afterFirst);
    const r = cli(["verify", "--store", store]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/committed data is missing/);
    expect(statSync(segment).size).toBe(afterFirst);
  });

  it("a torn tail (a few bytes cut off the end) fails verify and is still there after it", () => {
    const store = at("torn");
    expect(cli(["import", at("all.ndjson"), "--store", store, "--quiet"]).code).toBe(0);
    const segment = join(store, "0000000000.seg");
    const size = statSync(segment).size;
    truncateSync(segment, size - 7);
    const r = cli(["verify", "--store", store]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/after its last commit/);
    expect(statSync(segment).size).toBe(size - 7);
    // Reads do not cut it either.
    expect(cli(["report", "--store", store]).code).toBe(0);
    expect(statSync(segment).size).toBe(size - 7);
  });
});

describe("writes create the ledger, which keeps its zone", () => {
  it("init creates an empty ledger once; reads of it work; a second init is exit 1", () => {
    const store = at("inited");
    const r = cli(["init", "--store", store, "--tz", "UTC"]);
    expect(r.code, r.stderr).toBe(0);
    expect(cli(["report", "--store", store, "--format", "json"]).stdout).toMatch(/"timezone": "UTC"/);
    expect(cli(["verify", "--store", store]).code).toBe(0);
    const again = cli(["init", "--store", store]);
    expect([again.code, oneLine(again.stderr)]).toEqual([1, true]);
  });

  it("a ledger created in UTC refuses a write in another zone and reports in UTC by default", () => {
    const store = at("utc");
    expect(cli(["import", at("first.ndjson"), "--store", store, "--tz", "UTC", "--quiet"]).code).toBe(0);
    const before = exportOf(store);
    const other = cli([
      "import",
      at("second.ndjson"),
      "--store",
      store,
      "--tz",
      "Asia/Shanghai",
      "--quiet",
      "--backfill",
    ]);
    expect([other.code, oneLine(other.stderr)]).toEqual([1, true]);
    expect(other.stderr).toMatch(/keeps time zone UTC/);
    expect(exportOf(store)).toBe(before);
    expect(cli(["report", "--store", store, "--format", "json"]).stdout).toMatch(/"timezone": "UTC"/);
    expect(cli(["import", at("second.ndjson"), "--store", store, "--quiet", "--backfill"]).code).toBe(0);
  });

  it("an empty file (or blank lines only) is exit 1, says so, and creates no ledger", () => {
    writeFileSync(at("blank.ndjson"), "\n  \n\n");
    for (const file of ["blank.ndjson"]) {
      const r = cli(["import", at(file), "--store", at("never")]);
      expect([r.code, oneLine(r.stderr)]).toEqual([1, true]);
      expect(r.stderr).toMatch(/no events/);
    }
    const stdin = cli(["import", "-", "--store", at("never")], "");
    expect(stdin.code).toBe(1);
    expect(cli(["report", "--store", at("never")]).stderr).toMatch(/no ledger at/);
  });

  it("demo writes only into a new ledger or its own; an imported ledger is exit 1 and unchanged", () => {
    const store = at("real");
    expect(cli(["import", at("first.ndjson"), "--store", store, "--quiet"]).code).toBe(0);
    const before = exportOf(store);
    const r = cli(["demo", "--store", store, "--quiet"]);
    expect([r.code, oneLine(r.stderr)]).toEqual([1, true]);
    expect(r.stderr).toMatch(/demo did not make/);
    expect(exportOf(store)).toBe(before);
    expect(cli(["demo", "--store", at("demo"), "--quiet"]).code).toBe(0);
  });
});

describe("other holes at the store's edge", () => {
  it("export --hazard of an unknown hazard is exit 1, like status and history", () => {
    const r = cli(["export", "--store", at("demo"), "--hazard", "HZ-NOPE"]);
    expect([r.code, oneLine(r.stderr), r.stdout]).toEqual([1, true, ""]);
  });

  it("a store under /proc fails at once with one line (it spun at 100% CPU)", () => {
    for (const args of [["import", at("first.ndjson")], ["init"], ["report"]]) {
      const r = cli([...args, "--store", "/proc/hazard-ledger-nope"], undefined, 20_000);
      expect([args[0], r.code === 1 || r.code === 2, oneLine(r.stderr)]).toEqual([args[0], true, true]);
    }
  });

  it("two imports of one file at once: both end with exit 0 and one line, the events once", async () => {
    const store = at("race");
    const [a, b] = await Promise.all([
      cliAsync(["import", at("all.ndjson"), "--store", store, "--quiet"]),
      cliAsync(["import", at("all.ndjson"), "--store", store, "--quiet"]),
    ]);
    expect([a.code, b.code], a.stderr + b.stderr).toEqual([0, 0]);
    expect(oneLine(a.stdout) && oneLine(b.stdout)).toBe(true);
    const sorted = (s: string) => s.trimEnd().split("\n").sort();
    expect(sorted(exportOf(store))).toEqual(sorted(first + second));
    expect(cli(["verify", "--store", store]).code).toBe(0);
  });
});
