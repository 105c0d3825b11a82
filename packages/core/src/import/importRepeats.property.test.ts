import * as E from "fp-ts/lib/Either.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arbValidHistory } from "@hazard-ledger/testing";
import { toEventLogLine } from "../events/eventLogLine.js";
import { getInMemoryEventStore } from "../store/inMemoryEventStore.js";
import type { EventStore } from "../store/eventStore.js";
import { importEventLog } from "./importEventLog.js";

const NOW = "2030-01-01T00:00:00.000Z";

const exportOf = async (store: EventStore): Promise<string[]> => {
  const out: string[] = [];
  for await (const e of store.readAll()) out.push(toEventLogLine(e));
  return out;
};

/** A copy of an earlier line placed later: identical, or with other content (`ext`) under its commandId. */
const arbCopies = fc.array(fc.record({ from: fc.nat(), after: fc.nat(), otherContent: fc.boolean() }), {
  maxLength: 6,
});

describe("an import's repeated commands, kept by hash, are judged exactly", () => {
  it("identical repeats anywhere later are skipped and nothing else; another event under a used commandId is refused at its line", async () => {
    await fc.assert(
      fc.asyncProperty(
        arbValidHistory({ hazards: 3 }).filter((h) => h.length > 0),
        arbCopies,
        async (history, copies) => {
          const events = history.map((e, i) => ({ ...e, commandId: `c-${i % 7}-${e.hazardId}-${i}` }));
          const lines = events.map((e) => JSON.stringify(e));
          // Each copy lands after its original; copies go in from the back so that positions hold.
          const file: { text: string; otherContent: boolean }[] = lines.map((text) => ({
            text,
            otherContent: false,
          }));
          const placed = copies.map((c) => {
            const from = c.from % events.length;
            const copy = c.otherContent ? { ...events[from], ext: { note: "another event" } } : events[from];
            return {
              at: from + 1 + (c.after % (events.length - from)),
              text: JSON.stringify(copy),
              otherContent: c.otherContent,
            };
          });
          placed.sort((x, y) => y.at - x.at);
          for (const p of placed) file.splice(p.at, 0, { text: p.text, otherContent: p.otherContent });
          const firstOther = file.findIndex((l) => l.otherContent);

          const store = getInMemoryEventStore();
          const result = await importEventLog(
            store,
            file.map((l) => l.text),
            { now: NOW },
          );
          if (firstOther === -1) {
            expect(E.isRight(result)).toBe(true);
            if (E.isRight(result))
              expect(result.right).toMatchObject({ appended: events.length, duplicates: copies.length });
            const alone = getInMemoryEventStore();
            await importEventLog(alone, lines, { now: NOW });
            expect(await exportOf(store)).toEqual(await exportOf(alone));
          } else {
            expect(E.isLeft(result)).toBe(true);
            if (E.isLeft(result)) {
              expect(result.left.code).toBe("COMMAND_ID_REUSED");
              expect(result.left.line).toBe(firstOther + 1);
            }
            expect(await exportOf(store)).toEqual([]);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
