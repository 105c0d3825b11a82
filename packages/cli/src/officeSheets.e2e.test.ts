import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { sampleLifecycle, sampleReported } from "@hazard-ledger/testing";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { binWorkspace, isOneLine, ndjson } from "./bin.fixture.js";

// The office's tool through the real bin: append, list, and spreadsheets read back cell by cell.
const ws = binWorkspace("office-sheets");
afterAll(ws.remove);
const YEAR = ["--from", "2023-01-01", "--to", "2024-01-01"];
const AS_OF = ["--as-of", "2024-01-01T00:00:00+08:00"];

const readBook = async (file: string): Promise<ExcelJS.Workbook> => {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(ws.path(file));
  return book;
};
const sheetOf = (book: ExcelJS.Workbook, name: string): ExcelJS.Worksheet => {
  const sheet = book.getWorksheet(name);
  if (sheet === undefined)
    throw new Error(`no sheet ${name}: ${book.worksheets.map((w) => w.name).join(", ")}`);
  return sheet;
};
/** The cover's value of a label. */
const coverValue = (sheet: ExcelJS.Worksheet, label: string): ExcelJS.CellValue => {
  let found: ExcelJS.CellValue = undefined;
  sheet.eachRow((row) => {
    if (row.getCell(1).value === label) found = row.getCell(2).value;
  });
  return found;
};
/** The 1-based column of a header in row 1. */
const columnOf = (sheet: ExcelJS.Worksheet, header: string): number => {
  let found = -1;
  sheet.getRow(1).eachCell((cell, col) => {
    if (cell.value === header) found = col;
  });
  if (found < 0) throw new Error(`no column ${header}`);
  return found;
};

beforeAll(() => {
  const events = [
    ...sampleLifecycle("HZ-S-1", "closed", {
      day: "2023-02-01",
      data: { sector: "fire", region: "430111005" },
    }),
    ...sampleLifecycle("HZ-S-2", "rectifying", {
      day: "2023-03-01",
      data: {
        sector: "fire",
        region: "430111006",
        unit: { name: "长沙新星酒店" },
        title: '安全出口堵塞, "锁闭"',
      },
    }),
    ...sampleLifecycle("HZ-S-3", "reported", {
      day: "2023-04-01",
      data: { sector: "gas", region: "430104001" },
    }),
  ];
  writeFileSync(ws.path("ledger.ndjson"), ndjson(events));
  const imported = ws.cli(["import", "ledger.ndjson", "--store", "s", "--quiet"]);
  expect(imported.code, imported.stderr).toBe(0);
});

