import { isRight } from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { HistoryBuilder } from "../ledger/historyBuilder.fixture.js";
import { buildReportSync } from "./report.js";
import { Report } from "./reportCodec.js";

const ok = <A>(e: { _tag: "Left"; left: { message: string } } | { _tag: "Right"; right: A }): A => {
  if (e._tag === "Left") throw new Error(e.left.message);
  return e.right;
};

describe("buildReportSync", () => {
  it("counts each status of the cohort once and keeps the contract's shape", () => {
    const b = new HistoryBuilder();
    b.hazard("A", "2023-03-01T09:00:00+08:00").assign("2023-03-01T10:00:00+08:00", "2023-03-10");
    b.hazard("B", "2023-03-02T09:00:00+08:00", { level: "major" })
      .assign("2023-03-02T10:00:00+08:00", "2023-03-20")
      .list("2023-03-03T10:00:00+08:00", "city", "2023-04-30")
      .complete("2023-03-15T10:00:00+08:00")
      .accept("2023-03-16T10:00:00+08:00")
      .lift("2023-03-17T10:00:00+08:00")
      .close("2023-03-18T10:00:00+08:00");
    b.hazard("C", "2023-03-03T09:00:00+08:00").complete("2023-03-03T11:00:00+08:00");
    b.hazard("D", "2023-03-04T09:00:00+08:00").void("2023-03-04T10:00:00+08:00");
    b.hazard("E", "2023-03-05T09:00:00+08:00").control("2023-03-05T10:00:00+08:00", true);
    b.hazard("F", "2024-01-05T09:00:00+08:00");
    const report = ok(buildReportSync(b.events, { period: { from: "2023-01-01", to: "2024-01-01" } }));
    expect(isRight(Report.decode(report))).toBe(true);
    expect(report.asOf).toBe("2024-01-01T00:00:00.000+08:00");
    const t = report.totals;
    expect(t.discovered).toBe(5);
    expect(t.voided).toBe(1);
    expect(t.byLevel).toEqual({ general: 3, major: 1 });
    expect(t.rectified).toBe(1);
    expect(t.closed).toBe(1);
    expect(t.pendingAcceptance).toBe(1);
    expect(t.open).toBe(2);
    expect(t.longTermControl).toBe(1);
    expect(t.rectificationRate).toEqual({ numerator: 1, denominator: 4, rate: 0.25 });
    expect(t.supervision).toEqual({
      listed: 1,
      lifted: 1,
      active: 0,
      byAuthorityLevel: { province: 0, city: 1, county: 0, township: 0 },
    });
    expect(t.overdue).toEqual({ rectification: 1, supervision: 0, rectifiedLate: 0 });
    expect(Object.keys(report)).toEqual(["asOf", "knownAt", "timezone", "period", "totals"]);
  });
});
