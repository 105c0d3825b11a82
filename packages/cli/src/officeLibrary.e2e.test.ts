import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { sampleLifecycle } from "@hazard-ledger/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { binWorkspace, isOneLine, ndjson } from "./bin.fixture.js";

// What the library already had, reachable from the real bin: presets, rankings, rosters and
// 零报告, the rectified-late list, import --check and a Chinese history.
const ws = binWorkspace("office-library");
afterAll(ws.remove);
const AS_OF = ["--as-of", "2024-01-01T00:00:00+08:00"];

beforeAll(() => {
  const events = [
    ...sampleLifecycle("HZ-L-1", "closed", { day: "2023-10-10", data: { region: "430111005" } }),
    ...sampleLifecycle("HZ-L-2", "closed", { day: "2023-10-12", data: { region: "430111006" } }),
    ...sampleLifecycle("HZ-L-3", "rectifying", { day: "2023-11-02", data: { region: "430111006" } }),
    ...sampleLifecycle("HZ-L-4", "reported", { day: "2023-05-02", data: { region: "430111005" } }),
  ];
  writeFileSync(ws.path("ledger.ndjson"), ndjson(events));
  const imported = ws.cli(["import", "ledger.ndjson", "--store", "l", "--quiet"]);
  expect(imported.code, imported.stderr).toBe(0);
});

