import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import type { RecordedHazardEvent } from "../events/hazardEvent.js";
import { getInMemoryEventStore } from "../store/inMemoryEventStore.js";
import { importEventLog } from "./importEventLog.js";
import { sampleActor, sampleReportedData } from "@hazard-ledger/testing";

/** A `HazardReported` line of hazard `id`, recorded at `recordedAt`. */
const reported = (id: string, recordedAt: string): string =>
  JSON.stringify({
    hazardId: id,
    type: "HazardReported",
    occurredAt: "2023-03-01T09:30:00+08:00",
    recordedAt,
    actor: sampleActor,
    data: sampleReportedData,
  });

const collect = async (events: AsyncIterable<RecordedHazardEvent>): Promise<RecordedHazardEvent[]> => {
  const out: RecordedHazardEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
};

const IMPORTED_AT = "2024-01-10T00:00:00.000Z";

describe("a backdated import", () => {
  const ledger = async () => {
    const store = getInMemoryEventStore({ now: () => new Date(IMPORTED_AT) });
    const first = await importEventLog(store, [reported("HZ-1", "2024-01-02T00:00:00Z")], {
      now: IMPORTED_AT,
    });
    expect(E.isRight(first)).toBe(true);
    return store;
  };

  it("is refused without the backfill option, naming its line, and the store is unchanged", async () => {
    const store = await ledger();
    const before = await collect(store.readAll());
    const lines = [reported("HZ-2", "2024-01-11T00:00:00Z"), "", reported("HZ-3", "2023-12-20T00:00:00Z")];
    const result = await importEventLog(store, lines, { now: "2024-01-12T00:00:00Z" });
    expect(result).toEqual(
      E.left({
        line: 3,
        code: "BACKFILL_REFUSED",
        message:
          "HZ-3 seq 0: BACKFILL_REFUSED: recordedAt 2023-12-20T00:00:00Z is before the ledger's last commit " +
          "2024-01-10T00:00:00.000Z; importing it would change earlier known-at views",
      }),
    );
    expect(await collect(store.readAll())).toEqual(before);
  });

  it("is stored with the backfill option, its backdated events marked as backfills", async () => {
    const store = await ledger();
    const lines = [reported("HZ-2", "2024-01-11T00:00:00Z"), reported("HZ-3", "2023-12-20T00:00:00Z")];
    const result = await importEventLog(store, lines, { now: "2024-01-12T00:00:00Z", backfill: true });
    expect(E.isRight(result)).toBe(true);
    expect((await collect(store.readAll())).map((e) => [e.hazardId, e.backfill])).toEqual([
      ["HZ-1", undefined],
      ["HZ-2", undefined],
      ["HZ-3", true],
    ]);
  });
});
