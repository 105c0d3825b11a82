import { describe, expect, it } from "vitest";
import { buildCohorts } from "../report/cohorts.fixture.js";
import { buildReportSync } from "../report/report.js";
import { decodeReport } from "../report/reportCodec.js";
import { overdueListSync } from "../overdue/overdue.js";
import { renderOverdue } from "./renderOverdue.js";
import { renderReport } from "./renderReport.js";

const right = <A>(e: { _tag: "Left"; left: { message: string } } | { _tag: "Right"; right: A }): A => {
  if (e._tag === "Left") throw new Error(e.left.message);
  return e.right;
};

describe("renderReport", () => {
  const ledger = buildCohorts(
    [
      { count: 3, outcome: "closed", sector: "fire", level: "major", listedBy: "city" },
      { count: 1, outcome: "rectifying", sector: "fire", level: "major", listedBy: "province" },
      { count: 2, outcome: "voided", sector: "gas" },
      { count: 1, outcome: "pending_acceptance", sector: "gas" },
    ],
    { firstDay: "2023-12-01", days: 10 },
  );
  const h = ledger.hazard("N-1", "2023-06-01T10:00:00+08:00", { sector: "gas" });
  h.notice("2023-06-02T10:00:00+08:00", "interview").fine("2023-06-03T10:00:00+08:00", 10_180_000);
  const report = right(
    buildReportSync(ledger.events, {
      period: { from: "2023-01-01", to: "2024-01-01" },
      knownAt: "2024-01-15T00:00:00+08:00",
      by: "sector",
    }),
  );

  it("writes Chinese in the register of the work reports", () => {
    const text = renderReport(report);
    expect(text).toContain(
      "隐患排查治理统计：2023年1月1日至2023年12月31日排查的隐患，截至2023年12月31日，以2024年1月14日台账记载为准：",
    );
    expect(text).toContain("累计排查隐患8处，其中重大隐患4处、一般隐患2处（另有误报、重复等作废2处）；");
    expect(text).toContain("已整改3处，整改率50.00%，已销号3处；");
    expect(text).toContain("挂牌督办4处（省级1处、市级3处），已摘牌3处，仍在督办1处；");
    expect(text).toContain("发出约谈1次；罚款1次共10.18万元。");
  });

  it("writes English with the same figures", () => {
    const text = renderReport(report, { lang: "en", decimals: 1 });
    expect(text).toContain("8 hazards discovered, of which 4 major and 2 general (and 2 voided");
    expect(text).toContain("3 rectified, a rectification rate of 50.0% (3 of 6), 3 closed");
    expect(text).toContain("4 listed for supervision (province 1, city 3), 3 delisted, 1 still listed");
    expect(text).toContain("1 summons interview; 1 fine totalling 101,800 yuan.");
  });

  it("prints the groups of --by as a table, with a total row (each group was a long sentence)", () => {
    const lines = renderReport(report).split("\n");
    const header = lines.findIndex((l) => l.startsWith("行业领域"));
    expect(header).toBeGreaterThan(0);
    expect(lines[header]).toMatch(/^行业领域 +排查隐患 +重大隐患 +已整改 +整改率/);
    expect(lines[header + 1]).toMatch(/^-+( +-+)+$/);
    expect(lines[header + 2]).toMatch(/^消防 +4 +4 +3 +75\.00%/);
    expect(lines[header + 3]).toMatch(/^城镇燃气 +4 +0 +0 +0\.00%/);
    expect(lines[header + 4]).toMatch(/^合计 +8 +4 +3 +50\.00%/);
    expect(renderReport(report, { lang: "en" })).toMatch(/\nsector +discovered +major +rectified/);
  });

  it("leaves out the clauses that would say zero (其中待验收0处, 长期管控0处, 超期督办0处 were printed)", () => {
    const small = buildCohorts([{ count: 2, outcome: "rectifying", sector: "fire" }], {
      firstDay: "2023-12-01",
      days: 10,
    });
    const text = renderReport(
      right(buildReportSync(small.events, { period: { from: "2023-01-01", to: "2024-01-01" } })),
    );
    expect(text).toContain("累计排查隐患2处，其中一般隐患2处；已整改0处，整改率0.00%；未完成整改2处。");
    expect(text).not.toMatch(/(待验收|长期管控|已销号|挂牌督办|超期督办|超期未整改|超期已整改)0处/);
    const en = renderReport(
      right(buildReportSync(small.events, { period: { from: "2023-01-01", to: "2024-01-01" } })),
      {
        lang: "en",
      },
    );
    expect(en).toContain(
      "2 hazards discovered, of which 2 general; 0 rectified, a rectification rate of 0.00% (0 of 2); 2 not yet rectified.",
    );
  });

  it("states the as-of as the seeds do: 截至2023年12月31日, a time of day only when it has one", () => {
    const r = right(
      buildReportSync(ledger.events, {
        period: { from: "2023-01-01", to: "2024-01-01" },
        asOf: "2024-01-15T10:30:00+08:00",
      }),
    );
    expect(renderReport(r)).toContain("排查的隐患，截至2024年1月15日10时30分：");
    expect(renderReport(r, { lang: "en" })).toContain("as of 15 Jan 2024 10:30:");
    expect(renderReport(report, { lang: "en" })).toContain(
      "as of the end of 31 Dec 2023, as recorded by the end of 14 Jan 2024:",
    );
  });

  it("counts suspensions in actions, never as 家 (8 suspensions of one unit printed 责令停产整顿8家)", () => {
    const one = buildCohorts([], {});
    const h = one.hazard("S-1", "2023-06-01T10:00:00+08:00", { unit: "某某机械厂" });
    for (let i = 0; i < 8; i += 1) h.enforce(`2023-06-0${2 + (i % 7)}T1${i}:00:00+08:00`, "suspension_order");
    const text = renderReport(
      right(buildReportSync(one.events, { period: { from: "2023-01-01", to: "2024-01-01" } })),
    );
    expect(text).toContain("责令停产整顿8次");
    expect(text).not.toContain("家");
  });

  it("states the hazards reopened (反弹) in totals and text", () => {
    const b = buildCohorts([{ count: 1, outcome: "closed" }], { firstDay: "2023-03-01", days: 5 });
    b.hazard("R-1", "2023-03-01T09:00:00+08:00")
      .assign("2023-03-01T10:00:00+08:00", "2023-03-31")
      .complete("2023-03-05T10:00:00+08:00")
      .accept("2023-03-06T10:00:00+08:00")
      .close("2023-03-07T10:00:00+08:00")
      .reopen("2023-06-01T10:00:00+08:00", "2023-06-30");
    const r = right(buildReportSync(b.events, { period: { from: "2023-01-01", to: "2024-01-01" } }));
    expect(r.totals.reopened).toBe(1);
    expect(r.totals.rectified).toBe(1);
    expect(renderReport(r)).toContain("已整改1处，整改率50.00%，已销号1处，反弹1处；");
    expect(renderReport(r, { lang: "en" })).toContain("1 closed, 1 reopened;");
  });

  it("writes English singulars (1 hazards discovered was printed)", () => {
    const one = buildCohorts(
      [
        { count: 1, outcome: "voided" },
        { count: 1, outcome: "closed" },
      ],
      {
        firstDay: "2023-03-01",
        days: 5,
      },
    );
    const r = right(buildReportSync(one.events, { period: { from: "2023-01-01", to: "2024-01-01" } }));
    const text = renderReport(r, { lang: "en" });
    expect(text).toContain(
      "2 hazards discovered, of which 1 general (and 1 voided as a false or duplicate report)",
    );
    const single = buildCohorts([{ count: 1, outcome: "rectifying" }], { firstDay: "2023-03-01", days: 5 });
    expect(
      renderReport(
        right(buildReportSync(single.events, { period: { from: "2023-01-01", to: "2024-01-01" } })),
        {
          lang: "en",
        },
      ),
    ).toContain("1 hazard discovered");
  });

  it("never rounds a JSON rate to 1 while a hazard is unrectified", () => {
    const many = buildCohorts(
      [
        { count: 199, outcome: "closed" },
        { count: 1, outcome: "rectifying" },
      ],
      { firstDay: "2023-03-01", days: 100 },
    );
    const r = right(
      buildReportSync(many.events, { period: { from: "2023-01-01", to: "2024-01-01" }, rateDecimals: 2 }),
    );
    expect(r.totals.rectificationRate).toEqual({ numerator: 199, denominator: 200, rate: 0.99 });
    expect(renderReport(r, { decimals: 0 })).toContain("整改率99.5%");
  });

  it("prints the contract's JSON, which decodes back to the same report", () => {
    const json = renderReport(report, { format: "json" });
    expect(decodeReport(json)).toEqual({ _tag: "Right", right: report });
    expect(Object.keys((JSON.parse(json) as { totals: object }).totals)).toEqual([
      "discovered",
      "voided",
      "byLevel",
      "rectified",
      "rectificationRate",
      "pendingAcceptance",
      "closed",
      "longTermControl",
      "open",
      "reopened",
      "supervision",
      "overdue",
      "notices",
      "enforcement",
    ]);
    expect(decodeReport("{}")).toMatchObject({ _tag: "Left" });
  });

  it("lists overdue hazards most overdue first", () => {
    const items = right(overdueListSync(ledger.events, { asOf: "2024-03-01T00:00:00+08:00" }));
    expect(items.map((i) => i.kind)).toEqual(["rectification", "supervision"]);
    expect(JSON.parse(renderOverdue(items, { format: "json" }))).toEqual(items);
  });

  it("states the overdue list's as-of and counts hazards, not lines (one hazard overdue twice was 超期隐患2项)", () => {
    const asOf = "2024-03-01T00:00:00+08:00";
    const items = right(overdueListSync(ledger.events, { asOf }));
    expect(new Set(items.map((i) => i.hazardId)).size).toBe(1);
    expect(renderOverdue(items, { asOf }).split("\n")[0]).toBe(
      "截至2024年2月29日，超期隐患1处（超期未整改1处，超期督办1处）：",
    );
    expect(renderOverdue(items, { asOf, lang: "en" }).split("\n")[0]).toBe(
      "As of the end of 29 Feb 2024, 1 hazard overdue (1 past the rectification deadline, 1 past the supervision deadline):",
    );
    expect(renderOverdue([], { asOf })).toBe("截至2024年2月29日，超期隐患0处。\n");
  });

  it("names only the kind asked for (--kind rectification printed 超期督办0处)", () => {
    const asOf = "2024-03-01T00:00:00+08:00";
    const items = right(overdueListSync(ledger.events, { asOf, kinds: ["rectification"] }));
    const text = renderOverdue(items, { asOf, kinds: ["rectification"] });
    expect(text.split("\n")[0]).toBe("截至2024年2月29日，超期未整改隐患1处：");
    expect(text).not.toContain("超期督办");
  });
});