describe("append (the real bin)", () => {
  it("decides events now and stores them; a refusal names the rule's code, exit 1", () => {
    const reported = sampleReported("HZ-A-1", { occurredAt: "2023-05-01T09:00:00+08:00" });
    const first = ws.cli(["append", "--store", "a", JSON.stringify(reported)]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^HZ-A-1 seq 0 HazardReported recorded \d{4}-/);
    const assigned = {
      hazardId: "HZ-A-1",
      type: "RectificationAssigned",
      occurredAt: "2023-05-02T09:00:00+08:00",
      actor: reported.actor,
      data: { responsibleUnit: "某某机械厂", deadline: "2023-05-31" },
      commandId: "cmd-assign-1",
    };
    const completed = { ...assigned, type: "RectificationCompleted", data: {}, commandId: "cmd-done-1" };
    const json = ws.cli(["append", "-", "--store", "a", "--format", "json"], ndjson([assigned, completed]));
    expect(json.code, json.stderr).toBe(0);
    const stored = JSON.parse(json.stdout) as {
      seq: number;
      type: string;
      recordedAt: string;
      hash: string;
    }[];
    expect(stored.map((e) => [e.seq, e.type])).toEqual([
      [1, "RectificationAssigned"],
      [2, "RectificationCompleted"],
    ]);
    expect(stored[0]?.hash).toMatch(/^[0-9a-f]{64}$/);
    const again = ws.cli(["append", "--store", "a", JSON.stringify(assigned)]);
    expect(again.stdout).toContain("already recorded, nothing written");
    const refused = ws.cli([
      "append",
      "--store",
      "a",
      JSON.stringify({ ...completed, commandId: "cmd-done-2" }),
    ]);
    expect(refused.code).toBe(1);
    expect(isOneLine(refused.stderr)).toBe(true);
    expect(refused.stderr).toMatch(
      /^hazard-ledger: append: argument: event 1 \(HZ-A-1 RectificationCompleted\): [A-Z_]+: /,
    );
    expect(ws.cli(["export", "--store", "a"]).stdout.trim().split("\n")).toHaveLength(3);
  });

  it("refuses seq and recordedAt (the store sets them) and bad JSON before deciding anything", () => {
    const withSeq = { ...sampleReported("HZ-A-2"), seq: 0 };
    const r = ws.cli(["append", "--store", "a", JSON.stringify(withSeq)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^hazard-ledger: append: argument: event 1: seq: set by the store/);
    const bad = ws.cli(
      ["append", "-", "--store", "a"],
      `${JSON.stringify(sampleReported("HZ-A-3"))}\n{oops\n`,
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/line 2: broken JSON/);
    expect(ws.cli(["status", "HZ-A-3", "--store", "a"]).code).toBe(1);
  });
});

describe("list (the real bin)", () => {
  it("lists one row per hazard as a table, filtered", () => {
    const all = ws.cli(["list", "--store", "s", ...AS_OF]);
    expect(all.code, all.stderr).toBe(0);
    expect(all.stdout.split("\n")[0]).toBe("截至2023年12月31日，隐患3处：");
    expect(all.stdout).toMatch(/\n隐患编号 +隐患名称 +隐患等级 +状态/);
    expect(all.stdout).toMatch(/HZ-S-2 .* 430111006 雨花亭街道 /);
    const fire = ws.cli(["list", "--store", "s", ...AS_OF, "--sector", "fire", "--status", "rectifying"]);
    expect(fire.stdout).toMatch(/HZ-S-2/);
    expect(fire.stdout).not.toMatch(/HZ-S-1|HZ-S-3/);
    const region = ws.cli(["list", "--store", "s", ...AS_OF, "--region", "430111", "--format", "json"]);
    expect((JSON.parse(region.stdout) as { hazardId: string }[]).map((r) => r.hazardId)).toEqual([
      "HZ-S-1",
      "HZ-S-2",
    ]);
    const overdue = ws.cli(["list", "--store", "s", ...AS_OF, "--overdue", "--format", "json"]);
    expect(JSON.parse(overdue.stdout)).toMatchObject([
      {
        hazardId: "HZ-S-2",
        status: "rectifying",
        deadline: "2023-03-31",
        daysOverdue: 276,
        overdue: { rectification: true },
      },
    ]);
    expect(ws.cli(["list", "--store", "s", ...AS_OF, "--unit", "新星"]).stdout).toContain("HZ-S-2");
    const early = ws.cli([
      "list",
      "--store",
      "s",
      "--as-of",
      "2023-03-15T00:00:00+08:00",
      "--format",
      "json",
    ]);
    expect((JSON.parse(early.stdout) as unknown[]).length).toBe(2);
  });

  it("refuses a bad filter with exit 2 and one line", () => {
    const r = ws.cli(["list", "--store", "s", "--status", "done"]);
    expect(r.code).toBe(2);
    expect(isOneLine(r.stderr)).toBe(true);
    expect(ws.cli(["list", "--store", "s", "--format", "xlsx"]).code).toBe(2);
    const none = ws.cli(["list", "--store", "nothing-here"]);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/no ledger at/);
    expect(existsSync(ws.path("nothing-here"))).toBe(false);
  });

  it("writes CSV with a BOM, RFC 4180 quoting and Chinese headers", () => {
    const r = ws.cli(["list", "--store", "s", ...AS_OF, "--format", "csv", "--out", "list.csv"]);
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(ws.path("list.csv"), "utf8");
    expect(text.startsWith("\uFEFF隐患编号,隐患名称,隐患等级,状态,行业领域,行政区划,区划名称,单位")).toBe(
      true,
    );
    expect(text).toContain(
      'HZ-S-2,"安全出口堵塞, ""锁闭""",一般隐患,整改中,消防,430111006,雨花亭街道,长沙新星酒店,部门检查,2023-03-01,2023-03-31,276,',
    );
    expect(text.split("\r\n")).toHaveLength(5);
  });

  it("names regions from the user's --regions file before the dataset's, in text and CSV", () => {
    writeFileSync(ws.path("names.json"), JSON.stringify({ "430111006": "新设街道" }));
    const text = ws.cli(["list", "--store", "s", ...AS_OF, "--regions", "names.json"]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/430111006 新设街道 /);
    expect(text.stdout).toMatch(/430111005 东塘街道 /);
    const csv = ws.cli(["list", "--store", "s", ...AS_OF, "--format", "csv", "--regions", "names.json"]);
    expect(csv.stdout).toContain(",430111006,新设街道,");
    const bad = ws.cli(["list", "--store", "s", "--regions", "missing.json"]);
    expect(bad.code).toBe(1);
    expect(isOneLine(bad.stderr)).toBe(true);
  });

  it("writes XLSX: a cover with the as-of, and the rows with dates as dates and numbers as numbers", async () => {
    const r = ws.cli(["list", "--store", "s", ...AS_OF, "--format", "xlsx", "--out", "list.xlsx"]);
    expect(r.code, r.stderr).toBe(0);
    const book = await readBook("list.xlsx");
    expect(book.worksheets.map((w) => w.name)).toEqual(["封面", "隐患清单"]);
    const cover = sheetOf(book, "封面");
    expect(coverValue(cover, "截至")).toBe("截至2023年12月31日");
    expect(coverValue(cover, "截至时刻")).toEqual(new Date("2024-01-01T00:00:00Z"));
    expect(coverValue(cover, "隐患数")).toBe(3);
    const sheet = sheetOf(book, "隐患清单");
    const row = sheet.getRow(3);
    expect(row.getCell(columnOf(sheet, "隐患编号")).value).toBe("HZ-S-2");
    expect(row.getCell(columnOf(sheet, "隐患名称")).value).toBe('安全出口堵塞, "锁闭"');
    expect(row.getCell(columnOf(sheet, "整改期限")).value).toEqual(new Date("2023-03-31T00:00:00Z"));
    expect(row.getCell(columnOf(sheet, "整改期限")).numFmt).toBe("yyyy-mm-dd");
    expect(row.getCell(columnOf(sheet, "超期天数")).value).toBe(276);
    expect(sheet.getRow(4).getCell(columnOf(sheet, "整改期限")).value).toBeNull();
  });
});

