import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FLAG_APPEND_START, FLAG_COMMIT, encodeRecord } from "../format/recordFormat.js";
import { segmentPath } from "../format/segmentFile.js";
import { StoreCorruptError } from "./errors.js";
import { openFileEventStore } from "./fileEventStore.js";
import { verifyStoreDirectory } from "../verify/verifyStore.js";
import { progress, recordsOf, sampleStore } from "./sampleStore.fixture.js";

const root = mkdtempSync(path.join(tmpdir(), "store-file-recovery-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = (): string => path.join(root, `s${n++}`);

const notes = async (dir: string, hazardId: string): Promise<string[]> => {
  const store = await openFileEventStore(dir);
  try {
    return (await store.readStream(hazardId)).map((e) =>
      e.type === "ProgressReported" ? e.data.note : e.type,
    );
  } finally {
    await store.close();
  }
};

/** A valid record of the next event of HZ-0, framed but not committed. */
const uncommittedRecord = (position: number, seq: number): Buffer =>
  encodeRecord({
    hazardId: "HZ-0",
    seq,
    position,
    flags: FLAG_APPEND_START,
    payload: Buffer.from(JSON.stringify({ ...progress("HZ-0", "never committed"), seq })),
  });

describe("opening after a crash", () => {
  it("cuts a record cut short back to the last commit, and appends after it", async () => {
    const dir = freshDir();
    await (await sampleStore(dir, 1, 3)).close();
    const size = statSync(segmentPath(dir, 0)).size;
    appendFileSync(segmentPath(dir, 0), uncommittedRecord(3, 3).subarray(0, 40));
    const store = await openFileEventStore(dir);
    expect(statSync(segmentPath(dir, 0)).size).toBe(size);
    expect((await store.verify()).ok).toBe(true);
    const r = await store.appendToStream("HZ-0", [progress("HZ-0", "after")]);
    expect(r._tag === "Right" && r.right.events[0]?.seq).toBe(3);
    await store.close();
    expect(await notes(dir, "HZ-0")).toEqual(["n0", "n1", "n2", "after"]);
  });

  it("drops whole records of a transaction that never wrote its commit record", async () => {
    const dir = freshDir();
    await (await sampleStore(dir, 1, 2)).close();
    const reader = await openFileEventStore(dir);
    appendFileSync(segmentPath(dir, 0), uncommittedRecord(2, 2));
    // Readers see committed records only, even before anyone cuts the tail.
    expect(await reader.streamRevision("HZ-0")).toBe(1);
    const report = await reader.verify();
    expect(report.ok).toBe(true);
    expect(report.tornTail?.bytes).toBeGreaterThan(0);
    await reader.close();
    expect(await notes(dir, "HZ-0")).toEqual(["n0", "n1"]);
    expect((await (await openFileEventStore(dir)).verify()).tornTail).toBeUndefined();
  });

  it("verify names a committed event whose hash is not a digest at all, and does not throw", async () => {
    const dir = freshDir();
    await (await sampleStore(dir, 1, 2)).close();
    appendFileSync(
      segmentPath(dir, 0),
      encodeRecord({
        hazardId: "HZ-0",
        seq: 2,
        position: 2,
        flags: FLAG_APPEND_START | FLAG_COMMIT,
        committedAt: Date.now(),
        payload: Buffer.from(
          JSON.stringify({ ...progress("HZ-0", "no digest"), seq: 2, hash: "not a digest" }),
        ),
      }),
    );
    const report = await verifyStoreDirectory(dir);
    expect(report.ok).toBe(false);
    expect(report.breaks.map((b) => b.reason)).toContain("hash_mismatch");
  });

  it("cuts zeroes a file system left after the last commit", async () => {
    const dir = freshDir();
    await (await sampleStore(dir, 2, 2)).close();
    appendFileSync(segmentPath(dir, 0), Buffer.alloc(4096));
    const store = await openFileEventStore(dir);
    expect((await store.verify()).ok).toBe(true);
    expect(await store.streamRevision("HZ-1")).toBe(1);
    await store.close();
  });
});

describe("damage in the middle of the log", () => {
  it("is reported, never skipped: reads through it fail, verify names the hazard and seq", async () => {
    const dir = freshDir();
    await (await sampleStore(dir, 3, 3)).close();
    const target = recordsOf(dir)[4];
    if (target === undefined) throw new Error("no record 4");
    const bytes = readFileSync(segmentPath(dir, 0));
    const at = target.offset + target.header.payloadStart + 10;
    bytes[at] = (bytes[at] as number) ^ 0x01;
    writeFileSync(segmentPath(dir, 0), bytes);

    const store = await openFileEventStore(dir);
    await expect(store.readStream(target.header.hazardId)).rejects.toThrow(StoreCorruptError);
    const readAll = async (): Promise<void> => {
      for await (const _ of store.readAll());
    };
    await expect(readAll()).rejects.toThrow(/damaged at segment 0/);
    const report = await store.verify();
    expect(report.ok).toBe(false);
    expect(report.breaks).toContainEqual(
      expect.objectContaining({
        hazardId: target.header.hazardId,
        seq: target.header.seq,
        reason: "payload_checksum",
      }),
    );
    await store.close();
  });

  it("is found by the hash chain when the checksum was forged too", async () => {
    const dir = freshDir();
    // The forgery edits the payload's JSON text.
    await (await sampleStore(dir, 2, 3, { recordCodec: "json" })).close();
    const target = recordsOf(dir)[3];
    if (target === undefined) throw new Error("no record 3");
    const bytes = readFileSync(segmentPath(dir, 0));
    const start = target.offset + target.header.payloadStart;
    const payload = Buffer.from(bytes.subarray(start, target.offset + target.header.length));
    const at = payload.indexOf('"note":"n');
    payload[at + 9] = "X".charCodeAt(0);
    // Both checksums recomputed: the record is well framed, only its content is false.
    encodeRecord({ ...target.header, payload }).copy(bytes, target.offset);
    writeFileSync(segmentPath(dir, 0), bytes);

    const store = await openFileEventStore(dir);
    const report = await store.verify();
    expect(report.breaks).toEqual([
      expect.objectContaining({
        hazardId: target.header.hazardId,
        seq: target.header.seq,
        reason: "hash_mismatch",
      }),
    ]);
    await store.close();
  });
});
