import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { fileCheckpointStore } from "./fileCheckpointStore.js";

const root = mkdtempSync(join(tmpdir(), "projections-checkpoints-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

it("a save sweeps the temporary of a saver killed between writing and renaming, and keeps a live one's", async () => {
  const dir = mkdtempSync(join(root, "c-"));
  const checkpoints = fileCheckpointStore(dir);
  expect((await checkpoints.save("ledger", Buffer.from("first")))._tag).toBe("Right");
  const deadPid = spawnSync(process.execPath, ["-e", ""]).pid;
  writeFileSync(join(dir, `ledger.checkpoint.${deadPid}.tmp`), "half of a checkpo");
  writeFileSync(join(dir, `ledger.checkpoint.${process.ppid}.tmp`), "a live saver's");

  expect(await checkpoints.load("ledger")).toEqual({ _tag: "Right", right: Buffer.from("first") });
  expect((await checkpoints.save("ledger", Buffer.from("second")))._tag).toBe("Right");

  expect(readdirSync(dir).sort()).toEqual(["ledger.checkpoint", `ledger.checkpoint.${process.ppid}.tmp`]);
  expect(await checkpoints.load("ledger")).toEqual({ _tag: "Right", right: Buffer.from("second") });
});
