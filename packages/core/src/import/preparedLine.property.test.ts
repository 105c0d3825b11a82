import * as E from "fp-ts/lib/Either.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arbLedger } from "@hazard-ledger/testing";
import { toEventLogLine } from "../events/eventLogLine.js";
import type { NewHazardEvent } from "../events/hazardEvent.js";
import type { EventStore } from "../store/eventStore.js";
import { getInMemoryEventStore } from "../store/inMemoryEventStore.js";
import { utf8Lines } from "../text/utf8Lines.js";
import {
  type ImportError,
  type ImportOptions,
  importEventLog,
  importPreparedLines,
} from "./importEventLog.js";
import { type PreparedLine, preparedLineBatches } from "./preparedLine.js";

const NOW = "2030-01-01T00:00:00.000Z";

const exportOf = async (store: EventStore): Promise<string[]> => {
  const out: string[] = [];
  for await (const e of store.readAll()) out.push(toEventLogLine(e));
  return out;
};

/** What one line of a file can be made into. */
const CHANGES = [
  "drop",
  "repeat",
  "swap",
  "brokenJson",
  "wrongType",
  "blank",
  "otherHash",
  "otherPrevHash",
  "otherSeq",
  "oldSchema",
  "otherContent",
  "notUtf8",
] as const;
type Change = (typeof CHANGES)[number];

const arbChanges = fc.array(fc.record({ at: fc.nat(), change: fc.constantFrom(...CHANGES) }), {
  maxLength: 5,
});

/** The line changed; several lines for `repeat` and `swap` (with the one after it). */
const changed = (lines: string[], at: number, change: Change): void => {
  const text = lines[at] as string;
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // A line changed already (broken, blank, not UTF-8): moved or dropped only.
    o = {};
  }
  const flip = (h: unknown): string =>
    typeof h === "string" ? (h[0] === "0" ? "1" : "0") + h.slice(1) : "0".repeat(64);
  switch (change) {
    case "drop":
      lines.splice(at, 1);
      return;
    case "repeat":
      lines.splice(Math.min(lines.length, at + 2), 0, text);
      return;
    case "swap":
      if (at + 1 < lines.length) [lines[at], lines[at + 1]] = [lines[at + 1] as string, text];
      return;
    case "brokenJson":
      lines[at] = text.slice(0, Math.floor(text.length / 2));
      return;
    case "wrongType":
      lines[at] = JSON.stringify({ ...o, occurredAt: 17 });
      return;
    case "blank":
      lines.splice(at, 0, "   ");
      return;
    case "otherHash":
      lines[at] = JSON.stringify({ ...o, hash: flip(o["hash"]) });
      return;
    case "otherPrevHash":
      lines[at] = JSON.stringify({ ...o, prevHash: flip(o["prevHash"]) });
      return;
    case "otherSeq":
      lines[at] = JSON.stringify({ ...o, seq: typeof o["seq"] === "number" ? o["seq"] + 1 : 0 });
      return;
    case "oldSchema":
      lines[at] = JSON.stringify({ ...o, schemaVersion: 0 });
      return;
    case "otherContent":
      lines[at] = JSON.stringify({ ...o, ext: { note: "changed" } });
      return;
    case "notUtf8":
      // Marked here, made bytes below.
      lines[at] = `\u0000${text}`;
      return;
  }
};

/** The file's bytes: a line marked `notUtf8` gets a byte that is never UTF-8. */
const bytesOf = (lines: readonly string[]): Buffer =>
  Buffer.concat(
    lines.map((l) =>
      l.startsWith("\u0000")
        ? Buffer.concat([Buffer.from(l.slice(1)), Buffer.from([0xff, 0x0a])])
        : Buffer.from(`${l}\n`),
    ),
  );

/** Both imports of one file into stores alike: their results, errors listed and exports. */
const bothImports = async (
  before: readonly NewHazardEvent[],
  file: Buffer,
  batchLines: number,
  listEvery: boolean,
  backfill: boolean,
) => {
  const once = async (prepared: boolean) => {
    // Commit times from a clock of its own, alike for both stores.
    let clock = Date.parse("2024-01-01T00:00:00Z");
    const store = getInMemoryEventStore({ now: () => new Date((clock += 1000)) });
    if (before.length > 0)
      await importEventLog(
        store,
        before.map((e) => JSON.stringify(e)),
        { now: NOW },
      );
    const errors: ImportError[] = [];
    const options: ImportOptions = {
      now: NOW,
      backfill,
      ...(listEvery
        ? {
            onLineError: (e: ImportError) => {
              errors.push(e);
              return "continue" as const;
            },
          }
        : {}),
    };
    const result = prepared
      ? await importPreparedLines(
          store,
          async function* (preparer): AsyncGenerator<readonly PreparedLine[]> {
            // Across a thread, as the CLI's worker hands them over.
            for await (const batch of preparedLineBatches(utf8Lines([file]), preparer, batchLines))
              yield structuredClone(batch);
          },
          options,
        )
      : await importEventLog(store, utf8Lines([file]), options);
    return { result, errors, exported: await exportOf(store) };
  };
  return { text: await once(false), prepared: await once(true) };
};

describe("an import of lines prepared ahead (on a worker) is the import of the text", () => {
  it("same result, same errors at the same lines, same events stored: bare and exported logs, changed lines, a ledger that has some of it", async () => {
    await fc.assert(
      fc.asyncProperty(
        arbLedger({ hazards: 4 }),
        fc.boolean(),
        fc.nat(),
        arbChanges,
        fc.integer({ min: 1, max: 7 }),
        fc.boolean(),
        fc.boolean(),
        async (run, exported, storedBefore, changes, batchLines, listEvery, backfill) => {
          const events = run.events.map((e, i) => (i % 3 === 0 ? e : { ...e, commandId: `c-${i}` }));
          let lines: string[];
          if (exported) {
            const source = getInMemoryEventStore();
            await importEventLog(
              source,
              events.map((e) => JSON.stringify(e)),
              { now: NOW },
            );
            lines = await exportOf(source);
          } else lines = events.map((e) => JSON.stringify(e));
          for (const c of changes) if (lines.length > 0) changed(lines, c.at % lines.length, c.change);
          const before = events.slice(0, (storedBefore % (events.length + 1)) >> 1);
          const both = await bothImports(before, bytesOf(lines), batchLines, listEvery, backfill);
          expect(both.prepared).toEqual(both.text);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("the prepared path does take the preparer's seals and fingerprints (else it proves nothing)", async () => {
    const run = fc.sample(arbLedger({ hazards: 3 }), { numRuns: 1, seed: 7 })[0];
    const file = Buffer.from((run?.events ?? []).map((e) => `${JSON.stringify(e)}\n`).join(""));
    let seals = 0;
    const store = getInMemoryEventStore();
    const result = await importPreparedLines(
      store,
      async function* (preparer): AsyncGenerator<readonly PreparedLine[]> {
        for await (const batch of preparedLineBatches(utf8Lines([file]), preparer, 3))
          yield batch.map((l) => {
            if (l === null || !("seal" in l)) return l;
            seals += 1;
            // A wrong hash the import must take as it is: stored, it shows the preparer's seal was used.
            return { ...l, seal: { ...l.seal, hash: "f".repeat(64) } };
          });
      },
      { now: NOW },
    );
    expect(E.isRight(result)).toBe(true);
    expect(seals).toBeGreaterThan(0);
    const hashes = (await exportOf(store)).map((l) => (JSON.parse(l) as { hash: string }).hash);
    expect(hashes.filter((h) => h === "f".repeat(64)).length).toBeGreaterThan(0);
  });
});
