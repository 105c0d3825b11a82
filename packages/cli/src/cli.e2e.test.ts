import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type Report, decodeReport } from "@hazard-ledger/projections";
import { sampleReported } from "@hazard-ledger/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// End to end: the real bin, spawned as a user would run it (dist is built by `tsc -b`,
// which the test command runs first).
const BIN = resolve(import.meta.dirname, "../bin/hazard-ledger.js");
const work = mkdtempSync(join(tmpdir(), "hazard-ledger-e2e-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}
const cli = (args: string[], input?: string): Run => {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: work,
    input,
    encoding: "utf8",
    env: { ...process.env, HAZARD_LEDGER_STORE: "" },
    maxBuffer: 64 << 20,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const dir = (name: string) => join(work, name);
const reportOf = (stdout: string): Report => {
  const decoded = decodeReport(stdout);
  if (decoded._tag === "Left") throw new Error(decoded.left);
  return decoded.right;
};
const oneLine = (s: string) => s.trim().split("\n").length === 1 && !/\n\s+at /.test(s);

const REPORTED = sampleReported("HZ-E2E-1", { recordedAt: "2023-03-01T02:05:11.120Z" });
const assigned = (over: Record<string, unknown> = {}, data: Record<string, unknown> = {}) => ({
  hazardId: "HZ-E2E-1",
  type: "RectificationAssigned",
  occurredAt: "2023-03-02T10:00:00+08:00",
  recordedAt: "2023-03-02T02:10:00Z",
  actor: { id: "u-1001", role: "inspector", level: "county" },
  data: { responsibleUnit: "某某机械厂", deadline: "2023-03-31", ...data },
  ...over,
});
const ndjson = (...lines: unknown[]) =>
  lines.map((l) => (typeof l === "string" ? l : JSON.stringify(l))).join("\n") + "\n";

let demoExport = "";
beforeAll(() => {
  const demo = cli(["demo", "--store", dir("demo"), "--quiet"]);
  expect(demo.code, demo.stderr).toBe(0);
  const exported = cli(["export", "--store", dir("demo")]);
  expect(exported.code).toBe(0);
  demoExport = exported.stdout;
  writeFileSync(join(work, "demo.ndjson"), demoExport);
});

describe("hazard-ledger (the real bin)", () => {
  it("prints help with exit 0 and refuses an unknown command with exit 2 and one line", () => {
    const help = cli(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/import/);
    const bad = cli(["explode"]);
    expect(bad.code).toBe(2);
    expect(oneLine(bad.stderr)).toBe(true);
    expect(cli([]).code).toBe(2);
  });

  it("demo prints the Chinese report and the overdue list", () => {
    const again = cli(["demo", "--store", dir("demo"), "--quiet"]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/累计排查隐患\d+处/);
    expect(again.stdout).toMatch(/整改率\d+(\.\d+)?%/);
    expect(again.stdout).toMatch(/超期/);
  });

  it("running demo twice appends nothing the second time", () => {
    expect(cli(["export", "--store", dir("demo")]).stdout).toBe(demoExport);
  });

  it("export → import into a new store → export is byte-identical", () => {
    const imported = cli(["import", join(work, "demo.ndjson"), "--store", dir("copy"), "--quiet"]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(cli(["export", "--store", dir("copy")]).stdout).toBe(demoExport);
  });

  it("shows a progress bar only on a terminal, and not with --quiet", () => {
    const piped = cli(["import", join(work, "demo.ndjson"), "--store", dir("piped")]);
    expect(piped.code).toBe(0);
    expect(piped.stderr).toBe("");
    // util-linux `script` gives the command a pseudo-terminal, as a user's shell would.
    const onTerminal = (quiet: boolean, store: string) =>
      spawnSync(
        "script",
        [
          "-qfec",
          `${process.execPath} ${BIN} import ${join(work, "demo.ndjson")} --store ${dir(store)}${quiet ? " --quiet" : ""}`,
          "/dev/null",
        ],
        { cwd: work, encoding: "utf8" },
      ).stdout;
    expect(onTerminal(false, "tty")).toMatch(/import \[[^\]]*\] \d+%/);
    expect(onTerminal(true, "tty-quiet")).not.toMatch(/import \[/);
  });

  it("imports from stdin", () => {
    const r = cli(["import", "-", "--store", dir("stdin")], ndjson(REPORTED, assigned()));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/imported 2 events of 1 hazards/);
  });

  it("a repeated commandId is a no-op", () => {
    const line = { ...REPORTED, hazardId: "HZ-E2E-CMD", commandId: "cmd-1" };
    expect(cli(["import", "-", "--store", dir("cmd")], ndjson(line)).code).toBe(0);
    const again = cli(["import", "-", "--store", dir("cmd")], ndjson(line));
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/imported 0 events .*1 repeated command/);
    expect(
      cli(["export", "--store", dir("cmd")])
        .stdout.trim()
        .split("\n"),
    ).toHaveLength(1);
  });

  describe("a bad line rejects the whole file with exit 1, one line naming line and cause, store untouched", () => {
    const cases: [string, string, RegExp][] = [
      ["broken JSON", ndjson(REPORTED, "{not json"), /line 2: broken JSON/],
      [
        "unknown type",
        ndjson(REPORTED, { ...assigned(), type: "HazardExploded" }),
        /line 2: type: "HazardExploded" is not an event type/,
      ],
      [
        "missing field",
        ndjson(REPORTED, assigned({}, { responsibleUnit: undefined })),
        /line 2: data\.responsibleUnit: is required/,
      ],
      [
        "impossible date",
        ndjson(REPORTED, assigned({}, { deadline: "2023-02-30" })),
        /line 2: data\.deadline: "2023-02-30" is not a real calendar date/,
      ],
      [
        "bad id",
        ndjson(REPORTED, assigned({ hazardId: "HZ E2E 1" })),
        /line 2: hazardId: .*is not a hazard id/,
      ],
      [
        "wrong seq",
        ndjson(REPORTED, assigned({ seq: 5 })),
        /line 2: seq: 5 is not the next position of HZ-E2E-1 \(expected 1\)/,
      ],
      [
        "negative money",
        ndjson(REPORTED, {
          ...assigned(),
          type: "EnforcementRecorded",
          data: { action: "fine", fineFen: -100 },
        }),
        /line 2: data\.fineFen: -100 is not a non-negative whole number of fen/,
      ],
      [
        "a rule broken",
        ndjson(REPORTED, { ...assigned(), type: "HazardClosed", data: {} }),
        /line 2: HZ-E2E-1 seq 1: NOT_ACCEPTED/,
      ],
      [
        "a deadline before discovery",
        ndjson(REPORTED, assigned({}, { deadline: "2023-02-01" })),
        /line 2: .*DEADLINE_BEFORE_DISCOVERY/,
      ],
    ];
    it.each(cases)("%s", (_name, input, message) => {
      const store = dir("bad");
      const before = cli(["export", "--store", store]).stdout;
      const r = cli(["import", "-", "--store", store], input);
      expect(r.code).toBe(1);
      expect(oneLine(r.stderr)).toBe(true);
      expect(r.stderr).toMatch(message);
      expect(cli(["export", "--store", store]).stdout).toBe(before);
    });

    it("a missing file", () => {
      const r = cli(["import", join(work, "nope.ndjson"), "--store", dir("bad")]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/nope\.ndjson: cannot read \(ENOENT\)/);
    });
  });

  it("usage errors exit 2 with one line", () => {
    for (const args of [
      ["report", "--store", dir("demo"), "--as-of", "yesterday"],
      ["report", "--store", dir("demo"), "--from", "2023-02-30"],
      ["report", "--store", dir("demo"), "--by", "colour"],
      ["overdue", "--store", dir("demo"), "--kind", "all"],
      ["report", "--store", dir("demo"), "--tz", "Mars/Olympus"],
      ["report", "--store", "ftp://example"],
    ]) {
      const r = cli(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(oneLine(r.stderr)).toBe(true);
    }
  });

  it("report --format json has the contract's fields and its identities hold", () => {
    const r = cli([
      "report",
      "--store",
      dir("demo"),
      "--from",
      "2023-01-01",
      "--to",
      "2024-01-01",
      "--format",
      "json",
      "--by",
      "sector",
    ]);
    expect(r.code, r.stderr).toBe(0);
    const report = reportOf(r.stdout);
    const t = report.totals;
    expect(report.timezone).toBe("Asia/Shanghai");
    expect(t.discovered - t.voided).toBe(t.rectified + t.open + t.longTermControl);
    expect(t.rectificationRate.numerator).toBe(t.rectified);
    expect(t.rectificationRate.denominator).toBe(t.discovered - t.voided);
    const groupSum = report.groups!.reduce((s, g) => s + g.discovered, 0);
    expect(groupSum).toBe(t.discovered);
  });

  it("report in English and as text", () => {
    const r = cli([
      "report",
      "--store",
      dir("demo"),
      "--from",
      "2023-01-01",
      "--to",
      "2024-01-01",
      "--lang",
      "en",
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/rectification rate/i);
  });

  it("known-at reproduces what the ledger said then", () => {
    const knownAt = "2023-07-01T00:00:00Z";
    const args = [
      "--from",
      "2023-01-01",
      "--to",
      "2024-01-01",
      "--as-of",
      "2024-01-01T00:00:00+08:00",
      "--format",
      "json",
    ];
    const then = cli(["report", "--store", dir("demo"), "--known-at", knownAt, ...args]);
    const cut = cli(["export", "--store", dir("demo"), "--known-at", knownAt]);
    expect(cli(["import", "-", "--store", dir("then")], cut.stdout).code).toBe(0);
    const rebuilt = cli(["report", "--store", dir("then"), ...args]);
    // The figures agree; the logs read (and so their digests) differ by design.
    const strip = (s: string) => ({ ...reportOf(s), knownAt: null, ledger: null });
    expect(strip(then.stdout)).toEqual(strip(rebuilt.stdout));
    const today = cli(["report", "--store", dir("demo"), ...args]);
    expect(reportOf(today.stdout).totals.discovered).toBeGreaterThan(reportOf(then.stdout).totals.discovered);
  });

  it("overdue --format json is most overdue first", () => {
    const r = cli([
      "overdue",
      "--store",
      dir("demo"),
      "--as-of",
      "2024-01-01T00:00:00+08:00",
      "--format",
      "json",
    ]);
    expect(r.code).toBe(0);
    const items = JSON.parse(r.stdout) as { daysOverdue: number; kind: string; deadline: string }[];
    expect(items.length).toBeGreaterThan(0);
    for (let i = 1; i < items.length; i++)
      expect(items[i - 1]!.daysOverdue).toBeGreaterThanOrEqual(items[i]!.daysOverdue);
    const rect = cli([
      "overdue",
      "--store",
      dir("demo"),
      "--as-of",
      "2024-01-01T00:00:00+08:00",
      "--format",
      "json",
      "--kind",
      "supervision",
    ]);
    expect((JSON.parse(rect.stdout) as { kind: string }[]).every((i) => i.kind === "supervision")).toBe(true);
  });

  it("status and history of one hazard; an unknown hazard is exit 1", () => {
    const status = cli([
      "status",
      "HZ-2023-000001",
      "--store",
      dir("demo"),
      "--format",
      "json",
      "--as-of",
      "2024-01-01T00:00:00+08:00",
    ]);
    expect(status.code, status.stderr).toBe(0);
    const view = JSON.parse(status.stdout) as object;
    expect(Object.keys(view)).toEqual(
      expect.arrayContaining([
        "hazardId",
        "status",
        "level",
        "deadline",
        "originalDeadline",
        "supervision",
        "overdue",
        "seq",
      ]),
    );
    const history = cli(["history", "HZ-2023-000001", "--store", dir("demo")]);
    expect(history.code).toBe(0);
    expect(history.stdout).toMatch(
      /#0 {2}occurred \S+ {2}recorded \S+ {2}committed \S+ {2}HazardReported {2}by /,
    );
    expect(cli(["status", "HZ-NOPE", "--store", dir("demo")]).code).toBe(1);
  });

  it("a backdated import is refused naming its line, and stored as a backfill with --backfill (history says so)", () => {
    const store = dir("backfill");
    const later = sampleReported("HZ-E2E-B1", { recordedAt: "2023-03-01T02:05:11.120Z" });
    expect(cli(["import", "-", "--store", store, "--quiet"], ndjson(later)).code).toBe(0);
    const backdated = sampleReported("HZ-E2E-B2", {
      occurredAt: "2023-01-15T09:00:00+08:00",
      recordedAt: "2023-02-01T00:00:00Z",
    });
    const refused = cli(["import", "-", "--store", store, "--quiet"], ndjson(REPORTED, backdated));
    expect(refused.code).toBe(1);
    expect(oneLine(refused.stderr)).toBe(true);
    expect(refused.stderr).toMatch(
      /^hazard-ledger: stdin: line 1: HZ-E2E-1 seq 0: BACKFILL_REFUSED: .*--backfill/,
    );
    expect(cli(["history", "HZ-E2E-1", "--store", store]).code).toBe(1);
    const allowed = cli(["import", "-", "--store", store, "--quiet", "--backfill"], ndjson(backdated));
    expect(allowed.code, allowed.stderr).toBe(0);
    const history = cli(["history", "HZ-E2E-B2", "--store", store, "--format", "json"]);
    expect(JSON.parse(history.stdout)).toMatchObject([
      { recordedAt: "2023-02-01T00:00:00Z", backfill: true },
    ]);
    expect(cli(["history", "HZ-E2E-B2", "--store", store]).stdout).toMatch(/committed \S+ \(backfill\)/);
  });

  it("report --known-at K --digest D reproduces the report printed with D even after a later backfill, which the plain known-at report lists", () => {
    const store = dir("digest-backfill");
    expect(cli(["import", "-", "--store", store, "--quiet"], ndjson(REPORTED, assigned())).code).toBe(0);
    const view = ["--known-at", "2023-06-01T00:00:00Z", "--as-of", "2023-06-01T00:00:00Z"];
    const earlier = cli(["report", "--store", store, ...view, "--format", "json"]);
    expect(earlier.code, earlier.stderr).toBe(0);
    const printed = JSON.parse(earlier.stdout) as Report & { ledger: { events: number; digest: string } };
    expect(printed.backfills).toEqual([]);
    expect(printed.ledger).toMatchObject({ algorithm: "sha256", events: 2 });
    const earlierText = cli(["report", "--store", store, ...view, "--lang", "en"]);
    expect(earlierText.stdout.trim().split("\n").at(-1)).toBe(
      `Ledger digest (sha256, 2 events): ${printed.ledger.digest}`,
    );
    writeFileSync(join(work, "printed-report.json"), earlier.stdout);

    const backdated = sampleReported("HZ-E2E-BF", {
      occurredAt: "2023-03-20T09:00:00+08:00",
      recordedAt: "2023-04-01T00:00:00Z",
    });
    expect(cli(["import", "-", "--store", store, "--quiet", "--backfill"], ndjson(backdated)).code).toBe(0);

    const now = cli(["report", "--store", store, ...view, "--format", "json"]);
    const amended = JSON.parse(now.stdout) as Report & { ledger: { events: number } };
    expect(amended.totals.discovered).toBe(printed.totals.discovered + 1);
    expect(amended.backfills).toEqual([{ committedAt: expect.any(String) as unknown, events: 1 }]);
    expect(amended.ledger.events).toBe(3);
    expect(cli(["report", "--store", store, ...view, "--lang", "en"]).stdout).toMatch(
      /^Note: backfills committed after this view's instant changed what the ledger recorded then: 1 event committed \S+\.$/m,
    );

    const reproduced = cli([
      "report",
      "--store",
      store,
      ...view,
      "--format",
      "json",
      "--digest",
      "printed-report.json",
    ]);
    expect(reproduced.code, reproduced.stderr).toBe(0);
    expect(reproduced.stdout).toBe(earlier.stdout);
    const digestOnly = JSON.stringify(printed.ledger);
    expect(
      cli(["report", "--store", store, ...view, "--lang", "en", "--digest", "-"], digestOnly).stdout,
    ).toBe(earlierText.stdout);

    const forged = JSON.stringify({ ...printed.ledger, digest: "0".repeat(64) });
    const refused = cli(["report", "--store", store, ...view, "--digest", "-"], forged);
    expect(refused.code).toBe(1);
    expect(oneLine(refused.stderr)).toBe(true);
    expect(refused.stderr).toMatch(/--digest: the ledger's first 2 events do not match the digest/);
    const exported = cli(["export", "--store", store, "--digest", "printed-report.json"]);
    expect(
      exported.stdout
        .trim()
        .split("\n")
        .map((l) => (JSON.parse(l) as { hazardId: string }).hazardId),
    ).toEqual(["HZ-E2E-1", "HZ-E2E-1"]);
  });

  it("verify passes on a clean store and names the hazard and seq of a flipped byte", () => {
    expect(cli(["verify", "--store", dir("copy")]).code).toBe(0);
    const copy = dir("copy");
    const segment = readdirSync(copy).find((f) => f.endsWith(".seg"));
    expect(segment).toBeDefined();
    const path = join(copy, segment!);
    const bytes = readFileSync(path);
    // The hazard id first stands in its first record's header; the payload follows it (JSON
    // or compact, the store's choice): flip a byte of that.
    const at = bytes.indexOf(Buffer.from("HZ-2023-000007"));
    const inPayload = at + "HZ-2023-000007".length + 20;
    bytes[inPayload] = bytes[inPayload]! ^ 0x01;
    writeFileSync(path, bytes);
    const r = cli(["verify", "--store", copy]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/HZ-2023-000007/);
    expect(r.stderr).toMatch(/seq 0/);
  });
});
