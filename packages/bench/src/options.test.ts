import { describe, expect, it } from "vitest";
import { BenchUsageError, parseBenchOptions } from "./options.js";

describe("parseBenchOptions", () => {
  it("measures 100k, 1M and 10M events, 5 runs and Emmett at 120k by default", () => {
    const o = parseBenchOptions([]);
    expect(o.sizes).toEqual([100_000, 1_000_000, 10_000_000]);
    expect(o.runs).toBe(5);
    expect(o.emmettEvents).toBe(120_000);
  });

  it("reads sizes with k and m suffixes, smallest first", () => {
    expect(parseBenchOptions(["--sizes", "1m,250k"]).sizes).toEqual([250_000, 1_000_000]);
  });

  it("runs big sizes (5M and more unless --big-from says otherwise) fewer times", () => {
    expect(parseBenchOptions([])).toMatchObject({ bigFrom: 5_000_000, bigRuns: 1 });
    expect(parseBenchOptions(["--big-from", "1m", "--big-runs", "2"])).toMatchObject({
      bigFrom: 1_000_000,
      bigRuns: 2,
    });
  });

  it("keeps generated logs in a directory only when asked", () => {
    expect(parseBenchOptions([]).logs).toBeUndefined();
    expect(parseBenchOptions(["--logs", "/var/tmp/logs"]).logs).toBe("/var/tmp/logs");
  });

  it("has a quick size for trying", () => {
    const o = parseBenchOptions(["--quick"]);
    expect(o.sizes).toEqual([20_000]);
    expect(o.emmettEvents).toBe(20_000);
  });

  it("refuses an unknown flag, a bad count and fewer than one run", () => {
    expect(() => parseBenchOptions(["--fast"])).toThrow(BenchUsageError);
    expect(() => parseBenchOptions(["--sizes", "lots"])).toThrow(/--sizes: lots is not a count/);
    expect(() => parseBenchOptions(["--runs", "0"])).toThrow(BenchUsageError);
    expect(() => parseBenchOptions(["--runs"])).toThrow(/needs a value/);
  });
});
