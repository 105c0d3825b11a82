import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arbHazard, arbLedger } from "./ledger.js";

describe("arbHazard and arbLedger", () => {
  it("a hazard is one reported stream whose state is the fold of its events", () => {
    fc.assert(
      fc.property(arbHazard(), (h) => {
        expect(h.events[0]).toMatchObject({ type: "HazardReported", hazardId: h.hazardId });
        expect(h.events.every((e) => e.hazardId === h.hazardId)).toBe(true);
        expect(h.state.seq).toBe(h.events.length - 1);
      }),
      { numRuns: 100 },
    );
  });

  it("a ledger spreads over many hazards", () => {
    const ledgers = fc.sample(arbLedger(), { numRuns: 20, seed: 14 });
    const hazards = ledgers.map((l) => l.states.size);
    expect(Math.max(...hazards)).toBeGreaterThanOrEqual(10);
    expect(ledgers.every((l) => l.states.size <= 12)).toBe(true);
  });
});
