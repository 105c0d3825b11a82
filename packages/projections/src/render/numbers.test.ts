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

  it("agrees with the ratio to within half a unit of the asked place", () => {
    fc.assert(
      fc.property(fc.nat(1_000_000), fc.integer({ min: 1, max: 1_000_000 }), fc.nat(6), (a0, b, d) => {
        const a = Math.min(a0, b);
        const text = formatPercent(a, b, d) ?? "";
        expect(text).toMatch(d === 0 ? /^\d+(\.\d+)?$/ : new RegExp(`^\\d+\\.\\d{${d},}$`));
        expect(Math.abs(Number(text) - (a / b) * 100)).toBeLessThanOrEqual(0.5 * 10 ** -d + 1e-9);
        if (a < b) expect(Number(text)).toBeLessThan(100);
        if (a > 0) expect(Number(text)).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it("never prints 100% while a hazard is unrectified (199/200 at 0 decimals printed 整改率100%)", () => {
    expect(formatPercent(199, 200, 0)).toBe("99.5");
    expect(formatPercent(1999, 2000, 1)).toBe("99.95");
    expect(formatPercent(19999, 20000, 2)).toBe("99.995");
    expect(formatPercent(200, 200, 0)).toBe("100");
  });

  it("never prints 0% once a hazard is rectified (1/300 at 0 decimals printed 0%)", () => {
    expect(formatPercent(1, 300, 0)).toBe("0.3");
    expect(formatPercent(1, 300_000, 2)).toBe("0.0003");
    expect(formatPercent(0, 300, 0)).toBe("0");
  });
});

describe("formatFen", () => {
  it("prints money in 万元 with at most two decimals, one way everywhere (6357926.71元 was printed beside 14.3万元)", () => {
    expect(formatFen(10_180_000, "zh")).toBe("10.18万元");
    expect(formatFen(1_000_000, "zh")).toBe("1万元");
    expect(formatFen(1_100_000, "zh")).toBe("1.1万元");
    expect(formatFen(635_792_671, "zh")).toBe("635.79万元");
    expect(formatFen(1_234_567, "zh")).toBe("1.23万元");
    expect(formatFen(1_235_000, "zh")).toBe("1.24万元");
    expect(formatFen(50_000, "zh")).toBe("0.05万元");
    expect(formatFen(0, "zh")).toBe("0万元");
  });

  it("never prints a fine that is not nothing as 0万元", () => {
    expect(formatFen(4_999, "zh")).toBe("不足0.01万元");
    expect(formatFen(5_000, "zh")).toBe("0.01万元");
  });

  it("prints exact yuan in English", () => {
    expect(formatFen(10_180_050, "en")).toBe("101,800.50 yuan");
  });
});
