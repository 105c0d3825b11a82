import { describe, expect, it } from "vitest";
import { hazardStatusSync } from "../status/status.js";
import { overdueListSync, rectifiedLateListSync } from "../overdue/overdue.js";
import { buildReportSync } from "../report/report.js";
import { HistoryBuilder } from "./historyBuilder.fixture.js";

/*
 * Deadlines are calendar dates in the ledger's zone (domain.md, Time): deadline 2023-12-31 in
 * Asia/Shanghai is on time until 2023-12-31T23:59:59.999+08:00 and overdue from
 * 2024-01-01T00:00:00+08:00, which is still 31 December in UTC.
 */

const right = <A>(e: { _tag: "Left"; left: { message: string } } | { _tag: "Right"; right: A }): A => {
  if (e._tag === "Left") throw new Error(e.left.message);
  return e.right;
};

const rectifying = (deadline: string) => {
  const b = new HistoryBuilder();
  b.hazard("HZ-1", "2023-12-01T09:00:00+08:00").assign("2023-12-01T10:00:00+08:00", deadline);
  return b.events;
};

describe("rectification overdue at local midnight", () => {
  const events = rectifying("2023-12-31");
  const overdueAt = (asOf: string, timeZone?: string) =>
    right(hazardStatusSync(events, "HZ-1", { asOf, ...(timeZone ? { timeZone } : {}) })).overdue
      .rectification;

  it("is on time at the last millisecond of the deadline day and overdue at the next", () => {
    expect(overdueAt("2023-12-31T23:59:59.999+08:00")).toBe(false);
    expect(overdueAt("2024-01-01T00:00:00.000+08:00")).toBe(true);
  });

  it("judges the same instants written across the UTC date line", () => {
    expect(overdueAt("2023-12-31T15:59:59.999Z")).toBe(false);
    expect(overdueAt("2023-12-31T16:00:00Z")).toBe(true);
  });

  it("counts days overdue as as-of local date minus deadline", () => {
    const status = right(hazardStatusSync(events, "HZ-1", { asOf: "2023-12-31T16:00:00Z" }));
    expect(status.daysOverdue).toEqual({ rectification: 1, supervision: null });
    const list = right(overdueListSync(events, { asOf: "2024-01-10T23:59:59.999+08:00" }));
    expect(list).toMatchObject([
      { hazardId: "HZ-1", kind: "rectification", deadline: "2023-12-31", daysOverdue: 10 },
    ]);
  });

  it("moves the boundary with a non-default time zone", () => {
    // In New York the day 2023-12-31 ends at 2024-01-01T05:00:00Z.
    expect(overdueAt("2024-01-01T04:59:59.999Z", "America/New_York")).toBe(false);
    expect(overdueAt("2024-01-01T05:00:00Z", "America/New_York")).toBe(true);
    // Kiritimati (UTC+14) is past midnight before anyone else.
    expect(overdueAt("2023-12-31T09:59:59.999Z", "Pacific/Kiritimati")).toBe(false);
    expect(overdueAt("2023-12-31T10:00:00Z", "Pacific/Kiritimati")).toBe(true);
  });

  it("rejects an unknown time zone with the option's name", () => {
    const result = hazardStatusSync(events, "HZ-1", {
      asOf: "2024-01-01T00:00:00Z",
      timeZone: "Mars/Olympus",
    });
    expect(result).toMatchObject({ _tag: "Left", left: { code: "INVALID_OPTION" } });
    expect(result._tag === "Left" && result.left.message).toMatch(/^timeZone: .*Mars\/Olympus/);
  });
});

describe("supervision overdue at local midnight", () => {
  const b = new HistoryBuilder();
  b.hazard("HZ-1", "2023-11-01T09:00:00+08:00", { level: "major" })
    .assign("2023-11-01T10:00:00+08:00", "2024-03-01")
    .list("2023-11-02T10:00:00+08:00", "city", "2023-12-31");
  it("is overdue from the first instant after the supervision deadline day", () => {
    const at = (asOf: string) => right(overdueListSync(b.events, { asOf, kinds: ["supervision"] }));
    expect(at("2023-12-31T23:59:59.999+08:00")).toEqual([]);
    expect(at("2024-01-01T00:00:00+08:00")).toMatchObject([
      { hazardId: "HZ-1", kind: "supervision", daysOverdue: 1, authorityLevel: "city" },
    ]);
  });
});

