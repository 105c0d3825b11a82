import { weekdayCalendar } from "@hazard-ledger/core";
import { describe, expect, it } from "vitest";
import { HistoryBuilder } from "../ledger/historyBuilder.fixture.js";
import { overdueListSync } from "../overdue/overdue.js";
import { rankGroups } from "../report/ranking.js";
import { buildReportSync } from "../report/report.js";
import { hazardStatusSync } from "../status/status.js";
import { regionNamesFromTable } from "./regionNames.js";
import { renderOverdue } from "./renderOverdue.js";
import { renderRanking } from "./renderRanking.js";
import { renderReport } from "./renderReport.js";
import { renderStatus } from "./renderStatus.js";

const right = <A>(e: { _tag: "Left"; left: { message: string } } | { _tag: "Right"; right: A }): A => {
  if (e._tag === "Left") throw new Error(e.left.message);
  return e.right;
};

const regionNames = regionNamesFromTable("test", {
  "430100": "长沙市",
  "430111": "雨花区",
  "430111008": "洞井街道",
});

describe("region names in the text outputs", () => {
  const b = new HistoryBuilder();
  b.hazard("HZ-1", "2023-12-01T09:00:00+08:00", { region: "430111008" }).assign(
    "2023-12-01T10:00:00+08:00",
    "2023-12-29",
  );
  b.hazard("HZ-2", "2023-12-01T09:00:00+08:00", { region: "430111009" });
  const asOf = "2024-01-03T12:00:00+08:00";

  it("report groups by region: code and name; a roll-up to the county: its city and county", () => {
    const byTownship = right(buildReportSync(b.events, { asOf, by: "region" }));
    const text = renderReport(byTownship, { regionNames });
    // A row of the groups' table starts with the group's label.
    expect(text).toMatch(/\n430111008 洞井街道 +1 /);
    // Unknown to the names: the code alone, never a guess.
    expect(text).toMatch(/\n *430111009 +1 /);
    const byCounty = right(buildReportSync(b.events, { asOf, by: "region", regionLevel: "county" }));
    expect(renderReport(byCounty, { regionNames })).toMatch(/\n430111 长沙市雨花区 +2 /);
    const ranked = right(rankGroups(byCounty.groups ?? [], { by: "rate" }));
    expect(renderRanking(byCounty, ranked, "rate", { regionNames })).toContain("430111 长沙市雨花区");
  });

  it("overdue lines name the region and, with a calendar, the working days and its version", () => {
    const items = right(
      overdueListSync(b.events, { asOf, workingDays: weekdayCalendar("2023-01-01", "2024-12-31") }),
    );
    const text = renderOverdue(items, { regionNames });
    expect(text).toContain("HZ-1 超期未整改 期限2023-12-29，已超期5天（3个工作日）；一般隐患，");
    expect(text).toContain("430111008 洞井街道");
    expect(text).toContain("工作日依据：weekdays (Monday to Friday, no holidays) 2023-01-01–2024-12-31。");
    expect(renderOverdue(items, { lang: "en", regionNames })).toContain("5 days overdue (3 working days)");
  });

  it("status names the region", () => {
    const view = right(hazardStatusSync(b.events, "HZ-1", { asOf }));
    expect(renderStatus(view, { regionNames })).toContain("430111008 洞井街道");
  });
});
