import { copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EventSource, hazardList, overdueList, rectifiedLateList } from "@hazard-ledger/projections";
import { openFileEventStore } from "@hazard-ledger/store-file";
import { binWorkspace } from "./bin.fixture.js";
import { stateCouncilCalendar } from "./referenceData.js";

// The read model the CLI keeps beside a file ledger, end to end: what a query reads from it
// is what a replay of the whole log gives, whatever happened to the read model meanwhile.
const ws = binWorkspace("readmodel");
const { cli } = ws;
afterAll(() => ws.remove());

const AS_OF = "2026-01-01T00:00:00Z";
const MODEL = "readmodel.checkpoint";

interface Figures {
  readonly totals: unknown;
  readonly groups?: unknown;
  readonly ledger: unknown;
  readonly backfills: unknown;
}
/** The report through the read model (as known now), and exit code. */
const report = (store: string): string => {
  const r = cli(["report", "--store", store, "--format", "json", "--as-of", AS_OF, "--by", "region"]);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
};
/** The figures of a replay of the whole log (a `--digest` prefix reads the log, never the read model). */
const replayed = (store: string): Figures => {
  const digest = cli(["digest", "--store", store, "--format", "json"]);
  expect(digest.code, digest.stderr).toBe(0);
  const file = join(store, "..", "whole-log.digest.json");
  writeFileSync(file, digest.stdout);
  const r = cli([
    "report",
    ...["--store", store, "--format", "json", "--as-of", AS_OF, "--by", "region"],
    ...["--digest", file],
  ]);
  expect(r.code, r.stderr).toBe(0);
  const { totals, groups, ledger, backfills } = JSON.parse(r.stdout) as Figures;
  return { totals, groups, ledger, backfills };
};
/** What the library's queries give over a fold of the whole log (no read model), read in process. */
const foldedWhole = async <A>(
  store: string,
  query: (events: () => EventSource) => Promise<A>,
): Promise<A> => {
  const opened = await openFileEventStore(store, { mode: "read" });
  try {
    return await query(() => opened.readAll());
  } finally {
    await opened.close();
  }
};
const figuresOf = (json: string): Figures => {
  const { totals, groups, ledger, backfills } = JSON.parse(json) as Figures;
  return { totals, groups, ledger, backfills };
};

/** Two logs of the demo: each hazard whole in one of them. */
let first = "";
let second = "";
beforeAll(() => {
  expect(cli(["demo", "--store", ws.path("demo"), "--quiet"]).code).toBe(0);
  const lines = cli(["export", "--store", ws.path("demo")])
    .stdout.trimEnd()
    .split("\n");
  const hazardOf = (l: string) => (JSON.parse(l) as { hazardId: string }).hazardId;
  const early = new Set(lines.slice(0, 600).map(hazardOf));
  first = lines.filter((l) => early.has(hazardOf(l))).join("\n") + "\n";
  second = lines.filter((l) => !early.has(hazardOf(l))).join("\n") + "\n";
  writeFileSync(ws.path("first.ndjson"), first);
  writeFileSync(ws.path("second.ndjson"), second);
});

