import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { hostname } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, binAsync, binWorkspace, isOneLine, ndjson } from "./bin.fixture.js";
import { buildDemoLedger } from "./demo/demoLedger.js";

// Faults around a ledger, through the real bin: a full disk, a read-only file system, a writer
// killed holding the lock, a damaged saved index, a damaged lock file. After each, the ledger
// verifies, every acknowledged event is there, and the user read one line saying what to do.
const ws = binWorkspace("faults");
afterAll(() => ws.remove());
const { cli } = ws;
const exportOf = (store: string) => cli(["export", "--store", store]).stdout;
const APPENDER = resolve(import.meta.dirname, "../../store-file/scripts/dist/appendingWriter.js");

/** A small file system of its own (tmpfs, as root); the reason when it cannot be had. */
const mountProblem = ((): string | undefined => {
  if (process.platform !== "linux") return "not Linux";
  if (process.getuid?.() !== 0) return "not root (mounting a tmpfs needs root)";
  const probe = ws.path("probe");
  mkdirSync(probe);
  const r = spawnSync("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", probe], { encoding: "utf8" });
  if (r.status !== 0) return `mount -t tmpfs failed: ${(r.stderr || String(r.error)).trim()}`;
  spawnSync("umount", [probe]);
  return undefined;
})();
if (mountProblem !== undefined)
  console.warn(`faults.e2e: the tests on a small or read-only file system are skipped: ${mountProblem}`);

const mounted: string[] = [];
const mountTmpfs = (name: string, size: string): string => {
  const dir = ws.path(name);
  mkdirSync(dir);
  const r = spawnSync("mount", ["-t", "tmpfs", "-o", `size=${size}`, "tmpfs", dir], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`mount ${dir}: ${r.stderr}`);
  mounted.push(dir);
  return dir;
};
const remount = (dir: string, mode: "ro" | "rw") => {
  const r = spawnSync("mount", ["-o", `remount,${mode}`, dir], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`remount ${dir} ${mode}: ${r.stderr}`);
};
afterAll(() => {
  for (const dir of mounted) spawnSync("umount", ["-l", dir]);
});

let small = "";
let big = "";
beforeAll(() => {
  expect(cli(["demo", "--store", ws.path("demo"), "--quiet"]).code).toBe(0);
  const lines = exportOf(ws.path("demo")).trimEnd().split("\n");
  const hazardOf = (l: string) => (JSON.parse(l) as { hazardId: string }).hazardId;
  const early = new Set(lines.slice(0, 200).map(hazardOf));
  small = ws.path("small.ndjson");
  big = ws.path("big.ndjson");
  writeFileSync(small, lines.filter((l) => early.has(hazardOf(l))).join("\n") + "\n");
  writeFileSync(big, lines.filter((l) => !early.has(hazardOf(l))).join("\n") + "\n");
});

describe.skipIf(mountProblem !== undefined)("a full disk", () => {
  it("an import that fills the disk stores nothing, says so in one line, and the ledger verifies", () => {
    const fs = mountTmpfs("full", "400k");
    const store = join(fs, "ledger");
    expect(cli(["import", small, "--store", store, "--quiet", "--backfill"]).code).toBe(0);
    const before = exportOf(store);
    const r = cli(["import", big, "--store", store, "--quiet", "--backfill"]);
    expect([r.code, isOneLine(r.stderr)], r.stderr).toEqual([1, true]);
    expect(r.stderr).toMatch(/disk is full.*not stored.*free space/);
    expect(cli(["verify", "--store", store]).code).toBe(0);
    expect(exportOf(store)).toBe(before);
  });

  it("a live writer that meets a full disk loses no acknowledged event; the ledger verifies", () => {
    const fs = mountTmpfs("full-live", "256k");
    const store = join(fs, "ledger");
    expect(cli(["import", small, "--store", store, "--quiet", "--backfill"]).code).toBe(0);
    // Fill the disk up to a few kilobytes.
    const free = (): number => {
      const out = spawnSync("df", ["-B1", "--output=avail", fs], { encoding: "utf8" }).stdout;
      return Number(out.trim().split("\n")[1]);
    };
    writeFileSync(join(fs, "filler"), Buffer.alloc(Math.max(0, free() - 24 * 1024)));
    const writer = spawnSync(process.execPath, [APPENDER, store, "LIVE", "500"], { encoding: "utf8" });
    const acknowledged = writer.stdout.split("\n").filter((l) => l.startsWith("A ")).length;
    expect(writer.status).toBe(1);
    expect(writer.stderr).toMatch(/^E ENOSPC /);
    expect(acknowledged).toBeGreaterThan(0);
    rmSync(join(fs, "filler"));
    expect(cli(["verify", "--store", store]).code).toBe(0);
    const history = cli(["history", "HZ-LIVE", "--store", store, "--format", "json"]);
    expect((JSON.parse(history.stdout) as unknown[]).length).toBe(acknowledged);
  });
});

