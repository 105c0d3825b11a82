import { describe, expect, it } from "vitest";
import { buildCohorts } from "../report/cohorts.fixture.js";
import { buildReport } from "../report/report.js";
import { decodeReport } from "../report/reportCodec.js";
import { overdueList } from "../overdue/overdue.js";
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
    buildReport(ledger.events, {
      period: { from: "2023-01-01", to: "2024-01-01" },
      knownAt: "2024-01-15T00:00:00+08:00",
      by: "sector",
    }),
  );

  it("writes Chinese in the register of the work reports", () => {
    const text = renderReport(report);
    expect(text).toContain(
      "隐患排查治理统计：2023年1月1日至2023年12月31日排查的隐患，截至2024-01-01 00:00:00（Asia/Shanghai），以2024-01-15 00:00:00台账记载为准：",
    );
    expect(text).toContain("累计排查隐患8处，其中重大隐患4处、一般隐患2处（另有误报、重复等作废2处）；");
    expect(text).toContain("已整改3处，整改率50.00%，已销号3处；");
    expect(text).toContain("挂牌督办4处（省级1处、市级3处），已摘牌3处，仍在督办1处；");
    expect(text).toContain("发出约谈1次；罚款1次共10.18万元。");
    expect(text).toMatch(/\n消防：累计排查隐患4处/);
    expect(text).toMatch(/\n城镇燃气：累计排查隐患4处/);
  });

  it("writes English with the same figures", () => {
    const text = renderReport(report, { lang: "en", decimals: 1 });
    expect(text).toContain("8 hazards discovered, of which 4 major and 2 general (and 2 voided");
    expect(text).toContain("3 rectified, a rectification rate of 50.0% (3 of 6), 3 closed");
    expect(text).toContain("4 listed for supervision (province 1, city 3), 3 delisted, 1 still listed");
    expect(text).toContain("1 summons interview; 1 fine totalling 101,800 yuan.");
    expect(text).toMatch(/\nfire safety: 4 hazards discovered/);
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
      "supervision",
      "overdue",
      "notices",
      "enforcement",
    ]);
    expect(decodeReport("{}")).toMatchObject({ _tag: "Left" });
  });

  it("lists overdue hazards most overdue first", () => {
    const items = right(overdueList(ledger.events, { asOf: "2024-03-01T00:00:00+08:00" }));
    expect(items.map((i) => i.kind)).toEqual(["rectification", "supervision"]);
    const text = renderOverdue(items);
    expect(text.split("\n")[0]).toBe("超期隐患2项（超期未整改1处，超期督办1处）：");
    expect(renderOverdue(items, { lang: "en" })).toMatch(/^2 overdue \(1 past the rectification deadline/);
    expect(JSON.parse(renderOverdue(items, { format: "json" }))).toEqual(items);
  });
});
