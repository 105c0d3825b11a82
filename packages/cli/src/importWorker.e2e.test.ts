import { existsSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BinRun, binWorkspace, isOneLine } from "./bin.fixture.js";
import { buildDemoLedger } from "./demo/demoLedger.js";

const ws = binWorkspace("import-worker");
afterAll(() => ws.remove());

const events = buildDemoLedger({ hazards: 300 });
const lines = events.map((e) => JSON.stringify(e));

/** The bin with the line worker forced on or off. */
const withWorker = (on: boolean, args: readonly string[]): BinRun => {
  const was = process.env["HAZARD_LEDGER_IMPORT_WORKER"];
  process.env["HAZARD_LEDGER_IMPORT_WORKER"] = on ? "on" : "off";
  try {
    return ws.cli(args);
  } finally {
    if (was === undefined) delete process.env["HAZARD_LEDGER_IMPORT_WORKER"];
    else process.env["HAZARD_LEDGER_IMPORT_WORKER"] = was;
  }
};

let store = 0;
/** `import FILE` into a new store (or `into`), with and without the worker: both runs and exports. */
const both = (file: string, into?: string) =>
  [true, false].map((on) => {
    const dir = into === undefined ? ws.path(`store-${store++}`) : `${into}-${on ? "worker" : "alone"}`;
    const run = withWorker(on, ["import", file, "--store", dir, "--quiet"]);
    const exported = ws.cli(["export", "--store", dir]);
    // Each run has its own store: its path is not part of what is compared.
    const general = (s: string): string => s.split(dir).join("STORE");
    return {
      code: run.code,
      stdout: general(run.stdout),
      stderr: general(run.stderr),
      exported: exported.code === 0 ? exported.stdout : general(`(${exported.stderr.trim()})`),
    };
  });

const fileOf = (name: string, content: string | Buffer): string => {
  writeFileSync(ws.path(name), content);
  return ws.path(name);
};

describe("import with the line worker is the import without it", () => {
  let exportedLog = "";
  beforeAll(() => {
    const [worker, alone] = both(fileOf("demo.ndjson", lines.join("\n") + "\n"));
    exportedLog = alone?.exported ?? "";
    expect(worker).toEqual(alone);
  });

  it("a valid log: the same summary and the same ledger, byte for byte", () => {
    expect(exportedLog.split("\n").length).toBeGreaterThan(events.length);
  });

  it("an exported log imported again (a round trip), and into the ledgers that hold it already", () => {
    const file = fileOf("exported.ndjson", exportedLog);
    const [worker, alone] = both(file, ws.path("again"));
    expect(worker).toEqual(alone);
    expect(worker?.exported).toBe(exportedLog);
    const [worker2, alone2] = both(file, ws.path("again"));
    expect(worker2).toEqual(alone2);
    expect(worker2?.stdout).toMatch(/imported 0 events .* skipped/);
  });

  it.each([
    ["broken JSON", (l: string[]) => l.splice(700, 1, "{oops")],
    ["a line against the rules (a hazard's first event dropped)", (l: string[]) => l.splice(0, 1)],
    [
      "a field of the wrong type",
      (l: string[]) => l.splice(900, 1, l[900]!.replace('"occurredAt":"', '"occurredAt":1,"x":"')),
    ],
  ])("%s: the same refusal at the same line, nothing stored", (_name, change) => {
    const bad = [...lines];
    change(bad);
    const [worker, alone] = both(fileOf(`bad-${store}.ndjson`, bad.join("\n") + "\n"));
    expect(worker).toEqual(alone);
    expect(worker?.code).not.toBe(0);
  });

  it("a changed hash in an exported log, and bytes that are not UTF-8: the same refusal", () => {
    const exported = exportedLog.split("\n");
    exported[500] = exported[500]!.replace(
      /"hash":"(.)/,
      (_m, c: string) => `"hash":"${c === "0" ? "1" : "0"}`,
    );
    const [worker, alone] = both(fileOf("badhash.ndjson", exported.join("\n")));
    expect(worker).toEqual(alone);
    expect(worker?.stderr).toMatch(/line 501: hash: does not match/);
    const bytes = Buffer.concat([
      Buffer.from(lines.slice(0, 600).join("\n") + "\n"),
      Buffer.from([0xc3, 0x28, 0x0a]),
      Buffer.from(lines.slice(600).join("\n") + "\n"),
    ]);
    const [worker2, alone2] = both(fileOf("notutf8.ndjson", bytes));
    expect(worker2).toEqual(alone2);
    expect(worker2?.stderr).toMatch(/line 601/);
  });
});

describe("HAZARD_LEDGER_IMPORT_WORKER", () => {
  it("other than on or off is a usage error in one line, and no ledger is created", () => {
    const file = fileOf("small.ndjson", lines.slice(0, 20).join("\n") + "\n");
    const dir = ws.path("mistyped-setting");
    const was = process.env["HAZARD_LEDGER_IMPORT_WORKER"];
    process.env["HAZARD_LEDGER_IMPORT_WORKER"] = "yes";
    try {
      const r = ws.cli(["import", file, "--store", dir, "--quiet"]);
      expect(r.code).toBe(2);
      expect(isOneLine(r.stderr)).toBe(true);
      expect(r.stderr).toMatch(/HAZARD_LEDGER_IMPORT_WORKER=yes: say on or off/);
      expect(existsSync(dir)).toBe(false);
    } finally {
      if (was === undefined) delete process.env["HAZARD_LEDGER_IMPORT_WORKER"];
      else process.env["HAZARD_LEDGER_IMPORT_WORKER"] = was;
    }
  });
});
