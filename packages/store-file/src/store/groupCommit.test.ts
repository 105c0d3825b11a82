import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import {
  type NewHazardEvent,
  commandOfEvent,
  decideContext,
  hazardCommandHandler,
} from "@hazard-ledger/core";
import { sampleReported } from "@hazard-ledger/testing";
import { afterAll, describe, expect, it } from "vitest";
import { segmentPath } from "../format/segmentFile.js";
import { type FileEventStore, openFileEventStore } from "./fileEventStore.js";
import { progress } from "./sampleStore.fixture.js";

const root = mkdtempSync(path.join(tmpdir(), "store-file-group-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** `count` events of about 2 KB: a few thousand fill more than one write buffer. */
const bulky = (hazardId: string, count: number): NewHazardEvent[] =>
  Array.from({ length: count }, (_, i) => progress(hazardId, `${i} ${"长".repeat(600)}`));

const count = async (store: FileEventStore): Promise<number> => {
  let n = 0;
  for await (const _ of store.readAll()) n++;
  return n;
};

describe("a group commit", () => {
  it("holds every command decided before the writer takes the queue; those decided after form the next group", async () => {
    const dir = path.join(root, "forming");
    const store = await openFileEventStore(dir);
    const handle = hazardCommandHandler(store);
    const report = (n: number) =>
      handle(
        commandOfEvent({ ...sampleReported(`HZ-${n}`), commandId: `report-${n}` }),
        decideContext("2024-01-01T00:00:00Z"),
      );
    // 64 writers at once: each reads its stream, decides and queues its append at once; the
    // writer takes the queue at the event loop's next check phase.
    const first = Promise.all(Array.from({ length: 64 }, (_, n) => report(n)));
    // Two turns later the writer has taken those 64 (its fdatasync in flight, or done): these
    // are decided meanwhile and wait for the next group.
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    const second = Promise.all(Array.from({ length: 16 }, (_, n) => report(64 + n)));
    const results = [...(await first), ...(await second)];
    expect(results.filter((r) => r._tag === "Left")).toEqual([]);
    expect(store.stats()).toMatchObject({ events: 80, commits: 2 });
    await store.close();
  });

  it("takes back a transaction that fails after megabytes of it reached the file", async () => {
    const dir = path.join(root, "late-failure");
    const store = await openFileEventStore(dir, { fsync: false });
    await store.appendToStream("HZ-0", [progress("HZ-0", "first")]);
    const size = statSync(segmentPath(dir, 0)).size;
    const r = await store.appendBatch([
      { hazardId: "HZ-1", events: bulky("HZ-1", 3000) },
      { hazardId: "HZ-0", events: [progress("HZ-0", "late")], expectedRevision: 7 },
    ]);
    expect(r._tag === "Left" && r.left.code).toBe("WRONG_EXPECTED_REVISION");
    expect(statSync(segmentPath(dir, 0)).size).toBe(size);
    expect(await count(store)).toBe(1);
    expect(await store.streamRevision("HZ-1")).toBe("no_stream");
    const after = await store.appendToStream("HZ-1", [progress("HZ-1", "after")]);
    expect(after._tag === "Right" && after.right.events[0]?.position).toBe(1n);
    expect((await store.verify()).ok).toBe(true);
    await store.close();
  });

  it("keeps the appends queued before and after a batch that fails", async () => {
    const dir = path.join(root, "middle-failure");
    const store = await openFileEventStore(dir);
    const [a, b, c] = await Promise.all([
      store.appendToStream("HZ-A", [progress("HZ-A", "a")]),
      store.appendBatch([
        { hazardId: "HZ-B", events: bulky("HZ-B", 3000) },
        { hazardId: "HZ-A", events: [progress("HZ-A", "b")], expectedRevision: "no_stream" },
      ]),
      store.appendToStream("HZ-C", [progress("HZ-C", "c")]),
    ]);
    expect([a?._tag, b?._tag, c?._tag]).toEqual(["Right", "Left", "Right"]);
    expect(c?._tag === "Right" && c.right.events[0]?.position).toBe(1n);
    const reopened = await openFileEventStore(dir);
    expect(await count(reopened)).toBe(2);
    expect((await reopened.verify()).ok).toBe(true);
    await reopened.close();
    await store.close();
  });
});
