import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  type EventStore,
  type NewHazardEvent,
  type RecordedHazardEvent,
  type StreamAppend,
  getInMemoryEventStore,
} from "@hazard-ledger/core";
import { commandIdHash } from "@hazard-ledger/core/store-kit";
import { sampleProgress, sampleReported } from "@hazard-ledger/testing";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { type FileEventStoreTestHooks, openFileEventStore } from "./fileEventStore.js";

const root = mkdtempSync(path.join(tmpdir(), "streamed-commands-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The events' own recordedAt stand years back: a clock before them takes them as live writes. */
const epoch = () => new Date(0);
let dirs = 0;

/** A hash under which every commandId collides: the batch must then settle each by its events. */
const oneHash = (): number => 7;
const hashes: [string, (commandId: string) => number][] = [
  ["commandIdHash", commandIdHash],
  ["a hash that maps every commandId to one value", oneHash],
];

const openFile = (
  commandHash: (commandId: string) => number,
  recordCodec: "compact" | "json" = "compact",
): Promise<EventStore> => {
  const options: Parameters<typeof openFileEventStore>[1] & FileEventStoreTestHooks = {
    fsync: false,
    now: epoch,
    commandHash,
    recordCodec,
  };
  return openFileEventStore(path.join(root, `store-${dirs++}`), options);
};

const collect = async (store: EventStore): Promise<RecordedHazardEvent[]> => {
  const out: RecordedHazardEvent[] = [];
  for await (const e of store.readAll()) out.push(e);
  return out;
};

/**
 * Filler of another hazard between a command and its repeat: `count` events of about 300 bytes
 * each as records, so 20,000 of them push what came before out of the writer's 4 MB buffer.
 */
function* filler(count: number): Generator<StreamAppend> {
  for (let i = 0; i < count; i++) {
    const hazardId = `HZ-F${i % 500}`;
    yield {
      hazardId,
      events: [i < 500 ? sampleReported(hazardId) : sampleProgress(hazardId, `filler ${i} `.repeat(12))],
    };
  }
}

const note = (i: number, text = `note ${i}`): NewHazardEvent =>
  sampleProgress("HZ-A", text, { commandId: `cmd-${i}` });

/** HZ-A's first two commands, `between` filler events, then `last` on HZ-A. */
function* batch(between: number, last: readonly NewHazardEvent[][]): Generator<StreamAppend> {
  yield { hazardId: "HZ-A", events: [sampleReported("HZ-A", { commandId: "cmd-0" })] };
  yield { hazardId: "HZ-A", events: [note(1)] };
  yield* filler(between);
  for (const events of last) yield { hazardId: "HZ-A", events };
}

const placements: [string, number][] = [
  ["still in the writer's buffer", 10],
  ["already written to the file (over 4 MB of records after it)", 20_000],
];

/** Each hash with compact records (the default), and the colliding one with JSON records too. */
const settings: [string, (commandId: string) => number, "compact" | "json"][] = [
  ...hashes.map(([name, hash]): [string, (commandId: string) => number, "compact"] => [
    name,
    hash,
    "compact",
  ]),
  ["a hash that maps every commandId to one value, records in JSON", oneHash, "json"],
];

describe.each(settings)("a streamed batch with %s", (_name, commandHash, codec) => {
  describe.each(placements)("repeats a command it staged, %s", (_where, between) => {
    it("replays an identical repeat (nothing written) and still takes a new command after it", async () => {
      const store = await openFile(commandHash, codec);
      const result = await store.appendBatch(
        batch(between, [[note(1)], [sampleReported("HZ-A", { commandId: "cmd-0" })], [note(2)]]),
      );
      expect(result).toMatchObject({ _tag: "Right", right: { appended: between + 3 } });
      expect((await store.readStream("HZ-A")).map((e) => e.commandId)).toEqual(["cmd-0", "cmd-1", "cmd-2"]);
      await store.close();
    });

    it("refuses another event under a commandId it staged (COMMAND_ID_REUSED), storing nothing", async () => {
      const store = await openFile(commandHash, codec);
      for (const reuse of [[note(1, "another note")], [note(3), note(0, "first")]]) {
        const result = await store.appendBatch(batch(between, [reuse]));
        expect(result).toMatchObject({
          _tag: "Left",
          left: { code: "COMMAND_ID_REUSED", hazardId: "HZ-A", commandId: reuse.at(-1)?.commandId },
        });
        expect(await collect(store)).toEqual([]);
      }
      await store.close();
    });
  });
});

/** Appends of a few hazards whose commandIds and notes come from small pools: repeats and reuses abound. */
const arbBatch: fc.Arbitrary<StreamAppend[]> = fc.array(
  fc
    .record({
      hazard: fc.integer({ min: 0, max: 2 }),
      events: fc.array(
        fc.record({
          commandId: fc.option(fc.constantFrom("c0", "c1", "c2", "c3"), { nil: undefined }),
          note: fc.constantFrom("a", "b"),
        }),
        { minLength: 1, maxLength: 3 },
      ),
    })
    .map(({ hazard, events }): StreamAppend => {
      const hazardId = `HZ-${hazard}`;
      return {
        hazardId,
        events: events.map((e) =>
          sampleProgress(hazardId, e.note, e.commandId === undefined ? {} : { commandId: e.commandId }),
        ),
      };
    }),
  { minLength: 1, maxLength: 25 },
);

/** What each batch did (its refusal, or what it wrote), and the events the store then holds. */
const outcomeOf = async (
  store: EventStore,
  batches: readonly (readonly StreamAppend[])[],
): Promise<unknown> => {
  const results: unknown[] = [];
  for (const appends of batches) {
    const result = await store.appendBatch(appends);
    results.push(
      result._tag === "Left"
        ? [result.left.code, "commandId" in result.left ? result.left.commandId : undefined]
        : [result.right.appended, [...result.right.nextExpectedRevisions]],
    );
  }
  const stored = (await collect(store)).map((e) => [e.hazardId, e.seq, e.commandId, e.data, e.hash]);
  await store.close();
  return { results, stored };
};

describe.each(hashes)(
  "a streamed batch into the file store, hashing commandIds with %s",
  (_name, commandHash) => {
    it("has the in-memory store's outcome: the same refusal or the same events, after a committed batch too", async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(arbBatch, { minLength: 1, maxLength: 2 }), async (batches) => {
          const expected = await outcomeOf(getInMemoryEventStore({ now: epoch }), batches);
          expect(await outcomeOf(await openFile(commandHash), batches)).toEqual(expected);
        }),
        { numRuns: 150 },
      );
    });
  },
);
