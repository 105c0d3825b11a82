import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatFen, formatPercent } from "./numbers.js";

describe("formatPercent", () => {
  it("prints the seeds' rates at their decimals", () => {
    expect(formatPercent(3730, 3832, 1)).toBe("97.3");
    expect(formatPercent(3730, 3832, 2)).toBe("97.34");
    expect(formatPercent(106, 112, 2)).toBe("94.64");
    expect(formatPercent(135, 135, 0)).toBe("100");
    expect(formatPercent(0, 0, 2)).toBeNull();
  });

  it("rounds halves up, exactly", () => {
    expect(formatPercent(1, 8, 1)).toBe("12.5");
    expect(formatPercent(1, 8, 0)).toBe("13");
    expect(formatPercent(1, 3, 3)).toBe("33.333");
    expect(formatPercent(2, 3, 3)).toBe("66.667");
  });

  it("agrees with the ratio to within half a unit of the last place", () => {
    fc.assert(
      fc.property(fc.nat(1_000_000), fc.integer({ min: 1, max: 1_000_000 }), fc.nat(6), (a, b, d) => {
        const text = formatPercent(a, b, d) ?? "";
        expect(text).toMatch(d === 0 ? /^\d+$/ : new RegExp(`^\\d+\\.\\d{${d}}$`));
        expect(Math.abs(Number(text) - (a / b) * 100)).toBeLessThanOrEqual(0.5 * 10 ** -d + 1e-9);
      }),
      { numRuns: 200 },
    );
  });
});

describe("formatFen", () => {
  it("prints fines in 万元 when exact to two places, else in 元", () => {
    expect(formatFen(10_180_000, "zh")).toBe("10.18万元");
    expect(formatFen(1_000_000, "zh")).toBe("1万元");
    expect(formatFen(1_100_000, "zh")).toBe("1.1万元");
    expect(formatFen(1_234_567, "zh")).toBe("12345.67元");
    expect(formatFen(50_000, "zh")).toBe("500元");
    expect(formatFen(10_180_050, "en")).toBe("101,800.50 yuan");
  });
});
