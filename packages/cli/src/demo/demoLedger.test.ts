import { describe, expect, it } from "vitest";
import { buildDemoLedger } from "./demoLedger.js";

describe("buildDemoLedger", () => {
  it("is deterministic: the same seed gives the same events", () => {
    expect(buildDemoLedger({ hazards: 30, seed: 5 })).toEqual(buildDemoLedger({ hazards: 30, seed: 5 }));
  });

  it("numbers its hazards from firstHazard, so blocks of a large ledger never share an id", () => {
    const ids = (first: number) =>
      new Set(buildDemoLedger({ hazards: 20, seed: 9, firstHazard: first }).map((e) => e.hazardId));
    const block1 = ids(1);
    const block2 = ids(21);
    expect([...block1].every((id) => !block2.has(id))).toBe(true);
    expect(block2.has("HZ-2023-000021")).toBe(true);
    expect([...block2].every((id) => Number(id.slice(-6)) >= 21 && Number(id.slice(-6)) <= 40)).toBe(true);
  });

  it("keeps the default ledger as it was (hazards numbered from 1)", () => {
    expect(buildDemoLedger()).toEqual(buildDemoLedger({ firstHazard: 1 }));
    const ids = new Set(buildDemoLedger().map((e) => e.hazardId));
    expect(ids.has("HZ-2023-000001")).toBe(true);
    expect(ids.has("HZ-2023-000240")).toBe(true);
  });
});
