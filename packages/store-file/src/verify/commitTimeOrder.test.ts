import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { type RecordedHazardEvent, toEventLogLine } from "@hazard-ledger/core";
import * as E from "fp-ts/lib/Either.js";
import { afterAll, describe, expect, it } from "vitest";
import { FLAG_APPEND_START, FLAG_COMMIT, encodeRecord } from "../format/recordFormat.js";
import { encodeSegmentHeader, segmentPath } from "../format/segmentFile.js";
import { openFileEventStore } from "../store/fileEventStore.js";
import { progress } from "../store/sampleStore.fixture.js";
import { verifyStoreDirectory } from "./verifyStore.js";

const root = mkdtempSync(path.join(tmpdir(), "store-file-commit-order-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The log of `events` rewritten with the given commit time (ms) for each, one transaction each. */
const rewrite = (dir: string, events: readonly RecordedHazardEvent[], times: readonly number[]): void => {
  const records = events.map((e, i) =>
    encodeRecord({
      hazardId: e.hazardId,
      seq: e.seq,
      position: Number(e.position),
      flags: FLAG_APPEND_START | FLAG_COMMIT,
      committedAt: times[i],
      payload: Buffer.from(toEventLogLine(e)),
    }),
  );
  rmSync(path.join(dir, "index.snapshot"), { force: true });
  writeFileSync(segmentPath(dir, 0), Buffer.concat([encodeSegmentHeader(0), ...records]));
};

describe("verify and commit times", () => {
  it("names a record committed before a record before it (verify passed such a log before)", async () => {
    const dir = path.join(root, "s");
    let now = Date.parse("2024-01-05T08:00:00Z");
    const store = await openFileEventStore(dir, { fsync: false, now: () => new Date((now += 60_000)) });
    for (const note of ["a", "b", "c"])
      expect(E.isRight(await store.appendToStream("HZ-1", [progress("HZ-1", note)]))).toBe(true);
    const events: RecordedHazardEvent[] = [];
    for await (const e of store.readAll()) events.push(e);
    await store.close();
    const times = events.map((e) => Date.parse(e.committedAt as string));
    expect((await verifyStoreDirectory(dir)).ok).toBe(true);

    // The records stay whole and their chains intact; only the second's commit time moves back.
    rewrite(dir, events, [times[0]!, times[0]! - 1000, times[2]!]);
    const report = await verifyStoreDirectory(dir);
    expect(report.breaks.map((b) => [b.reason, b.hazardId, b.seq])).toEqual([
      ["commit_time_order", "HZ-1", 1],
    ]);
    expect(report.breaks[0]?.message).toMatch(
      /^HZ-1 seq 1: committed at 2024-01-05T08:00:59\.000Z, before 2024-01-05T08:01:00\.000Z, the commit time of a record before it/,
    );
  });
});
