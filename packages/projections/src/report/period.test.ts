import { describe, expect, it } from "vitest";
import { decodePeriod, parsePeriodPreset, periodOf, statutoryDueDate } from "./period.js";

describe("period presets", () => {
  it("spans a month, a quarter and a year as [from, to)", () => {
    expect(periodOf({ kind: "month", year: 2024, month: 2 })).toEqual({
      _tag: "Right",
      right: { from: "2024-02-01", to: "2024-03-01" },
    });
    expect(periodOf({ kind: "quarter", year: 2023, quarter: 4 })).toEqual({
      _tag: "Right",
      right: { from: "2023-10-01", to: "2024-01-01" },
    });
    expect(periodOf({ kind: "year", year: 2023 })).toEqual({
      _tag: "Right",
      right: { from: "2023-01-01", to: "2024-01-01" },
    });
  });

  it("falls due on the 15th after a quarter and on 31 January after a year", () => {
    expect(statutoryDueDate({ kind: "quarter", year: 2023, quarter: 1 })).toEqual({
      _tag: "Right",
      right: "2023-04-15",
    });
    expect(statutoryDueDate({ kind: "quarter", year: 2023, quarter: 4 })).toEqual({
      _tag: "Right",
      right: "2024-01-15",
    });
    expect(statutoryDueDate({ kind: "year", year: 2023 })).toEqual({ _tag: "Right", right: "2024-01-31" });
    expect(statutoryDueDate({ kind: "month", year: 2023, month: 5 })).toEqual({ _tag: "Right", right: null });
  });

  it("reads presets from text and names what is wrong", () => {
    expect(parsePeriodPreset("2023-Q4")).toEqual({
      _tag: "Right",
      right: { kind: "quarter", year: 2023, quarter: 4 },
    });
    expect(parsePeriodPreset("2023-03")).toEqual({
      _tag: "Right",
      right: { kind: "month", year: 2023, month: 3 },
    });
    expect(parsePeriodPreset("2023")).toEqual({ _tag: "Right", right: { kind: "year", year: 2023 } });
    expect(parsePeriodPreset("2023-Q5")).toMatchObject({ _tag: "Left", left: { code: "INVALID_OPTION" } });
    expect(periodOf({ kind: "quarter", year: 2023, quarter: 0 })).toMatchObject({
      _tag: "Left",
      left: { message: "period: quarter 0 is not a quarter from 1 to 4" },
    });
  });

  it("checks a period given as dates", () => {
    expect(decodePeriod({ from: "2023-02-30" })).toMatchObject({
      _tag: "Left",
      left: { message: 'period.from: "2023-02-30" is not a real calendar date' },
    });
    expect(decodePeriod({ from: "2024-01-01", to: "2023-01-01" })).toMatchObject({
      _tag: "Left",
      left: { message: "period: from 2024-01-01 is after to 2023-01-01" },
    });
    expect(decodePeriod({ to: "2024-01-01" })).toEqual({
      _tag: "Right",
      right: { from: null, to: "2024-01-01" },
    });
  });

  it("refuses an empty period (from = to printed 2023年1月1日至2022年12月31日 over nothing)", () => {
    expect(decodePeriod({ from: "2023-01-01", to: "2023-01-01" })).toMatchObject({
      _tag: "Left",
      left: { code: "INVALID_OPTION", message: expect.stringMatching(/^period: .*empty period/) as unknown },
    });
    expect(decodePeriod({ from: "2023-01-01", to: "2023-01-02" })).toMatchObject({ _tag: "Right" });
  });
});