describe("rectified late at local midnight", () => {
  const lateAt = (completedAt: string, timeZone?: string) => {
    const b = new HistoryBuilder();
    b.hazard("HZ-1", "2023-12-01T09:00:00+08:00")
      .assign("2023-12-01T10:00:00+08:00", "2023-12-31")
      .complete(completedAt)
      .accept("2024-01-02T10:00:00+08:00");
    return right(
      rectifiedLateListSync(b.events, { asOf: "2024-02-01T00:00:00Z", ...(timeZone ? { timeZone } : {}) }),
    );
  };
  it("is on time when completed on the deadline day and late from the next local day", () => {
    expect(lateAt("2023-12-31T23:59:59.999+08:00")).toEqual([]);
    expect(lateAt("2023-12-31T16:00:00Z")).toMatchObject([
      { deadline: "2023-12-31", completedOn: "2024-01-01", daysLate: 1 },
    ]);
    expect(lateAt("2023-12-31T16:00:00Z", "Europe/London")).toEqual([]);
  });

  it("judges an immediate fix against its discovery day", () => {
    const fix = (completedAt: string) => {
      const b = new HistoryBuilder();
      b.hazard("HZ-1", "2023-12-31T08:00:00Z").complete(completedAt);
      return right(buildReportSync(b.events, { asOf: "2024-02-01T00:00:00Z" })).totals.overdue.rectifiedLate;
    };
    // Discovered on 2023-12-31 local (16:00+08:00); the day ends at 2023-12-31T16:00:00Z.
    expect(fix("2023-12-31T15:59:59.999Z")).toBe(0);
    expect(fix("2023-12-31T16:00:00Z")).toBe(1);
  });
});

describe("the period's cohort at local midnight", () => {
  const b = new HistoryBuilder();
  b.hazard("LAST", "2023-12-31T23:59:59.999+08:00");
  b.hazard("FIRST", "2024-01-01T00:00:00+08:00");
  b.hazard("UTC", "2023-12-31T16:30:00Z");
  const cohort = (from: string, to: string, timeZone?: string) =>
    right(
      buildReportSync(b.events, {
        period: { from, to },
        asOf: "2024-06-01T00:00:00Z",
        by: "unit",
        ...(timeZone ? { timeZone } : {}),
      }),
    ).totals.discovered;

  it("takes discovery days in the ledger's zone", () => {
    expect(cohort("2023-01-01", "2024-01-01")).toBe(1);
    expect(cohort("2024-01-01", "2025-01-01")).toBe(2);
    expect(cohort("2023-01-01", "2024-01-01", "America/New_York")).toBe(3);
  });

  it("ends a period with an as-of at the first instant of local day `to`", () => {
    const report = right(buildReportSync(b.events, { period: { from: "2023-01-01", to: "2024-01-01" } }));
    expect(report.asOf).toBe("2024-01-01T00:00:00.000+08:00");
    const ny = right(
      buildReportSync(b.events, {
        period: { from: "2023-01-01", to: "2024-01-01" },
        timeZone: "America/New_York",
      }),
    );
    expect(ny.asOf).toBe("2024-01-01T00:00:00.000-05:00");
    expect(ny.timezone).toBe("America/New_York");
  });
});

describe("a rejected immediate fix", () => {
  it("is rectifying against its discovery day", () => {
    const b = new HistoryBuilder();
    b.hazard("HZ-1", "2023-12-31T09:00:00+08:00")
      .complete("2023-12-31T10:00:00+08:00")
      .reject("2023-12-31T11:00:00+08:00");
    const at = (asOf: string) => right(hazardStatusSync(b.events, "HZ-1", { asOf }));
    expect(at("2023-12-31T23:59:59.999+08:00")).toMatchObject({
      status: "rectifying",
      deadline: "2023-12-31",
      overdue: { rectification: false },
    });
    expect(at("2024-01-02T00:00:00+08:00")).toMatchObject({
      deadline: "2023-12-31",
      overdue: { rectification: true },
      daysOverdue: { rectification: 2 },
    });
    expect(right(overdueListSync(b.events, { asOf: "2024-01-02T00:00:00+08:00" }))).toMatchObject([
      { hazardId: "HZ-1", kind: "rectification", deadline: "2023-12-31", daysOverdue: 2 },
    ]);
  });
});