describe.skipIf(mountProblem !== undefined)("a read-only ledger", () => {
  it("reads and verifies on a read-only file system; a write is refused in one line and changes nothing", () => {
    const fs = mountTmpfs("ro", "4m");
    const store = join(fs, "ledger");
    expect(cli(["import", small, "--store", store, "--quiet", "--backfill"]).code).toBe(0);
    const before = exportOf(store);
    remount(fs, "ro");
    try {
      expect(cli(["report", "--store", store]).code).toBe(0);
      expect(cli(["verify", "--store", store]).code).toBe(0);
      const r = cli(["import", big, "--store", store, "--quiet", "--backfill"]);
      expect([r.code, isOneLine(r.stderr)], r.stderr).toEqual([1, true]);
      expect(r.stderr).toMatch(/read-only/);
      expect(r.stderr).not.toMatch(/EROFS/);
    } finally {
      remount(fs, "rw");
    }
    expect(exportOf(store)).toBe(before);
  });
});

describe("a writer killed while it holds the lock", () => {
  it("leaves a ledger that verify flags (torn tail) and the next write repairs, with every acknowledged event", async () => {
    const store = ws.path("killed");
    expect(cli(["import", small, "--store", store, "--quiet", "--backfill"]).code).toBe(0);
    const acknowledged = exportOf(store);
    const running = binAsync(ws.work, ["import", big, "--store", store, "--quiet", "--backfill"]);
    const lock = join(store, "writer.lock");
    const deadline = Date.now() + 30_000;
    while (!existsSync(lock) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
    running.child.kill("SIGKILL");
    const killed = await running.done;
    expect(killed.code).toBe(null);
    const verify = cli(["verify", "--store", store]);
    if (verify.code !== 0) {
      expect(isOneLine(verify.stderr.split("\n").slice(-2).join("\n"))).toBe(true);
      expect(verify.stderr).toMatch(/after its last commit|next write/);
    }
    // The next write breaks the dead writer's lock, cuts what it left, and stores its own.
    const again = cli(["import", big, "--store", store, "--quiet", "--backfill", "--lock-timeout", "30"]);
    expect(again.code, again.stderr).toBe(0);
    expect(cli(["verify", "--store", store]).code).toBe(0);
    const after = exportOf(store);
    expect(after.startsWith(acknowledged)).toBe(true);
    expect(after.trimEnd().split("\n").length).toBe(
      (readFileSync(small, "utf8") + readFileSync(big, "utf8")).trimEnd().split("\n").length,
    );
  });
});

describe("damaged files beside the log", () => {
  it("a corrupted index.snapshot is ignored: reads, verify and writes go on from the log", () => {
    const store = ws.path("snapshot");
    expect(cli(["import", small, "--store", store, "--quiet", "--backfill"]).code).toBe(0);
    const before = exportOf(store);
    const snapshot = join(store, "index.snapshot");
    expect(existsSync(snapshot)).toBe(true);
    const bytes = readFileSync(snapshot);
    bytes.fill(0x5a, 20, Math.min(bytes.length, 200));
    writeFileSync(snapshot, bytes);
    expect(exportOf(store)).toBe(before);
    expect(cli(["verify", "--store", store]).code).toBe(0);
    expect(cli(["import", big, "--store", store, "--quiet", "--backfill"]).code).toBe(0);
    expect(cli(["verify", "--store", store]).code).toBe(0);
  });

  it("a corrupted writer.lock left by a dead writer is broken; a live holder's lock is waited for, then named", () => {
    const store = ws.path("lockfile");
    expect(cli(["import", small, "--store", store, "--quiet", "--backfill"]).code).toBe(0);
    const lock = join(store, "writer.lock");
    writeFileSync(lock, "\u0000garbage{");
    const old = new Date(Date.now() - 60_000);
    utimesSync(lock, old, old);
    const r = cli(["import", big, "--store", store, "--quiet", "--backfill", "--lock-timeout", "5"]);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(lock)).toBe(false);
    // A lock whose holder is alive (pid 1 is) is not broken: the write waits, then says what to do.
    writeFileSync(
      lock,
      JSON.stringify({
        pid: 1,
        host: hostname(),
        token: "t",
        since: "2026-01-01T00:00:00Z",
        activity: "import",
      }),
    );
    const blocked = cli([
      "import",
      small,
      "--store",
      store,
      "--quiet",
      "--backfill",
      "--lock-timeout",
      "0.5",
    ]);
    expect([blocked.code, isOneLine(blocked.stderr)]).toEqual([1, true]);
    expect(blocked.stderr).toMatch(/being written by process 1 .*--lock-timeout/);
    rmSync(lock);
    expect(statSync(store).isDirectory()).toBe(true);
    expect(cli(["verify", "--store", store]).code).toBe(0);
  });
});

