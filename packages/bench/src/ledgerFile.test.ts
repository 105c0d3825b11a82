import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { keptLedgerFile } from "./ledgerFile.js";

const root = mkdtempSync(join(tmpdir(), "bench-logs-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

it("a kept log is written once and taken again, the same bytes; a half-written one is not taken", async () => {
  const dir = join(root, "logs");
  const first = await keptLedgerFile(dir, 1_000);
  expect(first).toMatchObject({ events: 1_000 });
  const bytes = readFileSync(first.path);
  const written = statSync(first.path).mtimeMs;

  const again = await keptLedgerFile(dir, 1_000);
  expect(again).toEqual(first);
  expect(statSync(again.path).mtimeMs).toBe(written);

  // A run killed while writing left the log without its description: it is written anew.
  rmSync(`${first.path}.json`);
  writeFileSync(first.path, "cut short");
  const rewritten = await keptLedgerFile(dir, 1_000);
  expect(readFileSync(rewritten.path)).toEqual(bytes);
});