describe("the library through the real bin", () => {
  it("report --period 2023-Q4 is the quarter, with its statutory due date", () => {
    const r = ws.cli(["report", "--store", "l", "--period", "2023-Q4"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("2023年10月1日至2023年12月31日排查的隐患，截至2023年12月31日：");
    expect(r.stdout).toContain("累计排查隐患3处");
    expect(r.stdout).toContain("按规定，本期统计应于2024年1月15日前报送。");
    const year = ws.cli(["report", "--store", "l", "--period", "2023", "--lang", "en"]);
    expect(year.stdout).toContain("These statistics are due by 31 Jan 2024.");
    const month = ws.cli(["report", "--store", "l", "--period", "2023-11"]);
    expect(month.stdout).toContain("2023年11月1日至2023年11月30日");
    expect(month.stdout).not.toContain("报送");
    const both = ws.cli(["report", "--store", "l", "--period", "2023", "--from", "2023-01-01"]);
    expect(both.code).toBe(2);
    expect(isOneLine(both.stderr)).toBe(true);
  });

  it("report --rank ranks the groups (排名通报)", () => {
    const r = ws.cli(["report", "--store", "l", "--period", "2023", "--by", "region", "--rank", "rate"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split("\n")[0]).toBe("整改率排名：");
    // Regions print with their names (the administrative-division dataset).
    expect(r.stdout).toMatch(
      /\n1\. 430111005 东塘街道 整改率50\.00%（1\/2）\n1\. 430111006 雨花亭街道 整改率50\.00%（1\/2）\n$/,
    );
    const overdue = ws.cli([
      "report",
      "--store",
      "l",
      "--period",
      "2023",
      "--by",
      "region",
      "--rank",
      "overdue",
      "--format",
      "json",
    ]);
    expect(
      (JSON.parse(overdue.stdout) as { rank: number; key: string }[]).map((g) => [g.rank, g.key]),
    ).toEqual([
      [1, "430111006"],
      [2, "430111005"],
    ]);
    expect(ws.cli(["report", "--store", "l", "--rank", "rate"]).code).toBe(2);
  });

  it("report --roster lists the 零报告 (no major hazard) among who must report", () => {
    writeFileSync(ws.path("roster.txt"), "# 雨花区\n430111005\n430111099\n");
    const r = ws.cli([
      "report",
      "--store",
      "l",
      "--period",
      "2023",
      "--by",
      "region",
      "--roster",
      "roster.txt",
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\n430111099 +0 +0 +—/);
    expect(r.stdout).toContain("重大隐患排查“零”报告地区2个：430111005 东塘街道、430111099。");
    const json = JSON.parse(
      ws.cli([
        "report",
        "--store",
        "l",
        "--period",
        "2023",
        "--by",
        "region",
        "--roster",
        "roster.txt",
        "--format",
        "json",
      ]).stdout,
    ) as { zeroReports: string[] };
    expect(json.zeroReports).toEqual(["430111005", "430111099"]);
  });

  it("rectified-late lists the hazards rectified after their deadline, with its as-of", () => {
    const none = ws.cli(["rectified-late", "--store", "l", ...AS_OF]);
    expect(none.code, none.stderr).toBe(0);
    expect(none.stdout).toBe("截至2023年12月31日，超期已整改隐患0处。\n");
    const [reported, assigned] = sampleLifecycle("HZ-LATE-1", "rectifying", { day: "2023-07-01" });
    const actor = reported?.actor;
    const late = [
      reported,
      { ...assigned, data: { responsibleUnit: "某某机械厂", deadline: "2023-07-05" } },
      {
        hazardId: "HZ-LATE-1",
        type: "RectificationCompleted",
        occurredAt: "2023-07-09T10:00:00+08:00",
        actor,
        data: {},
      },
    ];
    expect(
      ws.cli(["import", "-", "--store", "late", "--quiet"], ndjson(late as Record<string, unknown>[])).code,
    ).toBe(0);
    const r = ws.cli(["rectified-late", "--store", "late", ...AS_OF]);
    expect(r.stdout).toBe(
      "截至2023年12月31日，超期已整改隐患1处：\nHZ-LATE-1 期限2023-07-05，2023-07-09整改完成，超期4天；待验收，一般隐患，工贸，430104001\n",
    );
  });

  it("import --check lists every refused line, up to --limit, and writes nothing", () => {
    const lines = readFileSync(ws.path("ledger.ndjson"), "utf8").trim().split("\n");
    const bad = [
      ...lines.slice(0, 5),
      "{oops",
      lines[5],
      JSON.stringify({ hazardId: "HZ-X", type: "Nope" }),
      ...lines.slice(6),
    ];
    writeFileSync(ws.path("bad.ndjson"), `${bad.join("\n")}\n`);
    const r = ws.cli(["import", "bad.ndjson", "--check", "--store", "fresh"]);
    expect(r.code).toBe(1);
    const errors = r.stderr.trim().split("\n");
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/^hazard-ledger: bad\.ndjson: line 6: broken JSON/);
    expect(errors[1]).toMatch(/^hazard-ledger: bad\.ndjson: line 8: .*\(2 errors; nothing written\)$/);
    expect(existsSync(ws.path("fresh"))).toBe(false);
    const limited = ws.cli(["import", "bad.ndjson", "--check", "--store", "fresh", "--limit", "1"]);
    expect(limited.stderr.trim().split("\n")).toHaveLength(1);
    expect(limited.stderr).toMatch(/line 6: .*\(stopped after 1 errors\)/);
    const good = ws.cli(["import", "ledger.ndjson", "--check", "--store", "fresh"]);
    expect(good.code, good.stderr).toBe(0);
    expect(good.stdout).toBe(`ledger.ndjson: ${lines.length} lines checked, no error; nothing written\n`);
    expect(existsSync(ws.path("fresh"))).toBe(false);
  });

  it("history --lang zh: the status after each event, every field, money in 元", () => {
    const funded = {
      hazardId: "HZ-L-9",
      type: "RectificationAssigned",
      occurredAt: "2023-06-02T10:00:00+08:00",
      actor: { id: "u-1001", role: "inspector", org: "区应急管理局", level: "county" },
      data: { responsibleUnit: "某某机械厂", deadline: "2023-06-30", fundsFen: 1_234_567 },
    };
    const reported = sampleLifecycle("HZ-L-9", "reported", { day: "2023-06-01" });
    expect(ws.cli(["import", "-", "--store", "l", "--quiet"], ndjson([...reported, funded])).code).toBe(0);
    const r = ws.cli(["history", "HZ-L-9", "--store", "l", "--lang", "zh"]);
    expect(r.code, r.stderr).toBe(0);
    const [id, first, second] = r.stdout.split("\n");
    expect(id).toBe("HZ-L-9");
    expect(first).toMatch(
      /^#0 登记隐患（HazardReported） 发生2023-06-01 09:30:00 记录\S+ \S+(?: 提交\S+ \S+)? 经办：监管部门 u-1001（区应急管理局，县级） → 状态：已登记 \| 名称：配电箱未接地；等级：一般隐患；行业领域：工贸；行政区划：430104001；单位：某某机械厂；来源：部门检查$/,
    );
    expect(second).toMatch(/→ 状态：整改中 \| 责任单位：某某机械厂；期限：2023-06-30；资金：12345\.67元$/);
    expect(ws.cli(["history", "HZ-L-9", "--store", "l"]).stdout).toMatch(
      /-> rectifying .*funds=12345\.67 yuan/,
    );
  });
});