describe("an import larger than the process's memory", () => {
  it("is refused in one line that says what to do, before V8 aborts; nothing is stored, no lock is left", () => {
    const log = ws.path("big.ndjson");
    writeFileSync(log, ndjson(buildDemoLedger({ hazards: 30_000, seed: 2023 })));
    const store = ws.path("too-big");
    // A 32 MB heap holds some twenty thousand hazards of an import (about 1.2 KB each): this
    // log is 30,000 (it gives up after about 10,000, leaving 8 MB of room).
    const r = spawnSync(process.execPath, [BIN, "import", log, "--store", store, "--quiet"], {
      encoding: "utf8",
      env: { ...process.env, HAZARD_LEDGER_STORE: "", NODE_OPTIONS: "--max-old-space-size=32" },
    });
    expect([r.status, r.signal]).toEqual([1, null]);
    expect(isOneLine(r.stderr)).toBe(true);
    expect(r.stderr).toMatch(
      /big\.ndjson: the import outgrew this process's memory \(\d+ of \d+ MB of heap\)/,
    );
    expect(r.stderr).toMatch(/nothing was stored.*NODE_OPTIONS=--max-old-space-size=\d+/);
    expect(existsSync(store) ? readdirSync(store) : []).toEqual([]);
  });
});

describe("verify of a ledger whose one import is a large transaction", () => {
  it("holds each hazard's chain, not the transaction's events: it passes in a 32 MB heap", () => {
    // One import is one transaction: 50k events, about 50 MB decoded, ten thousand hazards.
    const log = ws.path("one-transaction.ndjson");
    writeFileSync(log, ndjson(buildDemoLedger({ hazards: 10_000, seed: 7 })));
    const store = ws.path("one-transaction");
    const imported = spawnSync(process.execPath, [BIN, "import", log, "--store", store, "--quiet"], {
      encoding: "utf8",
      env: { ...process.env, HAZARD_LEDGER_STORE: "" },
    });
    expect(imported.status, imported.stderr).toBe(0);
    const r = spawnSync(process.execPath, [BIN, "verify", "--store", store], {
      encoding: "utf8",
      env: { ...process.env, HAZARD_LEDGER_STORE: "", NODE_OPTIONS: "--max-old-space-size=32" },
    });
    expect([r.status, r.signal], r.stderr.slice(0, 300)).toEqual([0, null]);
    expect(r.stdout).toMatch(/^verified: every record checksum and every hash chain is intact$/m);
  });
});
