import { describe, expect, it } from "vitest";
import { figure, median, percentile } from "./stats.js";

describe("figures", () => {
  it("takes the median of odd and even counts", () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it("takes percentiles by nearest rank", () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(xs, 50)).toBe(50);
    expect(percentile(xs, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
  });

  it("says whether the median meets its target, with min and max beside it", () => {
    const f = figure("import", "events/s", [10, 30, 20], { target: "≥ 15", met: (m) => m >= 15 });
    expect(f).toMatchObject({ median: 20, min: 10, max: 30, met: true });
  });
});
