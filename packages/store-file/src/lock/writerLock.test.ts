import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { LockTimeoutError, acquireWriterLock, tryAcquireWriterLock } from "./writerLock.js";

const root = mkdtempSync(path.join(tmpdir(), "store-file-lock-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = (): string => {
  const dir = path.join(root, `d${n++}`);
  spawnSync("mkdir", ["-p", dir]);
  return dir;
};

/** The pid of a process that has already exited. */
const deadPid = (): number => {
  const r = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], {
    encoding: "utf8",
  });
  return Number(r.stdout);
};

describe("the writer lock", () => {
  it("makes a second writer wait until the first releases", async () => {
    const dir = freshDir();
    const first = await acquireWriterLock(dir, 1000);
    let secondHeld = false;
    const second = acquireWriterLock(dir, 5000).then((l) => {
      secondHeld = true;
      return l;
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(secondHeld).toBe(false);
    expect(tryAcquireWriterLock(dir)).toBeUndefined();
    first.release();
    (await second).release();
    expect(secondHeld).toBe(true);
    expect(existsSync(path.join(dir, "writer.lock"))).toBe(false);
  });

  it("gives up after the timeout with a message naming the holder", async () => {
    const dir = freshDir();
    const held = await acquireWriterLock(dir, 1000);
    const attempt = acquireWriterLock(dir, 60);
    await expect(attempt).rejects.toThrow(LockTimeoutError);
    await expect(attempt).rejects.toThrow(new RegExp(`held by process ${process.pid} on `));
    held.release();
  });

  it("breaks the lock of a writer that died holding it", async () => {
    const dir = freshDir();
    const pid = deadPid();
    writeFileSync(
      path.join(dir, "writer.lock"),
      JSON.stringify({ pid, host: hostname(), token: "dead", since: new Date().toISOString() }),
    );
    const lock = await acquireWriterLock(dir, 100);
    expect(lock.owner.pid).toBe(process.pid);
    lock.release();
  });

  it("never releases a lock that another writer has taken since", async () => {
    const dir = freshDir();
    const mine = await acquireWriterLock(dir, 100);
    // Someone judged us dead and took the lock: our release must leave theirs alone.
    writeFileSync(
      path.join(dir, "writer.lock"),
      JSON.stringify({ pid: process.pid, host: hostname(), token: "theirs", since: "" }),
    );
    mine.release();
    expect(existsSync(path.join(dir, "writer.lock"))).toBe(true);
  });
});
