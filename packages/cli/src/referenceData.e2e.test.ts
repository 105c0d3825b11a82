import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// Region names and working days through the real bin, on the demo ledger.
const BIN = resolve(import.meta.dirname, "../bin/hazard-ledger.js");
const work = mkdtempSync(join(tmpdir(), "hazard-ledger-names-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const store = join(work, "demo");

const cli = (args: string[]) => {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: work,
    encoding: "utf8",
    env: { ...process.env, HAZARD_LEDGER_STORE: "" },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

beforeAll(() => {
  const demo = cli(["demo", "--store", store, "--quiet"]);
  expect(demo.code, demo.stderr).toBe(0);
});

const AS_OF = "2024-01-10T12:00:00+08:00";

describe("places by name and working days (the real bin)", () => {
  it("report --by region prints each township's name beside its code", () => {
    const r = cli(["report", "--store", store, "--by", "region", "--as-of", AS_OF]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\n430111008 洞井街道 +\d+ /);
    expect(r.stdout).toMatch(/\n430111101 跳马镇 +\d+ /);
  });

  it("--regions FILE names codes the dataset lacks and overrides it; a bad file is one line, exit 1", () => {
    writeFileSync(join(work, "regions.json"), JSON.stringify({ "430111008": "洞井街道（测试名）" }));
    const r = cli([
      "report",
      "--store",
      store,
      "--by",
      "region",
      "--as-of",
      AS_OF,
      "--regions",
      "regions.json",
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\n430111008 洞井街道（测试名） +\d+ /);
    writeFileSync(join(work, "bad.json"), JSON.stringify({ "4301": "长沙" }));
    for (const file of ["bad.json", "missing.json"]) {
      const bad = cli(["overdue", "--store", store, "--regions", file, "--format", "json"]);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toMatch(
        new RegExp(`^hazard-ledger: --regions ${file.replace(".", "\\.")}: [^\\n]+\\n$`),
      );
    }
  });

  it("overdue JSON counts working days on the State Council's calendar and names its version", () => {
    const r = cli(["overdue", "--store", store, "--as-of", AS_OF, "--format", "json"]);
    expect(r.code, r.stderr).toBe(0);
    const items = JSON.parse(r.stdout) as {
      daysOverdue: number;
      workingDaysOverdue: number;
      workingDayCalendar: string;
    }[];
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) {
      expect(item.workingDaysOverdue).toBeLessThanOrEqual(item.daysOverdue);
      expect(item.workingDayCalendar).toMatch(/^chinese-days@/);
    }
    const text = cli(["overdue", "--store", store, "--as-of", AS_OF]).stdout;
    expect(text).toMatch(/个工作日）/);
    expect(text).toMatch(/\n工作日依据：chinese-days@[^\n]+\n$/);
  });
});
