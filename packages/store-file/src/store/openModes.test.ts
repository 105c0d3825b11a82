import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { LedgerSettings } from "@hazard-ledger/core";
import { afterAll, describe, expect, it } from "vitest";
import { FLAG_APPEND_START, encodeRecord } from "../format/recordFormat.js";
import { segmentPath } from "../format/segmentFile.js";
import { acquireWriterLock } from "../lock/writerLock.js";
import { StoreCorruptError } from "./errors.js";
import { openFileEventStore } from "./fileEventStore.js";
import { LedgerSettingsConflictError, MANIFEST_FILE } from "./ledgerManifest.js";
import { LedgerPathError, makeDirectory } from "./ledgerPath.js";
import { progress, recordsOf, sampleStore } from "./sampleStore.fixture.js";

const root = mkdtempSync(path.join(tmpdir(), "store-file-modes-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = (): string => path.join(root, `s${n++}`);

const SHANGHAI: LedgerSettings = {
  timeZone: "Asia/Shanghai",
  hashAlgorithm: "sha256",
  createdBy: "import",
  createdAt: "2026-01-01T00:00:00.000Z",
};

const filesOf = (dir: string): string[] => readdirSync(dir).sort();

describe("a read-only open never creates, repairs or writes a ledger", () => {
  it("a missing path is NO_LEDGER and is not created", async () => {
    const dir = freshDir();
    const open = openFileEventStore(dir, { mode: "read" });
    await expect(open).rejects.toBeInstanceOf(LedgerPathError);
    await expect(open).rejects.toMatchObject({ code: "NO_LEDGER", message: `no ledger at ${dir}` });
    expect(existsSync(dir)).toBe(false);
  });

  it("an empty directory is NO_LEDGER and stays empty; a regular file is NOT_A_LEDGER", async () => {
    const dir = freshDir();
    mkdirSync(dir);
    await expect(openFileEventStore(dir, { mode: "read" })).rejects.toMatchObject({ code: "NO_LEDGER" });
    expect(filesOf(dir)).toEqual([]);
    const file = path.join(root, `file${n++}`);
    writeFileSync(file, "not a ledger");
    await expect(openFileEventStore(file, { mode: "read" })).rejects.toMatchObject({ code: "NOT_A_LEDGER" });
    await expect(openFileEventStore(file)).rejects.toMatchObject({ code: "NOT_A_LEDGER" });
    expect(readFileSync(file, "utf8")).toBe("not a ledger");
  });

  it("reads past a torn tail without cutting it, writes no saved index, and refuses appends", async () => {
    const dir = freshDir();
    await (await sampleStore(dir, 2, 3)).close();
    rmSync(path.join(dir, "index.snapshot"));
    const torn = encodeRecord({
      hazardId: "HZ-0",
      seq: 3,
      position: 6,
      flags: FLAG_APPEND_START,
      payload: Buffer.from(JSON.stringify({ ...progress("HZ-0", "torn"), seq: 3 })),
    }).subarray(0, 40);
    appendFileSync(segmentPath(dir, 0), torn);
    const size = statSync(segmentPath(dir, 0)).size;
    const before = filesOf(dir);
    const store = await openFileEventStore(dir, { mode: "read" });
    expect(store.mode).toBe("read");
    expect((await store.readStream("HZ-0")).length).toBe(3);
    await expect(store.appendToStream("HZ-0", [progress("HZ-0", "x")])).rejects.toThrow(/read-only/);
    await expect(store.initLedger(SHANGHAI)).rejects.toThrow(/read-only/);
    expect((await store.verify()).tornTail).toMatchObject({ bytes: 40 });
    await store.close();
    expect(statSync(segmentPath(dir, 0)).size).toBe(size);
    expect(filesOf(dir)).toEqual(before);
  });

  it("does not wait for, or take, the writer lock a writer holds", async () => {
    const dir = freshDir();
    await (await sampleStore(dir, 1, 2)).close();
    const lock = await acquireWriterLock(dir, 1000, "import");
    try {
      const store = await openFileEventStore(dir, { mode: "read", lockTimeoutMs: 1 });
      expect((await store.readStream("HZ-0")).length).toBe(2);
      await store.close();
    } finally {
      lock.release();
    }
  });
});

describe("a write open creates the ledger with its first commit, never before", () => {
  it("creates nothing when the first write stores nothing (a refused batch)", async () => {
    const dir = freshDir();
    const store = await openFileEventStore(dir, { fsync: false, ledger: SHANGHAI });
    const refused = await store.appendBatch([
      { hazardId: "HZ-0", events: [progress("HZ-0", "a")], expectedRevision: 5 },
    ]);
    expect(refused._tag).toBe("Left");
    await store.close();
    expect(existsSync(dir) ? filesOf(dir).filter((f) => f !== "writer.lock") : []).toEqual([]);
    await expect(openFileEventStore(dir, { mode: "read" })).rejects.toMatchObject({ code: "NO_LEDGER" });
  });

  it("keeps the ledger's settings with its first commit and refuses a write in another zone", async () => {
    const dir = freshDir();
    const store = await openFileEventStore(dir, { fsync: false, ledger: SHANGHAI });
    expect(await store.ledgerSettings()).toBeUndefined();
    const r = await store.appendToStream("HZ-0", [progress("HZ-0", "a")]);
    expect(r._tag).toBe("Right");
    expect(await store.ledgerSettings()).toEqual(SHANGHAI);
    await store.close();
    expect(JSON.parse(readFileSync(path.join(dir, MANIFEST_FILE), "utf8"))).toEqual(SHANGHAI);
    const utc = await openFileEventStore(dir, { fsync: false, ledger: { ...SHANGHAI, timeZone: "UTC" } });
    await expect(utc.appendToStream("HZ-0", [progress("HZ-0", "b")])).rejects.toBeInstanceOf(
      LedgerSettingsConflictError,
    );
    await utc.close();
    const reader = await openFileEventStore(dir, { mode: "read" });
    expect((await reader.readStream("HZ-0")).length).toBe(1);
    await reader.close();
  });

  it("refuses a directory that holds other files, and keeps them", async () => {
    const dir = freshDir();
    mkdirSync(dir);
    writeFileSync(path.join(dir, "notes.txt"), "mine");
    await expect(openFileEventStore(dir)).rejects.toMatchObject({ code: "NOT_A_LEDGER" });
    expect(filesOf(dir)).toEqual(["notes.txt"]);
  });

  it("initLedger makes an empty ledger that a reader opens, and keeps the first settings", async () => {
    const dir = freshDir();
    const store = await openFileEventStore(dir);
    expect(await store.initLedger({ ...SHANGHAI, createdBy: "init" })).toMatchObject({ createdBy: "init" });
    expect(await store.initLedger({ ...SHANGHAI, timeZone: "UTC" })).toMatchObject({
      timeZone: "Asia/Shanghai",
    });
    await store.close();
    const reader = await openFileEventStore(dir, { mode: "read" });
    expect(await reader.ledgerSettings()).toMatchObject({ createdBy: "init" });
    expect(await reader.streamRevision("HZ-0")).toBe("no_stream");
    await reader.close();
  });
});

describe("store paths that can never be a ledger fail fast", () => {
  it("a directory under /proc fails at once instead of spinning in mkdir", () => {
    if (!existsSync("/proc/self")) return;
    const started = Date.now();
    expect(() => makeDirectory("/proc/hazard-ledger-nope/ledger")).toThrow(/ENOENT/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("a path under a regular file is NOT_A_LEDGER", () => {
    const file = path.join(root, `file${n++}`);
    writeFileSync(file, "x");
    expect(() => makeDirectory(path.join(file, "ledger"))).toThrow(LedgerPathError);
  });
});

describe("a damaged header is never served, even with a saved index", () => {
  it("a record whose payload was edited and its payload checksum recomputed fails the read", async () => {
    const dir = freshDir();
    // The forgery edits the payload's JSON text.
    await (await sampleStore(dir, 2, 2, { recordCodec: "json" })).close();
    expect(existsSync(path.join(dir, "index.snapshot"))).toBe(true);
    const record = recordsOf(dir)[1]!;
    const file = segmentPath(dir, 0);
    const bytes = readFileSync(file);
    const payloadAt = record.offset + record.header.payloadStart;
    const payload = bytes.subarray(payloadAt, record.offset + record.header.length);
    const text = payload.toString("utf8");
    const forged = Buffer.from(text.replace('"n0"', '"n9"'), "utf8");
    expect(forged.length).toBe(payload.length);
    forged.copy(bytes, payloadAt);
    const { crc32 } = await import("node:zlib");
    bytes.writeUInt32LE(crc32(forged), record.offset + 20);
    writeFileSync(file, bytes);
    const store = await openFileEventStore(dir, { mode: "read" });
    try {
      const all = async () => {
        for await (const _ of store.readAll());
      };
      await expect(all()).rejects.toBeInstanceOf(StoreCorruptError);
      await expect(store.readStream("HZ-1")).rejects.toBeInstanceOf(StoreCorruptError);
    } finally {
      await store.close();
    }
  });
});
