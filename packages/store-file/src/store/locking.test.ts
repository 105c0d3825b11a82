import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { acquireWriterLock } from "../lock/writerLock.js";
import { openFileEventStore } from "./fileEventStore.js";
import { progress, sampleStore } from "./sampleStore.fixture.js";

const root = mkdtempSync(path.join(tmpdir(), "store-file-locking-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("a store whose writer lock another writer holds", () => {
  it("still serves readers, and fails an append after the lock timeout with a clear message", async () => {
    const dir = path.join(root, "held");
    await (await sampleStore(dir, 1, 2)).close();
    const store = await openFileEventStore(dir, { lockTimeoutMs: 50 });
    const other = await acquireWriterLock(dir, 100);
    expect(await store.streamRevision("HZ-0")).toBe(1);
    expect(await store.readStream("HZ-0")).toHaveLength(2);
    await expect(store.appendToStream("HZ-0", [progress("HZ-0", "x")])).rejects.toThrow(
      /writer lock is held by process \d+ .* gave up after 50 ms/,
    );
    other.release();
    const r = await store.appendToStream("HZ-0", [progress("HZ-0", "x")]);
    expect(r._tag).toBe("Right");
    await store.close();
  });
});

describe("two stores open on one directory", () => {
  it("see each other's appends and check revisions against them", async () => {
    const dir = path.join(root, "two");
    const a = await openFileEventStore(dir, { fsync: false, segmentBytes: 2048 });
    const b = await openFileEventStore(dir, { fsync: false, segmentBytes: 2048 });
    for (let i = 0; i < 20; i++) {
      const writer = i % 2 === 0 ? a : b;
      const r = await writer.appendToStream("HZ-0", [progress("HZ-0", `n${i}`)], {
        expectedRevision: i === 0 ? "no_stream" : i - 1,
      });
      expect(r._tag === "Left" ? r.left.message : "ok", `append ${i}`).toBe("ok");
    }
    const stale = await a.appendToStream("HZ-0", [progress("HZ-0", "stale")], { expectedRevision: 5 });
    expect(stale._tag === "Left" && stale.left.code).toBe("WRONG_EXPECTED_REVISION");
    // Small segments: the log spans several files, and both stores followed the rolls.
    expect(a.stats().segments).toBeGreaterThan(2);
    for (const s of [a, b]) {
      const notes = (await s.readStream("HZ-0")).map((e) =>
        e.type === "ProgressReported" ? e.data.note : "",
      );
      expect(notes).toEqual(Array.from({ length: 20 }, (_, i) => `n${i}`));
      const all: bigint[] = [];
      for await (const e of s.readAll()) all.push(e.position);
      expect(all).toEqual(Array.from({ length: 20 }, (_, i) => BigInt(i)));
    }
    expect((await a.verify()).ok).toBe(true);
    await a.close();
    await b.close();
  });

  it("wakes a subscription on one store with the appends of the other", async () => {
    const dir = path.join(root, "subscribe");
    const a = await openFileEventStore(dir, { fsync: false, pollIntervalMs: 10 });
    const b = await openFileEventStore(dir, { fsync: false });
    const subscription = a.subscribe();
    const iterator = subscription[Symbol.asyncIterator]();
    const next = iterator.next();
    await b.appendToStream("HZ-9", [progress("HZ-9", "from b")]);
    const step = await next;
    expect(step.done === false && step.value.hazardId).toBe("HZ-9");
    await subscription.close();
    await a.close();
    await b.close();
  });
});