describe("the read model beside a file ledger", () => {
  it("is written by a report, and a report from it is the replay of the whole log", () => {
    const store = ws.path("plain");
    expect(cli(["import", ws.path("first.ndjson"), "--store", store, "--quiet"]).code).toBe(0);
    const built = report(store);
    expect(existsSync(join(store, MODEL))).toBe(true);
    expect(figuresOf(built)).toEqual(replayed(store));
    expect(report(store)).toBe(built);
  });

  it("catches up with the log's tail: events stored after it was saved count", () => {
    const store = ws.path("tail");
    expect(cli(["import", ws.path("first.ndjson"), "--store", store, "--quiet"]).code).toBe(0);
    const before = report(store);
    expect(cli(["import", ws.path("second.ndjson"), "--store", store, "--quiet", "--backfill"]).code).toBe(0);
    const after = report(store);
    expect(after).not.toBe(before);
    expect(figuresOf(after)).toEqual(replayed(store));
  });

  it("overdue, list and rectified-late read it too, as of and known at any instant, and give what a fold of the whole log gives", async () => {
    const store = ws.path("queries");
    expect(cli(["import", ws.path("first.ndjson"), "--store", store, "--quiet"]).code).toBe(0);
    // Instants across the demo year, on both axes: most hazards before one, after the other.
    const [spring, autumn] = ["2023-03-31T16:00:00Z", "2023-09-30T15:59:59Z"];
    const axes = [
      { asOf: AS_OF, knownAt: null },
      { asOf: autumn, knownAt: null },
      { asOf: AS_OF, knownAt: autumn },
      { asOf: autumn, knownAt: spring },
    ];
    for (const { asOf, knownAt } of axes) {
      const flags = ["--store", store, "--format", "json", "--as-of", asOf].concat(
        knownAt === null ? [] : ["--known-at", knownAt],
      );
      const options = { timeZone: "Asia/Shanghai", asOf, knownAt };
      const expected = await foldedWhole(store, async (events) => ({
        overdue: await overdueList(events(), { ...options, workingDays: stateCouncilCalendar() }),
        list: await hazardList(events(), options),
        "rectified-late": await rectifiedLateList(events(), options),
      }));
      for (const command of ["overdue", "list", "rectified-late"] as const) {
        const r = cli([command, ...flags]);
        expect(r.code, r.stderr).toBe(0);
        expect(existsSync(join(store, MODEL))).toBe(true);
        const fold = expected[command];
        if (fold._tag === "Left") throw new Error(fold.left.message);
        expect(JSON.parse(r.stdout), `${command} as of ${asOf} known at ${knownAt}`).toEqual(
          JSON.parse(JSON.stringify(fold.right)),
        );
      }
    }
  });

  it("report as known at past instants, backfills listed, and the HTML page are what a replay of the log gives", () => {
    const store = ws.path("known-at");
    expect(cli(["import", ws.path("first.ndjson"), "--store", store, "--quiet"]).code).toBe(0);
    // Backfilled: recorded in the demo year, committed now, so each amends the views before now.
    expect(cli(["import", ws.path("second.ndjson"), "--store", store, "--quiet", "--backfill"]).code).toBe(0);
    const digest = cli(["digest", "--store", store, "--format", "json"]);
    const file = join(store, "..", "known-at.digest.json");
    writeFileSync(file, digest.stdout);
    for (const knownAt of ["2023-06-30T16:00:00Z", AS_OF]) {
      const flags = [
        "--store",
        store,
        "--format",
        "json",
        "--as-of",
        AS_OF,
        "--by",
        "region",
        "--known-at",
        knownAt,
      ];
      const model = cli(["report", ...flags]);
      const log = cli(["report", ...flags, "--digest", file]);
      expect(model.code, model.stderr).toBe(0);
      expect(log.code, log.stderr).toBe(0);
      expect(figuresOf(model.stdout)).toEqual(figuresOf(log.stdout));
      expect(figuresOf(model.stdout).backfills).not.toEqual([]);
      const page = (digested: boolean) => {
        const out = join(store, "..", `page-${digested}.html`);
        const r = cli([
          "report",
          ...["--store", store, "--format", "html", "--out", out, "--as-of", AS_OF, "--known-at", knownAt],
          ...(digested ? ["--digest", file] : []),
        ]);
        expect(r.code, r.stderr).toBe(0);
        return readFileSync(out, "utf8");
      };
      expect(page(false)).toBe(page(true));
    }
  });

  it("an edited read model never changes a figure: it is rebuilt from the log", () => {
    const store = ws.path("edited");
    expect(cli(["import", ws.path("first.ndjson"), "--store", store, "--quiet"]).code).toBe(0);
    const honest = report(store);
    const queries = (c: string) => cli([c, "--store", store, "--format", "json", "--as-of", AS_OF]).stdout;
    const overdue = queries("overdue");
    const list = queries("list");
    const path = join(store, MODEL);
    // Byte for byte (latin1): the statuses are JSON text among the binary rows.
    const text = readFileSync(path, "latin1");
    const edited = text.replace(/"(reported|rectifying|pending_acceptance)"/g, '"closed"');
    expect(edited).not.toBe(text);
    for (const [c, before] of [
      ["overdue", overdue],
      ["list", list],
    ] as const) {
      writeFileSync(path, edited, "latin1");
      expect(queries(c)).toBe(before);
    }
    writeFileSync(path, edited, "latin1");
    expect(report(store)).toBe(honest);
    // Rebuilt and saved again: the next query reads the honest one.
    expect(readFileSync(path, "latin1")).toBe(text);
  });

  it("a read model cut short, or with one byte changed, never changes a figure", () => {
    const store = ws.path("damaged");
    expect(cli(["import", ws.path("first.ndjson"), "--store", store, "--quiet"]).code).toBe(0);
    const honest = report(store);
    const path = join(store, MODEL);
    const bytes = readFileSync(path);
    writeFileSync(path, bytes.subarray(0, bytes.length - 5));
    expect(report(store)).toBe(honest);
    // A byte among the rows: the index of one of the last hazard's fields.
    const flipped = Buffer.from(bytes);
    flipped[flipped.length - 9] = (flipped[flipped.length - 9] as number) ^ 1;
    writeFileSync(path, flipped);
    expect(report(store)).toBe(honest);
    expect(readFileSync(path)).toEqual(bytes);
  });

  it("a JSON read model of an earlier version is discarded: rebuilt beside it, then removed", () => {
    const store = ws.path("former");
    expect(cli(["import", ws.path("first.ndjson"), "--store", store, "--quiet"]).code).toBe(0);
    const honest = report(store);
    rmSync(join(store, MODEL));
    const former = join(store, `${MODEL}.json`);
    writeFileSync(former, 'abc\n{"version":2,"position":"1","hazards":[]}');
    expect(report(store)).toBe(honest);
    expect(existsSync(join(store, MODEL))).toBe(true);
    expect(existsSync(former)).toBe(false);
  });

  it("another ledger's read model never changes a figure", () => {
    const mine = ws.path("mine");
    const other = ws.path("other");
    expect(cli(["import", ws.path("first.ndjson"), "--store", mine, "--quiet"]).code).toBe(0);
    expect(cli(["import", ws.path("second.ndjson"), "--store", other, "--quiet"]).code).toBe(0);
    const honest = report(mine);
    report(other);
    copyFileSync(join(other, MODEL), join(mine, MODEL));
    expect(report(mine)).toBe(honest);
  });

  it("a read model of a log that differs before its last event never changes a figure", () => {
    // Two ledgers whose logs end with the same event but differ in one hazard's region earlier:
    // the read model of one, put beside the other, names a last event the other holds too.
    const unsealed = first
      .trimEnd()
      .split("\n")
      .map((l) => {
        const { prevHash: _p, hash: _h, ...rest } = JSON.parse(l) as Record<string, unknown>;
        return rest;
      });
    const lastHazard = unsealed[unsealed.length - 1]?.hazardId;
    const edited: Record<string, unknown>[] = unsealed.map((e) => ({
      ...e,
      data: { ...(e.data as object) },
    }));
    // Another region for one hazard: the groups by region move, and no rule minds.
    const regions = new Set(edited.map((e) => (e.data as { region?: string }).region).filter(Boolean));
    const target = edited.find((e) => e.type === "HazardReported" && e.hazardId !== lastHazard);
    const data = target?.data as { region: string };
    const elsewhere = [...regions].find((r) => r !== data.region);
    expect(elsewhere).toBeDefined();
    data.region = elsewhere as string;
    const lines = (events: object[]) => events.map((e) => JSON.stringify(e)).join("\n") + "\n";
    writeFileSync(ws.path("honest.ndjson"), lines(unsealed));
    writeFileSync(ws.path("edited.ndjson"), lines(edited));
    const mine = ws.path("honest");
    const other = ws.path("edited-log");
    expect(cli(["import", ws.path("honest.ndjson"), "--store", mine, "--quiet"]).code).toBe(0);
    expect(cli(["import", ws.path("edited.ndjson"), "--store", other, "--quiet"]).code).toBe(0);
    const honest = report(mine);
    const theirs = report(other);
    expect(figuresOf(theirs).groups).not.toEqual(figuresOf(honest).groups);
    copyFileSync(join(other, MODEL), join(mine, MODEL));
    expect(report(mine)).toBe(honest);
  });

  it("a read model that is not a file, or is garbage, is only a slower query", () => {
    const store = ws.path("garbage");
    expect(cli(["import", ws.path("first.ndjson"), "--store", store, "--quiet"]).code).toBe(0);
    const honest = report(store);
    writeFileSync(join(store, MODEL), "not a read model");
    expect(report(store)).toBe(honest);
  });
});
