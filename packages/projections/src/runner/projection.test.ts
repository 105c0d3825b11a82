import { type RecordedHazardEvent, getInMemoryEventStore } from "@hazard-ledger/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arbHistory } from "../ledger/randomHistory.fixture.js";
import { inMemoryCheckpointStore } from "./checkpointStore.js";
import { projection } from "./projection.js";
import { projectionRunner } from "./projectionRunner.js";
import { appendAll, appendInParts, collect } from "./storeLoading.fixture.js";

const right = <A>(e: { _tag: "Left"; left: { message: string } } | { _tag: "Right"; right: A }): A => {
  if (e._tag === "Left") throw new Error(e.left.message);
  return e.right;
};

type Counts = Readonly<Record<string, number>>;
const countReport = (counts: Counts, e: RecordedHazardEvent): Counts =>
  e.type === "HazardReported" ? { ...counts, [e.data.region]: (counts[e.data.region] ?? 0) + 1 } : counts;

/** A projection of someone's own: how many hazards each region reported. */
const reportsByRegion = projection({
  name: "reports-by-region",
  canHandle: (e) => e.type === "HazardReported",
  evolve: countReport,
  initialState: {},
});

const expectedCounts = (events: readonly RecordedHazardEvent[]): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const e of events)
    if (e.type === "HazardReported") counts[e.data.region] = (counts[e.data.region] ?? 0) + 1;
  return counts;
};

describe("a projection of one's own, run by the projection runner", () => {
  it("counts across restarts from its checkpoints exactly what one pass over the log counts", async () => {
    await fc.assert(
      fc.asyncProperty(arbHistory(8), fc.array(fc.nat(1000), { maxLength: 4 }), async (events, cuts) => {
        const store = getInMemoryEventStore();
        const checkpoints = inMemoryCheckpointStore();
        await appendInParts(store, events, cuts, async () => {
          const runner = projectionRunner({ store, checkpoints, projections: [reportsByRegion] });
          right(await runner.start());
          right(await runner.stop());
        });
        const resumed = projectionRunner({ store, checkpoints, projections: [reportsByRegion] });
        right(await resumed.start());
        const expected = expectedCounts(await collect(store.readAll()));
        expect(resumed.stateOf(reportsByRegion)).toEqual(expected);
        right(await resumed.rebuild());
        expect(resumed.stateOf(reportsByRegion)).toEqual(expected);
        await resumed.stop();
      }),
      { numRuns: 50 },
    );
  });

  it("resumes from its checkpoint: a restart folds only the events after it", async () => {
    const [first, ...rest] = fc.sample(arbHistory(6), { seed: 14, numRuns: 1 });
    const events = first ?? rest[0] ?? [];
    const store = getInMemoryEventStore();
    const checkpoints = inMemoryCheckpointStore();
    await appendAll(store, events);
    let evolved = 0;
    const counting = projection({
      name: "reports-by-region",
      canHandle: (e) => e.type === "HazardReported",
      evolve: (counts: Counts, e) => {
        evolved += 1;
        return countReport(counts, e);
      },
      initialState: {},
    });
    const runner = projectionRunner({ store, checkpoints, projections: [counting] });
    right(await runner.start());
    right(await runner.stop());
    const reports = events.filter((e) => e.type === "HazardReported").length;
    expect(evolved).toBe(reports);
    const again = projectionRunner({ store, checkpoints, projections: [counting] });
    right(await again.start());
    expect(evolved).toBe(reports);
    expect(again.stateOf(counting)).toEqual(expectedCounts(await collect(store.readAll())));
    await again.stop();
  });

  it("folds the whole log again for a projection that has no checkpoint yet", async () => {
    const store = getInMemoryEventStore();
    const checkpoints = inMemoryCheckpointStore();
    const [events = []] = fc.sample(arbHistory(6), { seed: 7, numRuns: 1 });
    await appendAll(store, events);
    const plain = projectionRunner({ store, checkpoints });
    right(await plain.start());
    right(await plain.stop());
    // A projection added later starts from nothing, not from the ledger's checkpoint.
    const withOwn = projectionRunner({ store, checkpoints, projections: [reportsByRegion] });
    right(await withOwn.start());
    expect(withOwn.stateOf(reportsByRegion)).toEqual(expectedCounts(await collect(store.readAll())));
    expect(withOwn.ledger.eventCount).toBe(events.length);
    await withOwn.stop();
  });

  it("follows live appends and refuses to answer for a projection it does not run", async () => {
    const store = getInMemoryEventStore();
    const runner = projectionRunner({ store, projections: [reportsByRegion] });
    right(await runner.start());
    const [events = []] = fc.sample(arbHistory(4), { seed: 3, numRuns: 1 });
    await appendAll(store, events);
    const all = await collect(store.readAll());
    const last = all[all.length - 1];
    if (last !== undefined) await runner.waitForPosition(last.position);
    expect(runner.stateOf(reportsByRegion)).toEqual(expectedCounts(all));
    const stranger = projection({
      name: "stranger",
      canHandle: () => true,
      evolve: (n: number) => n + 1,
      initialState: 0,
    });
    expect(() => runner.stateOf(stranger)).toThrow(RangeError);
    await runner.stop();
  });
});
