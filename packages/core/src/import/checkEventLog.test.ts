import { describe, expect, it } from "vitest";
import { getInMemoryEventStore } from "../store/inMemoryEventStore.js";
import { event } from "../decider/givenWhenThen.fixture.js";
import { checkEventLog } from "./checkEventLog.js";

const NOW = "2024-01-01T00:00:00Z";
const line = (e: unknown) => JSON.stringify(e);

describe("checkEventLog", () => {
  const lines = [
    line(event("HazardReported", {}, { hazardId: "HZ-1" })),
    "{broken",
    line(event("ProgressReported", { note: "ok" }, { hazardId: "HZ-1" })),
    line(event("ProgressReported", { note: "no such hazard" }, { hazardId: "HZ-2" })),
    line(event("HazardReported", {}, { hazardId: "HZ-3" })),
  ];

  it("lists every refused line in file order and stores nothing", async () => {
    const store = getInMemoryEventStore();
    const check = await checkEventLog(store, lines, { now: NOW, limit: 10 });
    expect(check.errors.map((e) => e.line)).toEqual([2, 4]);
    expect(check.errors[1]?.message).toMatch(/^HZ-2 seq 0: HAZARD_NOT_FOUND: /);
    expect(check).toMatchObject({ lines: 5, truncated: false });
    expect(await store.readStream("HZ-1")).toEqual([]);
  });

  it("stops after the limit and says so", async () => {
    const check = await checkEventLog(getInMemoryEventStore(), lines, { now: NOW, limit: 1 });
    expect(check).toMatchObject({ lines: null, truncated: true, errors: [{ line: 2 }] });
  });
});
