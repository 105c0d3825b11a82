import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  type EventStore,
  type NewHazardEvent,
  type RecordedHazardEvent,
  type StreamAppend,
  getInMemoryEventStore,
  importEventLog,
  verifyStream,
} from "@hazard-ledger/core";
import { sampleProgress, sampleReported } from "@hazard-ledger/testing";
import { afterAll, describe, expect, it } from "vitest";
import { SEGMENT_HEADER_SIZE, segmentPath } from "../format/segmentFile.js";
import { openFileEventStore } from "./fileEventStore.js";

const root = mkdtempSync(path.join(tmpdir(), "streamed-import-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const NOW = "2024-06-01T00:00:00Z";

/** An event log of `hazards` reported hazards, then `progress` notes on the first one. */
const ledgerLines = (hazards: number, progress: number): string[] => [
  ...Array.from({ length: hazards }, (_, i) => JSON.stringify(sampleReported(`HZ-${i}`))),
  ...Array.from({ length: progress }, (_, i) => JSON.stringify(sampleProgress("HZ-0", `note ${i}`))),
];

const collect = async (store: EventStore): Promise<RecordedHazardEvent[]> => {
  const out: RecordedHazardEvent[] = [];
  for await (const e of store.readAll()) out.push(e);
  return out;
};

let dirs = 0;
/** The ledgers' lines are recorded years back: stores whose clock stands before them take them as live writes. */
const epoch = () => new Date(0);
const stores: [string, () => Promise<EventStore>][] = [
  ["memory", () => Promise.resolve(getInMemoryEventStore({ now: epoch }))],
  ["file", () => openFileEventStore(path.join(root, `store-${dirs++}`), { fsync: false, now: epoch })],
];

describe.each(stores)("a streamed import into the %s store", (_kind, open) => {
  it("stores nothing when its bad line comes after thousands of valid events", async () => {
    const store = await open();
    right(await importEventLog(store, ["", ...ledgerLines(1, 0)], { now: NOW }));
    const lines = [...ledgerLines(3000, 2500).slice(1), '{"hazardId": broken'];
    const result = await importEventLog(store, lines, { now: NOW });
    expect(result).toEqual({
      _tag: "Left",
      left: {
        code: "BROKEN_JSON",
        line: lines.length,
        message: expect.stringMatching(/^broken JSON/) as unknown,
      },
    });
    expect((await collect(store)).map((e) => e.hazardId)).toEqual(["HZ-0"]);
    expect(await store.streamRevision("HZ-1")).toBe("no_stream");
    await store.close();
  });

  it("stores everything, in the file's order, when every line is good", async () => {
    const store = await open();
    const lines = ledgerLines(3000, 2500);
    const summary = right(await importEventLog(store, lines, { now: NOW }));
    expect(summary).toEqual({ lines: 5500, appended: 5500, duplicates: 0, hazards: 3000, alreadyStored: 0 });
    const all = await collect(store);
    expect(all.map((e) => e.hazardId)).toEqual(
      lines.map((l) => (JSON.parse(l) as { hazardId: string }).hazardId),
    );
    const first = await store.readStream("HZ-0");
    expect(first).toHaveLength(2501);
    expect(verifyStream(first)).toEqual([]);
    await store.close();
  });
});

describe("a streamed batch into the file store", () => {
  it("judges repeats within the batch on a stream with many commands as on one with few: an identical one replays, another event under an earlier commandId is COMMAND_ID_REUSED", async () => {
    const store = await openFileEventStore(path.join(root, `store-${dirs++}`), { fsync: false, now: epoch });
    /** A stream of 31 commands, then `last` (each made for the stream) within the same batch. */
    async function* source(
      hazardId: string,
      last: (note: (i: number, text?: string) => NewHazardEvent) => NewHazardEvent[],
    ): AsyncGenerator<StreamAppend> {
      const note = (i: number, text = `note ${i}`) =>
        sampleProgress(hazardId, text, { commandId: `cmd-${i}` });
      await Promise.resolve();
      yield { hazardId, events: [sampleReported(hazardId, { commandId: "cmd-0" })] };
      for (let i = 1; i <= 30; i++) yield { hazardId, events: [note(i)] };
      for (const e of last(note)) yield { hazardId, events: [e] };
    }
    const replayed = right(await store.appendBatch(source("HZ-A", (note) => [note(3), note(25)])));
    expect(replayed.appended).toBe(31);
    expect(await store.streamRevision("HZ-A")).toBe(30);
    for (const old of [3, 25]) {
      const reused = await store.appendBatch(source(`HZ-${old}`, (note) => [note(old, "another note")]));
      expect(reused).toMatchObject({
        _tag: "Left",
        left: { code: "COMMAND_ID_REUSED", commandId: `cmd-${old}` },
      });
      expect(await store.streamRevision(`HZ-${old}`)).toBe("no_stream");
    }
    await store.close();
  });
});

describe("a streamed import of lines without hashes", () => {
  it("still checks a late prevHash after the events it chains to were hashed to bound memory", async () => {
    // More hash-less events than the import keeps waiting for their hash (20,000).
    const lines = ledgerLines(25_000, 0);
    const reference = getInMemoryEventStore();
    right(await importEventLog(reference, lines, { now: NOW }));
    const hashOf0 = (await reference.readStream("HZ-0"))[0]?.hash;
    const late = (prevHash: string | undefined): string =>
      JSON.stringify({ ...sampleProgress("HZ-0", "late"), seq: 1, prevHash });
    const good = getInMemoryEventStore();
    expect(right(await importEventLog(good, [...lines, late(hashOf0)], { now: NOW })).appended).toBe(25_001);
    const bad = getInMemoryEventStore();
    expect(await importEventLog(bad, [...lines, late("0".repeat(64))], { now: NOW })).toEqual({
      _tag: "Left",
      left: {
        code: "PREV_HASH_MISMATCH",
        line: 25_001,
        message: "prevHash: does not match the hash of HZ-0 seq 0",
      },
    });
    expect(await collect(bad)).toEqual([]);
  });
});

describe("a streamed import into the file store", () => {
  it("writes records while the file is still being read, and shows none of them before its commit", async () => {
    const dir = path.join(root, "observed");
    const store = await openFileEventStore(dir, { fsync: false });
    const lines = ledgerLines(20_000, 10_000);
    let linesReadAtFirstWrite: number | undefined;
    let visibleMidway = -1;
    const summary = right(
      await importEventLog(store, lines, {
        now: NOW,
        onProgress: (read) => {
          // A new ledger's first segment keeps a temporary name until its first commit.
          if (
            linesReadAtFirstWrite === undefined &&
            statSync(`${segmentPath(dir, 0)}.tmp`).size > SEGMENT_HEADER_SIZE
          )
            linesReadAtFirstWrite = read;
          if (read === 15_000) visibleMidway = store.stats().events;
        },
      }),
    );
    expect(summary.appended).toBe(30_000);
    // Bytes reached the file when at most a tenth of the lines had been read...
    expect(linesReadAtFirstWrite).toBeLessThanOrEqual(3_000);
    // ...yet nothing was committed, so nothing was visible, until the end.
    expect(visibleMidway).toBe(0);
    expect(store.stats().events).toBe(30_000);
    await store.close();
  });
});

function right<A>(r: { _tag: "Left"; left: { message: string } } | { _tag: "Right"; right: A }): A {
  if (r._tag === "Left") throw new Error(r.left.message);
  return r.right;
}
