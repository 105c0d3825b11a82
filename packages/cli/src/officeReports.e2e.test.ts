import { writeFileSync } from "node:fs";
import { decodeReport } from "@hazard-ledger/projections";
import { sampleLifecycle } from "@hazard-ledger/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { binWorkspace, isOneLine, ndjson } from "./bin.fixture.js";

// Reports ready to paste, through the real bin: each case was found wrong on the first wave's main.
const ws = binWorkspace("office-reports");
afterAll(ws.remove);
const YEAR = ["--from", "2023-01-01", "--to", "2024-01-01"];

beforeAll(() => {
  const events = [
    ...Array.from({ length: 199 }, (_, i) =>
      sampleLifecycle(`HZ-R-${String(i).padStart(3, "0")}`, "closed", {
        day: `2023-0${1 + (i % 9)}-10`,
      }),
    ).flat(),
    ...sampleLifecycle("HZ-R-OPEN", "rectifying", { day: "2023-06-01" }),
  ];
  writeFileSync(ws.path("rate.ndjson"), ndjson(events));
  const imported = ws.cli(["import", "rate.ndjson", "--store", "rate", "--quiet"]);
  expect(imported.code, imported.stderr).toBe(0);
});

describe("report text ready to paste (the real bin)", () => {
  it("never prints 整改率100% for 199 of 200 rectified, even at --decimals 0", () => {
    const r = ws.cli(["report", "--store", "rate", ...YEAR, "--decimals", "0"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("已整改199处，整改率99.5%");
    expect(r.stdout).not.toContain("100%");
    const json = decodeReport(ws.cli(["report", "--store", "rate", ...YEAR, "--format", "json"]).stdout);
    expect(json).toMatchObject({ _tag: "Right", right: { totals: { rectified: 199, reopened: 0 } } });
  });

  it("states the as-of as the seeds do, one way in report, overdue and status", () => {
    const report = ws.cli(["report", "--store", "rate", ...YEAR]);
    expect(report.stdout).toContain("2023年1月1日至2023年12月31日排查的隐患，截至2023年12月31日：");
    const overdue = ws.cli(["overdue", "--store", "rate", "--as-of", "2024-01-01T00:00:00+08:00"]);
    expect(overdue.stdout.split("\n")[0]).toBe("截至2023年12月31日，超期隐患1处（超期未整改1处）：");
    const status = ws.cli(["status", "HZ-R-OPEN", "--store", "rate", "--as-of", "2024-01-01T00:00:00+08:00"]);
    expect(status.stdout).toContain("截至：2023年12月31日\n");
  });

  it("overdue --kind counts only that kind", () => {
    const asOf = ["--as-of", "2024-01-01T00:00:00+08:00"];
    const sup = ws.cli(["overdue", "--store", "rate", ...asOf, "--kind", "supervision"]);
    expect(sup.stdout).toBe("截至2023年12月31日，超期督办隐患0处。\n");
    const rect = ws.cli(["overdue", "--store", "rate", ...asOf, "--kind", "rectification", "--lang", "en"]);
    expect(rect.stdout.split("\n")[0]).toBe(
      "As of the end of 31 Dec 2023, 1 hazard past the rectification deadline:",
    );
  });

  it("states hazards reopened (反弹) and leaves out clauses that would say zero", () => {
    writeFileSync(
      ws.path("reopen.ndjson"),
      ndjson([...sampleLifecycle("HZ-B-1", "reopened"), ...sampleLifecycle("HZ-B-2", "closed")]),
    );
    expect(ws.cli(["import", "reopen.ndjson", "--store", "reopen", "--quiet"]).code).toBe(0);
    const text = ws.cli(["report", "--store", "reopen", ...YEAR]).stdout;
    expect(text).toContain("累计排查隐患2处，其中一般隐患2处；已整改1处，整改率50.00%，已销号1处，反弹1处；");
    expect(text).not.toMatch(/(待验收|长期管控|挂牌督办|超期督办)0处/);
    const json = decodeReport(ws.cli(["report", "--store", "reopen", ...YEAR, "--format", "json"]).stdout);
    expect(json).toMatchObject({ _tag: "Right", right: { totals: { reopened: 1 } } });
    expect(ws.cli(["report", "--store", "reopen", ...YEAR, "--lang", "en"]).stdout).toContain(
      "2 hazards discovered, of which 2 general; 1 rectified",
    );
  });

  it("prints --by as a table", () => {
    const r = ws.cli(["report", "--store", "rate", ...YEAR, "--by", "level"]);
    expect(r.stdout).toMatch(/\n等级 +排查隐患 +已整改 +整改率/);
    expect(r.stdout).toMatch(/\n一般隐患 +200 +199 +99\.50%/);
    expect(r.stdout).toMatch(/\n合计 +200 +199 +99\.50%/);
  });

  it("prints money in 万元 and enforcement in actions, never 家 (the demo printed 责令停产整顿17家)", () => {
    const demo = ws.cli(["demo", "--store", "demo", "--quiet"]);
    expect(demo.code, demo.stderr).toBe(0);
    expect(demo.stdout).toMatch(/罚款\d+次共\d+(\.\d{1,2})?万元/);
    expect(demo.stdout).toMatch(/责令停产整顿\d+次/);
    expect(demo.stdout).not.toMatch(/\d家|\d元/);
  });

  it("refuses an empty period (from = to) with exit 2 and one line", () => {
    const r = ws.cli(["report", "--store", "rate", "--from", "2023-05-01", "--to", "2023-05-01"]);
    expect(r.code).toBe(2);
    expect(isOneLine(r.stderr)).toBe(true);
    expect(r.stderr).toMatch(/^hazard-ledger: period: .*empty period/);
  });
});