describe("report and overdue as spreadsheets (the real bin)", () => {
  it("report --format csv: the groups of --by with a total row, rates as percentages", () => {
    const r = ws.cli(["report", "--store", "s", ...YEAR, "--by", "sector", "--format", "csv"]);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split("\r\n");
    expect(lines[0]).toMatch(/^\uFEFF行业领域,代码,排查隐患,作废,重大隐患,一般隐患,已整改,整改率,/);
    expect(lines[1]).toMatch(/^消防,fire,2,0,0,2,1,50.00%,/);
    expect(lines[2]).toMatch(/^城镇燃气,gas,1,0,0,1,0,0.00%,/);
    expect(lines[3]).toMatch(/^合计,,3,0,0,3,1,33.33%,/);
  });

  it("report --format xlsx: cover, totals, and a sheet per --by, numbers as numbers", async () => {
    const r = ws.cli([
      "report",
      "--store",
      "s",
      ...YEAR,
      "--by",
      "sector",
      "--by",
      "region",
      "--format",
      "xlsx",
      "--out",
      "report.xlsx",
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(ws.path("report.xlsx"));
    const book = await readBook("report.xlsx");
    expect(book.worksheets.map((w) => w.name)).toEqual(["封面", "合计", "行业领域", "行政区划"]);
    const cover = sheetOf(book, "封面");
    expect(coverValue(cover, "统计期间")).toBe("2023-01-01 至 2023-12-31");
    expect(coverValue(cover, "截至")).toBe("截至2023年12月31日");
    expect(coverValue(cover, "台账记载截至")).toBe("全部记录");
    const totals = sheetOf(book, "合计");
    expect(totals.getRow(2).getCell(columnOf(totals, "排查隐患")).value).toBe(3);
    const rate = totals.getRow(2).getCell(columnOf(totals, "整改率"));
    expect(rate.value).toBeCloseTo(1 / 3, 12);
    expect(rate.numFmt).toBe("0.00%");
    const sectors = sheetOf(book, "行业领域");
    expect(sectors.getRow(2).getCell(1).value).toBe("消防");
    expect(sectors.getRow(2).getCell(columnOf(sectors, "已整改")).value).toBe(1);
    expect(sectors.getRow(4).getCell(1).value).toBe("合计");
    const regions = sheetOf(book, "行政区划");
    expect([2, 3, 4].map((i) => regions.getRow(i).getCell(2).value)).toEqual([
      "430104001",
      "430111005",
      "430111006",
    ]);
    expect([3, 4].map((i) => regions.getRow(i).getCell(1).value)).toEqual(["东塘街道", "雨花亭街道"]);
  });

  it("report --by twice is refused unless the format is xlsx", () => {
    const r = ws.cli(["report", "--store", "s", ...YEAR, "--by", "sector", "--by", "region"]);
    expect(r.code).toBe(2);
    expect(isOneLine(r.stderr)).toBe(true);
  });

  it("overdue --format xlsx and csv: the list with dates and days, the cover with its as-of and kinds", async () => {
    const csv = ws.cli(["overdue", "--store", "s", ...AS_OF, "--format", "csv"]);
    expect(csv.stdout.split("\r\n")[1]).toMatch(
      /^HZ-S-2,超期未整改,2023-03-31,276,一般隐患,消防,430111006,雨花亭街道,,长沙新星酒店,/,
    );
    const r = ws.cli([
      "overdue",
      "--store",
      "s",
      ...AS_OF,
      "--kind",
      "rectification",
      "--format",
      "xlsx",
      "--out",
      "o.xlsx",
    ]);
    expect(r.code, r.stderr).toBe(0);
    const book = await readBook("o.xlsx");
    const cover = sheetOf(book, "封面");
    expect(coverValue(cover, "超期类型")).toBe("超期未整改");
    expect(coverValue(cover, "超期隐患数")).toBe(1);
    const sheet = sheetOf(book, "超期隐患");
    expect(sheet.getRow(2).getCell(columnOf(sheet, "期限")).value).toEqual(new Date("2023-03-31T00:00:00Z"));
    expect(sheet.getRow(2).getCell(columnOf(sheet, "超期天数")).value).toBe(276);
  });

  it("demo --out writes the demo year as one workbook (the README's one command)", async () => {
    const r = ws.cli(["demo", "--store", "demo", "--quiet", "--out", "demo.xlsx"]);
    expect(r.code, r.stderr).toBe(0);
    const book = await readBook("demo.xlsx");
    expect(book.worksheets.map((w) => w.name)).toEqual([
      "封面",
      "合计",
      "等级",
      "行业领域",
      "行政区划",
      "来源",
      "超期隐患",
      "隐患清单",
    ]);
    expect(coverValue(sheetOf(book, "封面"), "统计期间")).toBe("2023-01-01 至 2023-12-31");
    const totals = sheetOf(book, "合计");
    const discovered = totals.getRow(2).getCell(columnOf(totals, "排查隐患")).value as number;
    expect(discovered).toBeGreaterThan(100);
    expect(sheetOf(book, "隐患清单").rowCount).toBe(discovered + 1);
  });
});
