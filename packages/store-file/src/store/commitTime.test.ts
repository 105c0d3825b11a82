import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { type RecordedHazardEvent, toEventLogLine } from "@hazard-ledger/core";
import { afterAll, describe, expect, it } from "vitest";
import { FLAG_APPEND_START, FLAG_COMMIT, encodeRecord } from "../format/recordFormat.js";
import { encodeSegmentHeader, segmentPath } from "../format/segmentFile.js";
import { openFileEventStore } from "./fileEventStore.js";
import { progress, recordsOf } from "./sampleStore.fixture.js";

const root = mkdtempSync(path.join(tmpdir(), "store-file-commit-time-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = (): string => path.join(root, `s${n++}`);

/** A clock the test moves by hand. */
const clock = (iso: string) => {
  let now = new Date(iso);
  return { now: () => now, set: (to: string) => (now = new Date(to)) };
};

const collect = async (events: AsyncIterable<RecordedHazardEvent>): Promise<RecordedHazardEvent[]> => {
  const out: RecordedHazardEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
};

const ok = <T>(r: { _tag: "Left"; left: { message: string } } | { _tag: "Right"; right: T }): T => {
  if (r._tag === "Left") throw new Error(r.left.message);
  return r.right;
};

/**
 * Writes `transactions` as a ledger of the format before commit times: records without the
 * COMMIT_TIME flag, the hazard id at byte 28, the last record of each transaction COMMIT.
 */
const legacyLedger = (dir: string, transactions: readonly (readonly RecordedHazardEvent[])[]): void => {
  const records = transactions.flatMap((events) =>
    events.map((e, i) =>
      encodeRecord({
        hazardId: e.hazardId,
        seq: e.seq,
        position: Number(e.position),
        flags: (i === 0 ? FLAG_APPEND_START : 0) | (i === events.length - 1 ? FLAG_COMMIT : 0),
        payload: Buffer.from(toEventLogLine(e)),
      }),
    ),
  );
  writeFileSync(segmentPath(dir, 0), Buffer.concat([encodeSegmentHeader(0), ...records]));
};

describe("commit time in the file store", () => {
  it("is kept in the log: every record carries it, and a reopened store (with or without its saved index) reads the same", async () => {
    const dir = freshDir();
    const c = clock("2024-01-05T08:00:00Z");
    const store = await openFileEventStore(dir, { fsync: false, now: c.now });
    ok(await store.appendToStream("HZ-1", [progress("HZ-1", "a"), progress("HZ-1", "b")]));
    c.set("2024-01-06T08:00:00Z");
    ok(await store.appendBatch([{ hazardId: "HZ-2", events: [progress("HZ-2", "c")] }]));
    const before = await collect(store.readAll());
    expect(before.map((e) => e.committedAt)).toEqual([
      "2024-01-05T08:00:00.000Z",
      "2024-01-05T08:00:00.000Z",
      "2024-01-06T08:00:00.000Z",
    ]);
    // Events that bring no recordedAt are recorded at their commit time.
    expect(before.map((e) => e.recordedAt)).toEqual(before.map((e) => e.committedAt));
    expect(recordsOf(dir).every((r) => r.header.committedAt !== undefined)).toBe(true);
    await store.close();
    for (const withSnapshot of [true, false]) {
      if (!withSnapshot) unlinkSync(path.join(dir, "index.snapshot"));
      const again = await openFileEventStore(dir, { fsync: false, now: c.now });
      expect(await collect(again.readAll())).toEqual(before);
      expect(await again.readStream("HZ-1")).toEqual(before.slice(0, 2));
      expect(await again.lastCommittedAt()).toBe("2024-01-06T08:00:00.000Z");
      await again.close();
    }
  });

  it("never goes back in log order: a clock that goes back gets the last commit time again", async () => {
    const c = clock("2024-01-05T08:00:00Z");
    const store = await openFileEventStore(freshDir(), { fsync: false, now: c.now });
    ok(await store.appendToStream("HZ-1", [progress("HZ-1", "a")]));
    c.set("2024-01-01T00:00:00Z");
    const late = ok(await store.appendToStream("HZ-1", [progress("HZ-1", "b")]));
    expect(late.events[0]?.committedAt).toBe("2024-01-05T08:00:00.000Z");
    // Not a backfill: the event is recorded at the commit time, not at the clock's.
    expect(late.events[0]?.recordedAt).toBe("2024-01-05T08:00:00.000Z");
    expect(late.events[0]?.backfill).toBeUndefined();
    await store.close();
  });

  it("refuses, after a reopen, a backfill before the commit time the log keeps", async () => {
    const dir = freshDir();
    const c = clock("2024-01-05T08:00:00Z");
    await (await openFileEventStore(dir, { fsync: false, now: c.now })).close();
    const first = await openFileEventStore(dir, { fsync: false, now: c.now });
    ok(await first.appendToStream("HZ-1", [progress("HZ-1", "a")]));
    await first.close();
    const again = await openFileEventStore(dir, { fsync: false, now: c.now });
    const refused = await again.appendToStream("HZ-1", [
      { ...progress("HZ-1", "b"), recordedAt: "2024-01-04T00:00:00Z" },
    ]);
    expect(refused._tag === "Left" && refused.left.code).toBe("BACKFILL_REFUSED");
    await again.close();
  });

  it("opens a ledger written before commit times: no committedAt on its events, its last event's recordedAt as the last commit, and new writes after it carry one", async () => {
    const source = await openFileEventStore(freshDir(), {
      fsync: false,
      now: () => new Date("2024-02-01T00:00:00Z"),
    });
    ok(
      await source.appendToStream("HZ-1", [
        { ...progress("HZ-1", "a"), recordedAt: "2023-03-02T02:00:00Z" },
        { ...progress("HZ-1", "b"), recordedAt: "2023-03-03T02:00:00Z" },
      ]),
    );
    const events = await collect(source.readAll());
    await source.close();
    const dir = freshDir();
    mkdirSync(dir);
    legacyLedger(dir, [events.slice(0, 1), events.slice(1)]);

    const store = await openFileEventStore(dir, {
      fsync: false,
      now: () => new Date("2024-02-02T00:00:00Z"),
    });
    const read = await collect(store.readAll());
    expect(read.map((e) => e.committedAt)).toEqual([undefined, undefined]);
    expect(read.map(toEventLogLine)).toEqual(events.map(toEventLogLine));
    expect(await store.lastCommittedAt()).toBe("2023-03-03T02:00:00.000Z");
    const refused = await store.appendToStream("HZ-1", [
      { ...progress("HZ-1", "c"), recordedAt: "2023-03-02T12:00:00Z" },
    ]);
    expect(refused._tag === "Left" && refused.left.code).toBe("BACKFILL_REFUSED");
    ok(await store.appendToStream("HZ-1", [progress("HZ-1", "d")]));
    expect((await store.readStream("HZ-1")).map((e) => e.committedAt)).toEqual([
      undefined,
      undefined,
      "2024-02-02T00:00:00.000Z",
    ]);
    expect((await store.verify()).ok).toBe(true);
    await store.close();
  });
});
