import { describe, expect, it } from "vitest";
import { resolveReportOptions } from "./reportOptions.js";

const messageOf = (options: Parameters<typeof resolveReportOptions>[0]) => {
  const resolved = resolveReportOptions(options);
  return resolved._tag === "Left" ? resolved.left.message : null;
};

describe("report options", () => {
  it("names the option at fault in one line", () => {
    expect(messageOf({ asOf: "2023-13-01T00:00:00Z" })).toBe(
      'asOf: "2023-13-01T00:00:00Z" is not a real instant',
    );
    expect(messageOf({ asOf: "2023-01-01" })).toMatch(/^asOf: "2023-01-01" is not an RFC 3339 timestamp/);
    expect(messageOf({ knownAt: "yesterday", asOf: "2023-01-01T00:00:00Z" })).toMatch(/^knownAt: /);
    expect(messageOf({})).toBe("asOf: required when the period has no end (pass the current instant)");
    expect(messageOf({ period: { to: "2024-01-01" }, regionLevel: "city" })).toBe(
      "regionLevel: applies only with by region",
    );
    expect(messageOf({ period: { to: "2024-01-01" }, by: "region", roster: ["430104", "43"] })).toMatch(
      /^roster\[1\]: "43" is not an administrative division code/,
    );
    expect(messageOf({ period: { to: "2024-01-01" }, roster: ["x"] })).toBe(
      "roster: needs a grouping (by unit or by region)",
    );
    expect(messageOf({ period: { to: "2024-01-01" }, rateDecimals: -1 })).toBe(
      "rateDecimals: -1 is not a whole number from 0 to 15",
    );
  });

  it("takes the period's end as the default as-of, in the ledger's zone", () => {
    const resolved = resolveReportOptions({ period: { from: "2023-01-01", to: "2024-01-01" } });
    expect(resolved._tag === "Right" && resolved.right.asOf).toBe("2024-01-01T00:00:00.000+08:00");
    expect(resolved._tag === "Right" && resolved.right.asOfMillis).toBe(Date.parse("2023-12-31T16:00:00Z"));
  });
});
