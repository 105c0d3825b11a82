import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import {
  type HazardState,
  type NewHazardEvent,
  commandOfEvent,
  defaultPolicy,
  getInMemoryEventStore,
  importEventLog,
  verifyAll,
  hazardDecider,
} from "@hazard-ledger/core";
import { arbLedgerRun } from "@hazard-ledger/testing";
import { PROVINCE_ACTORS, TOWNSHIP_INSPECTOR } from "./provinceActors.fixture.js";
import { isInspectorAtOrAbove, provincialPolicy } from "./provincialPolicy.js";

const RUNS = { numRuns: 200 };
/** Commands per history: long enough for hazards to reach closure, short enough to stay quick. */
const LENGTH = { min: 1, max: 30 };

/** Random histories over a few hazards, every command decided under the province's policy. */
const provincialRuns = arbLedgerRun({
  policy: provincialPolicy,
  actors: PROVINCE_ACTORS,
  hazards: 3,
  length: LENGTH,
});
/** The same, under the default policy: what a ledger kept before the province's rules looked like. */
const defaultRuns = arbLedgerRun({
  policy: defaultPolicy,
  actors: PROVINCE_ACTORS,
  hazards: 3,
  length: LENGTH,
});

/** Each event with the state of its hazard just before it: what the policy was asked about. */
const withStateBefore = (events: readonly NewHazardEvent[]) => {
  const states = new Map<string, HazardState>();
  return events.map((event) => {
    const before = states.get(event.hazardId) ?? hazardDecider.initialState;
    states.set(event.hazardId, hazardDecider.evolve(before, event));
    return { event, before };
  });
};

const isMajorClose = ({ event, before }: { event: NewHazardEvent; before: HazardState }) =>
  event.type === "HazardClosed" && before.level === "major";

const importInto = (events: readonly NewHazardEvent[], policy: typeof defaultPolicy) =>
  importEventLog(
    getInMemoryEventStore(),
    events.map((e) => JSON.stringify(e)),
    { now: "2030-01-01T00:00:00Z", context: { policy } },
  );

describe("the province's policy: its own rules hold in every history", () => {
  it("a major hazard is only ever closed by an inspector of county level or above (never a township actor)", () => {
    let majorCloses = 0;
    fc.assert(
      fc.property(provincialRuns, (run) => {
        const closes = withStateBefore(run.events).filter(isMajorClose);
        majorCloses += closes.length;
        for (const { event } of closes) {
          expect(isInspectorAtOrAbove(event.actor, "county")).toBe(true);
          expect(event.actor.level).not.toBe("township");
        }
      }),
      RUNS,
    );
    // Without major hazards being closed at all, the property above would prove nothing.
    expect(majorCloses).toBeGreaterThan(0);
  });

  it("every deadline extension is made by a government authority", () => {
    let extensions = 0;
    fc.assert(
      fc.property(provincialRuns, (run) => {
        const made = run.events.filter((e) => e.type === "DeadlineExtended");
        extensions += made.length;
        expect(made.filter((e) => e.actor.role !== "authority")).toEqual([]);
      }),
      RUNS,
    );
    expect(extensions).toBeGreaterThan(0);
  });

  it("beyond handing rectification extensions to the government, it only takes away: the default permits the rest", () => {
    // Stated as "it only takes away", this property fails: the default never lets a
    // government authority extend a rectification deadline, and the province does.
    const grantedByProvinceOnly = (e: NewHazardEvent) =>
      e.type === "DeadlineExtended" && e.data.scope === "rectification" && e.actor.role === "authority";
    fc.assert(
      fc.property(provincialRuns, (run) => {
        for (const { event, before } of withStateBefore(run.events))
          if (!grantedByProvinceOnly(event))
            expect(defaultPolicy(commandOfEvent(event), before)).toEqual(E.right(undefined));
      }),
      RUNS,
    );
  });

  it("and it does take away: a default history's township close of a major hazard is refused by it", () => {
    let townshipCloses = 0;
    fc.assert(
      fc.property(defaultRuns, (run) => {
        for (const step of withStateBefore(run.events).filter(isMajorClose)) {
          if (step.event.actor.id !== TOWNSHIP_INSPECTOR.id) continue;
          townshipCloses += 1;
          expect(E.isLeft(provincialPolicy(commandOfEvent(step.event), step.before))).toBe(true);
        }
      }),
      RUNS,
    );
    expect(townshipCloses).toBeGreaterThan(0);
  });

  it("importing a default history under it stops at exactly the first event it refuses", async () => {
    await fc.assert(
      fc.asyncProperty(defaultRuns, async (run) => {
        const steps = withStateBefore(run.events);
        const firstRefused = steps.findIndex(({ event, before }) =>
          E.isLeft(provincialPolicy(commandOfEvent(event), before)),
        );
        const imported = await importInto(run.events, provincialPolicy);
        if (firstRefused < 0)
          expect(imported).toEqual(E.right(expect.objectContaining({ appended: run.events.length })));
        else {
          expect(E.isLeft(imported) ? imported.left.line : "accepted").toBe(firstRefused + 1);
          expect(E.isLeft(imported) && imported.left.message).toContain("NOT_PERMITTED");
        }
      }),
      RUNS,
    );
  });
});

describe("the province's policy: the general invariants still hold", () => {
  it("the final states are the fold of the events", () => {
    fc.assert(
      fc.property(provincialRuns, (run) => {
        const folded = new Map<string, HazardState>();
        for (const e of run.events)
          folded.set(
            e.hazardId,
            hazardDecider.evolve(folded.get(e.hazardId) ?? hazardDecider.initialState, e),
          );
        expect(folded).toEqual(run.states);
      }),
      RUNS,
    );
  });

  it("a hazard is closed only once accepted, and nothing follows a voiding", () => {
    fc.assert(
      fc.property(provincialRuns, (run) => {
        for (const { event, before } of withStateBefore(run.events)) {
          if (event.type === "HazardClosed") expect(before.status).toBe("accepted");
          expect(before.status).not.toBe("voided");
        }
      }),
      RUNS,
    );
  });

  it("its histories import under it whole, into a store whose hash chains verify", async () => {
    await fc.assert(
      fc.asyncProperty(provincialRuns, async (run) => {
        const store = getInMemoryEventStore();
        const imported = await importEventLog(
          store,
          run.events.map((e) => JSON.stringify(e)),
          { now: "2030-01-01T00:00:00Z", context: { policy: provincialPolicy } },
        );
        expect(imported).toEqual(E.right(expect.objectContaining({ appended: run.events.length })));
        expect(await verifyAll(store.readAll())).toEqual([]);
      }),
      RUNS,
    );
  });
});
