import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type FileEventStore, openFileEventStore } from "../store/fileEventStore.js";
import { progress, sampleStore } from "../store/sampleStore.fixture.js";
import { readIndexSnapshot } from "./indexSnapshot.js";

const root = mkdtempSync(path.join(tmpdir(), "store-file-snapshot-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = (): string => path.join(root, `s${n++}`);
const snapshotFile = (dir: string): string => path.join(dir, "index.snapshot");

const everything = async (store: FileEventStore): Promise<string[]> => {
  const out: string[] = [];
  for await (const e of store.readAll()) out.push(`${e.position}:${e.hazardId}:${e.seq}:${e.hash}`);
  return out;
};

describe("the saved index", () => {
  it("is written at close and gives the same store when opened again, across segments", async () => {
    const dir = freshDir();
    const first = await sampleStore(dir, 4, 6, { segmentBytes: 1024 });
    const before = await everything(first);
    await first.close();
    expect(readIndexSnapshot(dir)?.index.size).toBe(24);

    const second = await openFileEventStore(dir, { fsync: false, segmentBytes: 1024 });
    expect(await everything(second)).toEqual(before);
    expect(await second.readStream("HZ-2")).toHaveLength(6);
    const r = await second.appendToStream("HZ-2", [progress("HZ-2", "after")], { expectedRevision: 5 });
    expect(r._tag).toBe("Right");
    expect((await second.verify()).ok).toBe(true);
    await second.close();
  });

  it("covers a prefix: what was appended after it is read from the log", async () => {
    const dir = freshDir();
    await (await sampleStore(dir, 2, 3)).close();
    const writer = await openFileEventStore(dir, { fsync: false });
    await writer.appendToStream("HZ-0", [progress("HZ-0", "later")]);
    // The writer never closes (it crashed): the saved index is behind the log.
    const reader = await openFileEventStore(dir);
    expect(await reader.streamRevision("HZ-0")).toBe(3);
    expect((await everything(reader)).length).toBe(7);
    await reader.close();
    await writer.close();
  });

  it("is ignored when it is damaged or no longer matches the log", async () => {
    const dir = freshDir();
    await (await sampleStore(dir, 3, 3)).close();
    const saved = readFileSync(snapshotFile(dir));

    const damaged = Buffer.from(saved);
    damaged[damaged.length - 3] = (damaged[damaged.length - 3] as number) ^ 0xff;
    writeFileSync(snapshotFile(dir), damaged);
    expect(readIndexSnapshot(dir)).toBeUndefined();
    const a = await openFileEventStore(dir);
    expect(await a.streamRevision("HZ-1")).toBe(2);
    await a.close();

    // Another, shorter log under the old saved index.
    rmSync(dir, { recursive: true });
    await (await sampleStore(dir, 1, 2)).close();
    writeFileSync(snapshotFile(dir), saved);
    const b = await openFileEventStore(dir);
    expect(await b.streamRevision("HZ-0")).toBe(1);
    expect(await b.streamRevision("HZ-1")).toBe("no_stream");
    expect((await everything(b)).length).toBe(2);
    await b.close();
    expect(existsSync(snapshotFile(dir))).toBe(true);
  });

  it("survives a writer killed between writing it and renaming it, and its leftover is swept", async () => {
    const dir = freshDir();
    const first = await sampleStore(dir, 3, 4);
    const before = await everything(first);
    await first.close();
    // What a process killed mid-save leaves: its half-written temporary, under a pid that is
    // gone (a child that has exited), beside a saved index one commit behind the log.
    const deadPid = spawnSync(process.execPath, ["-e", ""]).pid;
    const leftover = `${snapshotFile(dir)}.${deadPid}.tmp`;
    writeFileSync(leftover, readFileSync(snapshotFile(dir)).subarray(0, 40));
    const mine = `${snapshotFile(dir)}.${process.pid}.tmp`;
    const liveOther = `${snapshotFile(dir)}.${process.ppid}.tmp`;
    writeFileSync(liveOther, "another live process is saving");

    const second = await openFileEventStore(dir, { fsync: false });
    expect(await everything(second)).toEqual(before);
    await second.appendToStream("HZ-0", [progress("HZ-0", "after")]);
    await second.close();

    expect(existsSync(leftover)).toBe(false);
    expect(existsSync(mine)).toBe(false);
    // A temporary of a process that is still alive may be about to be renamed: it stays.
    expect(existsSync(liveOther)).toBe(true);
    rmSync(liveOther);
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    const third = await openFileEventStore(dir);
    expect((await everything(third)).length).toBe(before.length + 1);
    await third.close();
  });
});
