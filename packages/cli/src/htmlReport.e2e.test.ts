import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { SERIES_COLORS } from "@hazard-ledger/report-html";
import puppeteer, { type Browser } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/*
 * The HTML report of the demo ledger, opened in a real headless browser: Debian's chromium
 * (`apt-get install chromium fonts-noto-cjk`, as .ci/run does). Without it this test fails:
 * a check that skips itself where it matters proves nothing.
 */
const CHROMIUM = process.env["HAZARD_LEDGER_CHROMIUM"] ?? "/usr/bin/chromium";
const BIN = resolve(import.meta.dirname, "../bin/hazard-ledger.js");
/** Kept after the run (gitignored): the screenshot a reviewer looks at. */
const ARTEFACTS = resolve(import.meta.dirname, "../../../test-artifacts");
const work = mkdtempSync(join(tmpdir(), "hazard-ledger-html-"));
const store = join(work, "demo");
const page = join(work, "report.html");

const cli = (args: string[]) => {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: work,
    encoding: "utf8",
    env: { ...process.env, HAZARD_LEDGER_STORE: "" },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

let browser: Browser | undefined;

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `no browser at ${CHROMIUM}: install Debian's chromium and fonts-noto-cjk (apt-get install chromium fonts-noto-cjk; .ci/run does) or set HAZARD_LEDGER_CHROMIUM`,
    );
  const demo = cli(["demo", "--store", store, "--quiet"]);
  expect(demo.code, demo.stderr).toBe(0);
  const report = cli([
    "report",
    ...["--store", store, "--from", "2023-01-01", "--to", "2024-01-01", "--by", "region"],
    ...["--format", "html", "--out", page],
  ]);
  expect(report.code, report.stderr).toBe(0);
  browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    userDataDir: join(work, "profile"),
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  rmSync(work, { recursive: true, force: true });
});

describe("report --format html in a real browser", () => {
  it("without --out is a usage error, one line, exit 2", () => {
    const r = cli(["report", "--store", store, "--format", "html"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("hazard-ledger: --format html needs --out FILE (the page is a file)\n");
  });

  it("loads with no console error, asks for nothing but the file, draws every chart's marks", async () => {
    if (browser === undefined) throw new Error("no browser");
    const tab = await browser.newPage();
    const fileUrl = pathToFileURL(page).href;
    const requests: string[] = [];
    const errors: string[] = [];
    await tab.setRequestInterception(true);
    tab.on("request", (request) => {
      requests.push(request.url());
      void (request.url() === fileUrl ? request.continue() : request.abort());
    });
    tab.on("console", (message) => {
      if (message.type() === "error") errors.push(message.text());
    });
    tab.on("pageerror", (error) => errors.push(String(error)));
    await tab.setViewport({ width: 1100, height: 900 });
    await tab.goto(fileUrl, { waitUntil: "load" });

    expect(requests).toEqual([fileUrl]);
    expect(errors).toEqual([]);

    const colors = SERIES_COLORS.map((c) => c.toLowerCase());
    // Page-side code as text: this package's types know no DOM.
    const charts = (await tab.evaluate(
      `[...document.querySelectorAll("figure.chart")].map((f) => ({
        id: f.getAttribute("data-chart"),
        expected: Number(f.getAttribute("data-marks")),
        drawn: [...f.querySelectorAll("svg path, svg rect")].filter((el) =>
          ${JSON.stringify(colors)}.includes((el.getAttribute("fill") || "").toLowerCase()),
        ).length,
      }))`,
    )) as { id: string; expected: number; drawn: number }[];
    expect(charts.map((c) => c.id)).toEqual(["rate-by-group", "status", "monthly", "ageing", "listings"]);
    for (const chart of charts) {
      expect(chart.expected, chart.id).toBeGreaterThan(0);
      expect(chart.drawn, chart.id).toBeGreaterThanOrEqual(chart.expected);
    }
    // The text is there, with places by name.
    const text = (await tab.evaluate(`document.querySelector("main").textContent`)) as string;
    expect(text).toContain("累计排查隐患");
    expect(text).toContain("430111008 洞井街道");
    // Chinese renders in a system CJK font, not in boxes.
    expect(await tab.evaluate(`document.fonts.check('16px "Noto Sans CJK SC"', "隐患")`)).toBe(true);

    mkdirSync(ARTEFACTS, { recursive: true });
    await tab.screenshot({ path: join(ARTEFACTS, "report-html.png"), fullPage: true });
    copyFileSync(page, join(ARTEFACTS, "report.html"));
    expect(readFileSync(join(ARTEFACTS, "report-html.png")).subarray(1, 4).toString()).toBe("PNG");
  });
});
