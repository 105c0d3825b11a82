import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { segmentPath } from "../format/segmentFile.js";
import { progress, recordsOf, sampleStore, type RecordSpan } from "../store/sampleStore.fixture.js";
import { StoreCorruptError } from "../store/errors.js";
import { type FileEventStore, openFileEventStore } from "../store/fileEventStore.js";
import { verifyStoreDirectory } from "./verifyStore.js";

const readEverything = async (store: FileEventStore): Promise<number> => {
  let n = 0;
  for await (const _ of store.readAll()) n++;
  return n;
};

const root = mkdtempSync(path.join(tmpdir(), "store-file-tamper-"));
const original = path.join(root, "original");
let records: RecordSpan[] = [];
let bytes: Buffer;

beforeAll(async () => {
  const store = await sampleStore(original, 3, 3);
  // One append of several events: records without and with the commit flag.
  await store.appendToStream("HZ-0", [progress("HZ-0", "a"), progress("HZ-0", "b"), progress("HZ-0", "c")]);
  await store.close();
  records = recordsOf(original);
  bytes = readFileSync(segmentPath(original, 0));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("verify after one byte of a stored event is changed", () => {
  it("passes on the untouched store", async () => {
    const report = await verifyStoreDirectory(original);
    expect(report).toMatchObject({ ok: true, events: 12, hazards: 3, breaks: [] });
  });

  it("fails, and names the hazard and seq of the event, wherever the byte is", async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: 11 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.integer({ min: 1, max: 255 }),
        async (recordIndex, where, mask) => {
          const record = records[recordIndex] as RecordSpan;
          const offset = record.offset + Math.floor(where * record.header.length);
          const dir = path.join(root, `t${run++}`);
          mkdirSync(dir);
          const tampered = Buffer.from(bytes);
          tampered[offset] = (tampered[offset] as number) ^ mask;
          writeFileSync(segmentPath(dir, 0), tampered);
          const report = await verifyStoreDirectory(dir);
          expect(report.ok).toBe(false);
          expect(report.breaks).toContainEqual(
            expect.objectContaining({ hazardId: record.header.hazardId, seq: record.header.seq }),
          );
          // Opening never mistakes the damage for a torn tail to cut: it refuses to serve it.
          const store = await openFileEventStore(dir);
          await expect(readEverything(store)).rejects.toThrow(StoreCorruptError);
          expect((await store.verify()).ok).toBe(false);
          await store.close();
          rmSync(dir, { recursive: true });
        },
      ),
      { numRuns: 200 },
    );
  });

  it("names a segment whose header is damaged", async () => {
    const dir = path.join(root, "segment-header");
    mkdirSync(dir);
    copyFileSync(segmentPath(original, 0), segmentPath(dir, 0));
    const tampered = readFileSync(segmentPath(dir, 0));
    tampered[3] = (tampered[3] as number) ^ 0xff;
    writeFileSync(segmentPath(dir, 0), tampered);
    const report = await verifyStoreDirectory(dir);
    expect(report.breaks).toEqual([expect.objectContaining({ segment: 0, reason: "bad_segment" })]);
  });
});
