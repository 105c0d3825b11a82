import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arbHazard } from "@hazard-ledger/testing";
import { deepFreeze } from "../hashing/deepFreeze.js";
import { evolve, replay } from "./evolve.js";
import { type HazardState, initialState } from "./hazardState.js";

const RUNS = { numRuns: 300 };

/** The events that change a record inside the state (copied on write, never written to). */
const RECORD_CHANGES = ["NoticeIssued", "EnforcementRecorded", "DeadlineExtended", "SupervisionLifted"];

describe("replay, the fast fold", () => {
  it("gives the state evolve gives, from every state reached on the way, and leaves that state as it was", () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(arbHazard(), ({ events }) => {
        for (const e of events) seen.add(e.type);
        const slow = events.reduce<HazardState>(evolve, initialState);
        expect(replay(events)).toEqual(slow);
        // From a frozen state on the way, as the command handler folds a loaded stream's tail
        // onto the state it had: the same state, and the one it started from untouched. Its
        // records are shared, frozen: a fold that wrote into one instead of replacing it throws.
        for (let cut = 0; cut <= events.length; cut++) {
          const halfway = deepFreeze(structuredClone(replay(events.slice(0, cut))));
          const before = structuredClone(halfway);
          const resumed = replay(events.slice(cut), halfway);
          expect(resumed).toEqual(slow);
          expect(halfway).toEqual(before);
          expect(resumed).not.toBe(halfway);
          expect(Object.isFrozen(resumed)).toBe(false);
        }
      }),
      RUNS,
    );
    // The generated histories did change records, so the property above covered that.
    expect(RECORD_CHANGES.filter((type) => !seen.has(type))).toEqual([]);
  });

  it("keeps the initial state's fields in its order, and shares its count records until a count changes", () => {
    fc.assert(
      fc.property(arbHazard(), ({ events }) => {
        const s = replay(events);
        expect(Object.keys(s)).toEqual(Object.keys(initialState));
        const has = (type: string) => events.some((e) => e.type === type);
        expect(s.notices === initialState.notices).toBe(!has("NoticeIssued"));
        expect(s.enforcement === initialState.enforcement).toBe(!has("EnforcementRecorded"));
        expect(initialState).toEqual(replay([]));
        expect(Object.isFrozen(initialState.notices) && Object.isFrozen(initialState.enforcement)).toBe(true);
      }),
      RUNS,
    );
  });
});
