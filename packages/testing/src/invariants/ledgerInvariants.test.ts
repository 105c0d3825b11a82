import {
  type RecordedHazardEvent,
  decideContext,
  getInMemoryEventStore,
  hazardCommandHandler,
} from "@hazard-ledger/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arbLedgerRun } from "../arbitraries/commandSequence.js";
import { sampleLifecycle } from "../samples/sampleEvents.js";
import {
  closedLoopCountsAddUp,
  decidedPart,
  hashChainIntact,
  ledgerViolations,
  noEventLost,
  tallyClosedLoop,
  versionsContiguous,
} from "./ledgerInvariants.js";

/** The ledger of `events` as the in-memory store keeps it. */
const stored = async (events: Parameters<typeof noEventLost>[0]): Promise<RecordedHazardEvent[]> => {
  const store = getInMemoryEventStore();
  for (const e of events) await store.appendToStream(e.hazardId, [e]);
  const all: RecordedHazardEvent[] = [];
  for await (const e of store.readAll()) all.push(e);
  return all;
};

describe("ledger invariants", () => {
  it("hold of every ledger the handler writes from a random run", async () => {
    await fc.assert(
      fc.asyncProperty(arbLedgerRun({ hazards: 3 }), async (run) => {
        const store = getInMemoryEventStore();
        const handle = hazardCommandHandler(store);
        for (const step of run.steps) await handle(step.command, decideContext(step.now));
        const all: RecordedHazardEvent[] = [];
        for await (const e of store.readAll()) all.push(e);
        expect(ledgerViolations(all, { noEventLost: noEventLost(run.events) })).toEqual([]);
        expect(ledgerViolations(all)).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  it("name the event a log lost, the seq that skips, the hash that no longer matches", async () => {
    const events = [...sampleLifecycle("HZ-1", "closed"), ...sampleLifecycle("HZ-2", "rectifying")];
    const log = await stored(events);
    expect(noEventLost(events)(log)).toEqual([
      "event 0 of the log: stored HZ-1 HazardReported differs from the expected HZ-1 HazardReported",
    ]);
    expect(noEventLost(log.map(decidedPart))(log.slice(0, 3))).toEqual([
      "event 3 of the log: stored nothing, expected HZ-1 RectificationAccepted (3 stored, 7 expected)",
    ]);
    expect(versionsContiguous(log.filter((e) => !(e.hazardId === "HZ-1" && e.seq === 2)))).toEqual([
      "HZ-1 seq 3: expected seq 2",
    ]);
    const tampered = log.map((e) =>
      e.seq === 1 && e.hazardId === "HZ-2" ? { ...e, occurredAt: "2023-03-02T10:00:00+08:00" } : e,
    );
    expect(hashChainIntact()(tampered)).toEqual(["HZ-2 seq 1: hash does not match the event's content"]);
    expect(noEventLost(log.map(decidedPart))(log)).toEqual([]);
  });

  it("tally the closed loop, and say when a stream lacks its report", async () => {
    const events = [
      ...sampleLifecycle("HZ-1", "closed"),
      ...sampleLifecycle("HZ-2", "rectifying"),
      ...sampleLifecycle("HZ-3", "reopened"),
    ];
    expect(tallyClosedLoop(events)).toMatchObject({
      discovered: 3,
      open: 2,
      closed: 1,
      voided: 0,
      everClosed: 2,
    });
    const log = await stored(events);
    expect(closedLoopCountsAddUp(log)).toEqual([]);
    expect(closedLoopCountsAddUp(log.filter((e) => !(e.hazardId === "HZ-2" && e.seq === 0)))).toEqual([
      "open 2 + accepted 0 + closed 1 + voided 0 = 3, not the 2 discovered",
      "HZ-2: a stream must begin with its one report (0 reports, first RectificationAssigned)",
    ]);
  });
});
