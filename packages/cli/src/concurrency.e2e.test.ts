import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BinRun, binAsync, binWorkspace, isOneLine } from "./bin.fixture.js";

// Several processes write one ledger at once: imports through the bin, and live writers over
// the library's appendToStream. No acknowledged event may be lost, no process may end silently,
// and verify must pass. HAZARD_LEDGER_CONCURRENCY_ROUNDS sets the rounds (a few in CI).
const ROUNDS = Number(process.env["HAZARD_LEDGER_CONCURRENCY_ROUNDS"] ?? 2);
const IMPORTERS = 2;
const APPENDERS = 2;
const APPENDS = 25;
const ws = binWorkspace("concurrency");
afterAll(() => ws.remove());
const { cli } = ws;
const APPENDER = resolve(import.meta.dirname, "../../store-file/scripts/dist/appendingWriter.js");

const appender = (store: string, name: string): Promise<BinRun> =>
  new Promise((done) => {
    const child = spawn(process.execPath, [APPENDER, store, name, String(APPENDS)]);
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (s: string) => (stdout += s));
    child.stderr.setEncoding("utf8").on("data", (s: string) => (stderr += s));
    child.on("close", (code) => done({ code, stdout, stderr }));
  });

/** Import files of disjoint hazards, one per importer. */
const files: { readonly path: string; readonly lines: readonly string[] }[] = [];
beforeAll(() => {
  expect(cli(["demo", "--store", ws.path("demo"), "--quiet"]).code).toBe(0);
  const lines = cli(["export", "--store", ws.path("demo")])
    .stdout.trimEnd()
    .split("\n");
  const hazardOf = (l: string) => (JSON.parse(l) as { hazardId: string }).hazardId;
  const hazards = [...new Set(lines.map(hazardOf))];
  for (let k = 0; k < IMPORTERS; k++) {
    const mine = new Set(hazards.filter((_, i) => i % IMPORTERS === k));
    const path = ws.path(`part${k}.ndjson`);
    const part = lines.filter((l) => mine.has(hazardOf(l)));
    writeFileSync(path, part.join("\n") + "\n");
    files.push({ path, lines: part });
  }
});

describe(`${IMPORTERS} imports and ${APPENDERS} live writers on one ledger at once`, () => {
  it(
    `lose no acknowledged event and end loudly, ${ROUNDS} rounds`,
    async () => {
      const figures = { rounds: 0, imports: 0, appends: 0, failures: [] as string[] };
      for (let round = 0; round < ROUNDS; round++) {
        const store = ws.path(`ledger-${round}`);
        const runs = await Promise.all([
          ...files.map(
            (f) =>
              // Whichever commits second is recorded before the first one's commit: a backfill.
              binAsync(ws.work, [
                "import",
                f.path,
                "--store",
                store,
                "--quiet",
                "--backfill",
                "--lock-timeout",
                "120",
              ]).done,
          ),
          ...Array.from({ length: APPENDERS }, (_, k) => appender(store, `R${round}W${k}`)),
        ]);
        // Every process ended with exit 0, or with exit 1 and one line saying why: never silently.
        for (const r of runs) {
          if (r.code !== 0) figures.failures.push(r.stderr.trim());
          expect(r.code === 0 || (r.code === 1 && isOneLine(r.stderr)), `exit ${r.code}: ${r.stderr}`).toBe(
            true,
          );
        }
        const exported = cli(["export", "--store", store]).stdout.trimEnd().split("\n");
        const have = new Set(exported);
        // An import that said so is there whole; one that failed (saying why) left nothing.
        files.forEach((f, k) => {
          const ok = (runs[k] as BinRun).code === 0;
          if (ok) figures.imports++;
          expect(f.lines.filter((l) => have.has(l)).length).toBe(ok ? f.lines.length : 0);
        });
        // Every acknowledged append is there, in order.
        for (let k = 0; k < APPENDERS; k++) {
          const r = runs[IMPORTERS + k] as BinRun;
          const acknowledged = r.stdout.split("\n").filter((l) => l.startsWith("A ")).length;
          figures.appends += acknowledged;
          const hazard = `"hazardId":"HZ-R${round}W${k}"`;
          const seqs = exported
            .filter((l) => l.startsWith(`{${hazard}`))
            .map((l) => (JSON.parse(l) as { seq: number }).seq);
          expect(seqs.slice(0, acknowledged)).toEqual(Array.from({ length: acknowledged }, (_, i) => i));
        }
        const verify = cli(["verify", "--store", store]);
        expect(verify.code, verify.stderr).toBe(0);
        figures.rounds++;
      }
      console.log(`concurrency: ${JSON.stringify(figures)}`);
      // With a lock wait of 120 s nothing here has a reason to fail: a refusal is a defect.
      expect(figures.failures).toEqual([]);
      expect(figures.imports).toBe(ROUNDS * IMPORTERS);
      // A long campaign (hundreds of rounds) must not end at the suite's per-test limit.
    },
    Math.max(60_000, ROUNDS * 60_000),
  );
});
