import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { type NewHazardEvent, type RecordedHazardEvent, toEventLogLine } from "@hazard-ledger/core";
import { arbLedger } from "@hazard-ledger/testing";
import { CODEC_COMPACT, CODEC_JSON, encodeRecord } from "../format/recordFormat.js";
import { segmentPath } from "../format/segmentFile.js";
import { StoreCorruptError } from "./errors.js";
import { type FileEventStoreOptions, openFileEventStore } from "./fileEventStore.js";
import { recordsOf, sampleStore } from "./sampleStore.fixture.js";

const root = mkdtempSync(path.join(tmpdir(), "hl-codec-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = (): string => path.join(root, `s${n++}`);

const NOW = new Date("2026-01-01T00:00:00.000Z");

/** Appends `events` as one batch, one append each, to the store in `dir`. */
const store = async (
  dir: string,
  events: readonly NewHazardEvent[],
  options: FileEventStoreOptions,
  backfill = false,
): Promise<void> => {
  const s = await openFileEventStore(dir, { fsync: false, now: () => NOW, ...options });
  try {
    const r = await s.appendBatch(
      events.map((e) => ({ hazardId: e.hazardId, events: [e] })),
      { backfill },
    );
    if (r._tag === "Left") throw new Error(r.left.message);
  } finally {
    await s.close();
  }
};

const readAll = async (dir: string): Promise<RecordedHazardEvent[]> => {
  const s = await openFileEventStore(dir, { mode: "read" });
  try {
    const out: RecordedHazardEvent[] = [];
    for await (const e of s.readAll()) out.push(e);
    return out;
  } finally {
    await s.close();
  }
};

const exportOf = (events: readonly RecordedHazardEvent[]): string =>
  events.map((e) => toEventLogLine(e)).join("\n");

/** The codec of every record, segment after segment. */
const codecsOf = (dir: string): number[] =>
  readdirSync(dir)
    .filter((f) => f.endsWith(".seg"))
    .flatMap((_, i) => recordsOf(dir, i).map((r) => r.header.codec));

describe("records in the compact codec", () => {
  it("read back the events a JSON store reads, and export the same bytes", async () => {
    await fc.assert(
      fc.asyncProperty(arbLedger({ hazards: 5 }), async (run) => {
        const [compact, json] = [freshDir(), freshDir()];
        await store(compact, run.events, {});
        await store(json, run.events, { recordCodec: "json" });
        expect(new Set(codecsOf(compact))).toEqual(new Set([CODEC_COMPACT]));
        expect(new Set(codecsOf(json))).toEqual(new Set([CODEC_JSON]));
        const [fromCompact, fromJson] = [await readAll(compact), await readAll(json)];
        expect(fromCompact).toStrictEqual(fromJson);
        expect(exportOf(fromCompact)).toBe(exportOf(fromJson));
        expect(readFileSync(segmentPath(compact, 0)).length).toBeLessThan(
          readFileSync(segmentPath(json, 0)).length,
        );
      }),
      { numRuns: 8 },
    );
  });

  it("share a ledger with JSON records: both read, stream by stream and in order, and verify", async () => {
    await fc.assert(
      fc.asyncProperty(arbLedger({ hazards: 4 }), fc.double({ min: 0, max: 1 }), async (run, cut) => {
        const at = Math.floor(run.events.length * cut);
        const [mixed, json] = [freshDir(), freshDir()];
        await store(mixed, run.events.slice(0, at), { recordCodec: "json" });
        await store(mixed, run.events.slice(at), {}, true);
        await store(json, run.events.slice(0, at), { recordCodec: "json" });
        await store(json, run.events.slice(at), { recordCodec: "json" }, true);
        expect(codecsOf(mixed)).toEqual(run.events.map((_, i) => (i < at ? CODEC_JSON : CODEC_COMPACT)));
        expect(exportOf(await readAll(mixed))).toBe(exportOf(await readAll(json)));
        const s = await openFileEventStore(mixed, { mode: "read" });
        try {
          expect((await s.verify()).breaks).toEqual([]);
          for (const hazardId of new Set(run.events.map((e) => e.hazardId)))
            expect(exportOf(await s.readStream(hazardId))).toBe(
              exportOf((await readAll(json)).filter((e) => e.hazardId === hazardId)),
            );
        } finally {
          await s.close();
        }
      }),
      { numRuns: 6 },
    );
  });
});

/** Rewrites record `i` of the store in `dir` with `payload` and `codec`, both checksums recomputed. */
const forge = (dir: string, i: number, edit: (payload: Buffer) => Buffer, codec?: number) => {
  const target = recordsOf(dir)[i];
  if (target === undefined) throw new Error(`no record ${i}`);
  const bytes = readFileSync(segmentPath(dir, 0));
  const start = target.offset + target.header.payloadStart;
  const payload = edit(Buffer.from(bytes.subarray(start, target.offset + target.header.length)));
  encodeRecord({ ...target.header, ...(codec !== undefined ? { codec } : {}), payload }).copy(
    bytes,
    target.offset,
  );
  writeFileSync(segmentPath(dir, 0), bytes);
  return target.header;
};

const readAllFails = async (dir: string): Promise<string> => {
  const s = await openFileEventStore(dir, { mode: "read" });
  try {
    for await (const _ of s.readAll());
  } catch (e) {
    expect(e).toBeInstanceOf(StoreCorruptError);
    return (e as Error).message;
  } finally {
    await s.close();
  }
  throw new Error("the read did not fail");
};

describe("a damaged compact record", () => {
  it("whose payload does not decode is named by verify and stops a read", async () => {
    const dir = freshDir();
    await (await sampleStore(dir, 2, 3)).close();
    // The payload is an object: its first byte is its tag. 0xEE is no tag.
    const header = forge(dir, 3, (p) => Buffer.concat([Buffer.from([0xee]), p.subarray(1)]));
    const s = await openFileEventStore(dir, { mode: "read" });
    try {
      expect((await s.verify()).breaks).toEqual([
        expect.objectContaining({
          hazardId: header.hazardId,
          seq: header.seq,
          reason: "bad_payload",
          message: expect.stringContaining("does not decode") as unknown,
        }),
      ]);
    } finally {
      await s.close();
    }
    const message = await readAllFails(dir);
    expect(message).toContain(`${header.hazardId} seq ${header.seq}: the payload does not decode`);
  });

  it("whose content was forged with both checksums is found by the hash chain", async () => {
    const dir = freshDir();
    await (await sampleStore(dir, 2, 3)).close();
    const header = forge(dir, 3, (p) => {
      const at = p.indexOf("n1");
      expect(at).toBeGreaterThan(0);
      p[at + 1] = "9".charCodeAt(0);
      return p;
    });
    const s = await openFileEventStore(dir, { mode: "read" });
    try {
      expect((await s.verify()).breaks).toEqual([
        expect.objectContaining({ hazardId: header.hazardId, seq: header.seq, reason: "hash_mismatch" }),
      ]);
    } finally {
      await s.close();
    }
  });

  it("with a codec byte this program does not know is refused with one line naming its event", async () => {
    const dir = freshDir();
    await (await sampleStore(dir, 2, 3)).close();
    const header = forge(dir, 2, (p) => p, 7);
    const message = await readAllFails(dir);
    expect(message).toContain(`${header.hazardId} seq ${header.seq}: unknown payload codec 7`);
    expect(message).not.toContain("\n");
    const s = await openFileEventStore(dir, { mode: "read" });
    try {
      // (The saved index also counts an event the log no longer holds readable: a second break.)
      expect((await s.verify()).breaks).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            hazardId: header.hazardId,
            seq: header.seq,
            message: expect.stringContaining("unknown payload codec 7") as unknown,
          }),
        ]),
      );
    } finally {
      await s.close();
    }
  });
});
