import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arbHazard } from "@hazard-ledger/testing";
import { deepFreeze } from "../hashing/deepFreeze.js";
import { evolve, replay } from "./evolve.js";
import { type HazardState, initialState } from "./hazardState.js";

const RUNS = { numRuns: 300 };

/** Every object reachable from a state, to check that two states share none. */
const objectsOf = (s: HazardState): object[] =>
  Object.values(s).filter((v): v is object => typeof v === "object" && v !== null);

describe("replay, the fast fold", () => {
  it("gives the state evolve gives, from any state reached on the way, and leaves that state as it was", () => {
    fc.assert(
      fc.property(arbHazard(), fc.double({ min: 0, max: 1, noNaN: true }), ({ events }, cutAt) => {
        const cut = Math.floor(cutAt * events.length);
        const slow = events.reduce<HazardState>(evolve, initialState);
        expect(replay(events)).toEqual(slow);
        // From a frozen state halfway, as the command handler folds a loaded stream's tail
        // onto the state it had: the same state, and the one it started from untouched.
        const halfway = deepFreeze(structuredClone(replay(events.slice(0, cut))));
        const before = structuredClone(halfway);
        const resumed = replay(events.slice(cut), halfway);
        expect(resumed).toEqual(slow);
        expect(halfway).toEqual(before);
        const shared = new Set(objectsOf(halfway));
        expect(objectsOf(resumed).filter((o) => shared.has(o))).toEqual([]);
      }),
      RUNS,
    );
  });
});
