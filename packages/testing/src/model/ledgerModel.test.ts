import { type EventStore, getInMemoryEventStore } from "@hazard-ledger/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ledgerModelProperty } from "./ledgerModel.js";

describe("ledgerModelProperty", () => {
  it("the core's handler over the in-memory store keeps to the model and the invariants", async () => {
    await fc.assert(ledgerModelProperty({ open: () => getInMemoryEventStore(), hazards: 3 }), {
      numRuns: 60,
    });
  });

  it("catches a store that silently drops an append, and names the lost event", async () => {
    // A store that answers every third append as written but keeps nothing of it.
    const leaky = (): EventStore => {
      const store = getInMemoryEventStore();
      let appends = 0;
      return {
        ...store,
        appendToStream: async (hazardId, events, options) =>
          ++appends % 3 !== 0
            ? store.appendToStream(hazardId, events, options)
            : getInMemoryEventStore().appendToStream(hazardId, events, options),
        close: () => store.close(),
      };
    };
    const outcome = await fc.check(ledgerModelProperty({ open: leaky }), {
      numRuns: 50,
      seed: 14,
    });
    expect(outcome.failed).toBe(true);
    expect(String(outcome.errorInstance)).toMatch(
      /noEventLost: event \d+ of the log: stored nothing, expected HZ-T-\d+ \w+/,
    );
    // Shrunk to the three appends that lose the third.
    const [steps] = outcome.counterexample ?? [[]];
    expect([...steps]).toHaveLength(3);
  });
});
