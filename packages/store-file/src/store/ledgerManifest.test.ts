import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, expect, it } from "vitest";
import { writeLedgerManifestOnce } from "./ledgerManifest.js";

const root = mkdtempSync(path.join(tmpdir(), "store-file-temporaries-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

it("a ledger created after a creator died mid-manifest sweeps the dead creator's temporary", () => {
  const dir = mkdtempSync(path.join(root, "ledger-"));
  const deadPid = spawnSync(process.execPath, ["-e", ""]).pid;
  writeFileSync(path.join(dir, `ledger.json.${deadPid}.tmp`), '{"hashAlg');
  writeFileSync(path.join(dir, `ledger.json.${process.ppid}.tmp`), "a live creator's");
  writeFileSync(path.join(dir, "ledger.json.notapid.tmp"), "not ours to judge");

  writeLedgerManifestOnce(dir, {
    timeZone: "Asia/Shanghai",
    hashAlgorithm: "sha256",
    createdBy: "init",
    createdAt: "2026-11-30T08:00:00.000Z",
  });

  expect(readdirSync(dir).sort()).toEqual(
    ["ledger.json", `ledger.json.${process.ppid}.tmp`, "ledger.json.notapid.tmp"].sort(),
  );
});
