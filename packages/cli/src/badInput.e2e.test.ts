import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { Readable } from "node:stream";
import { sampleProgress, sampleReported } from "@hazard-ledger/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, binWorkspace, isOneLine } from "./bin.fixture.js";
import type { CliIo } from "./io.js";
import { run } from "./run.js";

/**
 * The bad-input table: malformed input of every class (file, line, field, flag, path), each
 * run against a ledger seeded with a small valid import. Each row checks the exit code, that
 * stderr is exactly one line matching the row's message, and that the ledger's export is
 * byte-identical after. Most rows run the CLI in-process (`run(argv, io)`, the code the bin
 * runs); the rows marked `bin` spawn the real bin.
 */

const ws = binWorkspace("bad-input");
afterAll(() => ws.remove());
const LEDGER = "ledger";
/** The in-process clock: after every recordedAt of the seed and of the rows, before 2030. */
const NOW = new Date("2023-03-10T00:00:00.000Z");
/**
 * When the seed is committed: after its own recordedAt and before the rows' lines, so that a
 * valid line of a row is no backfill (a backfill is refused, and would hide the row's fault).
 */
const SEEDED_AT = new Date("2023-03-02T03:00:00.000Z");

interface Outcome {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const inProcess = async (
  argv: readonly string[],
  stdin: Buffer = Buffer.alloc(0),
  now: Date = NOW,
): Promise<Outcome> => {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    stdin: Readable.from([stdin]),
    now: () => now,
    env: {},
    cwd: ws.work,
  };
  const code = await run(argv, io);
  return { code, stdout, stderr };
};

/** The real bin, its stdin given as bytes (a GBK or UTF-16 stream must reach it unchanged). */
const throughBin = (argv: readonly string[], stdin?: Buffer): Outcome => {
  const r = spawnSync(process.execPath, [BIN, ...argv], {
    cwd: ws.work,
    ...(stdin !== undefined ? { input: stdin } : {}),
    env: { ...process.env, HAZARD_LEDGER_STORE: "" },
  });
  return { code: r.status, stdout: r.stdout.toString("utf8"), stderr: r.stderr.toString("utf8") };
};

const exportLedger = async (): Promise<string> => {
  const r = await inProcess(["export", "--store", LEDGER]);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
};

// The seed and the lines the rows break: the shared sample events (packages/testing).
const SEED_ID = "HZ-SEED-1";
const seedReported = sampleReported(SEED_ID, { recordedAt: "2023-03-01T02:05:11.120Z" });
const seedProgress = sampleProgress(SEED_ID, "已停用配电箱", { recordedAt: "2023-03-02T02:00:00Z" });
const NEW_ID = "HZ-NEW-1";
/** A valid line of a hazard the ledger does not have. */
const fresh = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  ...sampleReported(NEW_ID, { recordedAt: "2023-03-03T02:00:00Z" }),
  ...over,
});
const freshData = (data: Record<string, unknown>): Record<string, unknown> => {
  const line = fresh();
  return { ...line, data: { ...(line["data"] as Record<string, unknown>), ...data } };
};
const assignment = (data: Record<string, unknown> = {}, over: Record<string, unknown> = {}) => ({
  hazardId: SEED_ID,
  type: "RectificationAssigned",
  occurredAt: "2023-03-05T10:00:00+08:00",
  recordedAt: "2023-03-05T02:10:00Z",
  actor: { id: "u-1001", role: "inspector", level: "county" },
  data: { responsibleUnit: "某某机械厂", deadline: "2023-03-31", ...data },
  ...over,
});
const without = (line: Record<string, unknown>, key: string): Record<string, unknown> => {
  const { [key]: _gone, ...rest } = line;
  return rest;
};
const json = (...lines: unknown[]): string =>
  lines.map((l) => (typeof l === "string" ? l : JSON.stringify(l))).join("\n") + "\n";
const utf8 = (s: string): Buffer => Buffer.from(s, "utf8");

/** `text` with every 配 as GBK bytes (C5 E4): a file saved as GBK whose other text is ASCII. */
const asGbk = (text: string): Buffer => {
  const parts = text.split("配");
  return Buffer.concat(parts.flatMap((p, i) => (i === 0 ? [utf8(p)] : [Buffer.from([0xc5, 0xe4]), utf8(p)])));
};
/** A line whose only non-ASCII text is 配. */
const gbkLine = JSON.stringify(freshData({ title: "配", unit: { name: "works" } })).replace(
  /"actor":\{[^}]*\}/,
  '"actor":{"id":"u-1","role":"inspector"}',
);

interface Row {
  /** The class of malformed input. */
  readonly name: string;
  readonly argv: readonly string[];
  /** Written to `input.ndjson` (FILE in argv) before the run. */
  readonly file?: Buffer;
  /** Given on stdin. */
  readonly stdin?: Buffer;
  readonly code: 1 | 2;
  readonly message: RegExp;
  /** Run through the real bin rather than in-process. */
  readonly bin?: boolean;
}

const FILE = "input.ndjson";
const importFile = (file: Buffer, message: RegExp, more: Partial<Row> = {}): Omit<Row, "name"> => ({
  argv: ["import", FILE, "--store", LEDGER, "--quiet"],
  file,
  code: 1,
  message: new RegExp(`^hazard-ledger: ${FILE}: ${message.source}`),
  ...more,
});
/** One bad line after a good one: the message names line 2. */
const line2 = (bad: unknown, message: RegExp, more: Partial<Row> = {}) =>
  importFile(utf8(json(fresh(), bad)), new RegExp(`line 2: ${message.source}`), more);

const rows: Row[] = [
  // --- file: bytes that are not an event log
  {
    name: "file: binary (NUL bytes)",
    ...importFile(
      Buffer.from([
        0x89, 0x50, 0x4e, 0x47, 0x1a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 1, 0, 8, 6, 0x0a,
      ]),
      /line 1: not UTF-8 text: it contains NUL bytes/,
    ),
  },
  {
    name: "file: GBK (non-UTF-8 input is stored as garbage, no more)",
    ...importFile(asGbk(json(gbkLine)), /line 1: not UTF-8: the bytes look like GBK \(GB 18030/),
    bin: true,
  },
  {
    name: "file: GBK on a later line",
    ...importFile(
      Buffer.concat([utf8(json(fresh({ hazardId: "HZ-NEW-2" }))), asGbk(json(gbkLine))]),
      /line 2: not UTF-8: the bytes look like GBK/,
    ),
  },
  {
    name: "file: UTF-16 LE with BOM",
    ...importFile(
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(json(fresh()), "utf16le")]),
      /line 1: not UTF-8: the file is UTF-16 LE \(byte-order mark FF FE\)/,
    ),
  },
  {
    name: "file: UTF-16 BE with BOM",
    ...importFile(
      Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(json(fresh()), "utf16le").swap16()]),
      /line 1: not UTF-8: the file is UTF-16 BE \(byte-order mark FE FF\)/,
    ),
  },
  {
    name: "file: UTF-16 LE without BOM",
    ...importFile(
      Buffer.from(json(fresh()), "utf16le"),
      /line 1: not UTF-8: the file is UTF-16 LE \(no byte-order mark\)/,
    ),
  },
  {
    name: "file: invalid UTF-8 that is no GBK either",
    ...importFile(
      Buffer.concat([utf8('{"hazardId":"'), Buffer.from([0xff, 0xff]), utf8('"}\n')]),
      /line 1: not UTF-8 text/,
    ),
  },
  {
    name: "file: UTF-8 BOM is skipped (the line's own fault is named)",
    ...importFile(
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8(json(fresh({ colour: "red" })))]),
      /line 1: colour: unknown field/,
    ),
  },
  {
    name: "file: CRLF line ends read as LF",
    ...importFile(
      utf8(json(fresh(), fresh({ seq: 7 })).replace(/\n/g, "\r\n")),
      /line 2: seq: 7 is not the next position of HZ-NEW-1 \(expected 1\)/,
    ),
  },
  {
    name: "file: truncated last line",
    ...importFile(utf8(json(fresh()) + JSON.stringify(assignment()).slice(0, 40)), /line 2: broken JSON/),
  },
  {
    name: "file: huge line (over 1 MiB)",
    ...importFile(
      utf8(json(freshData({ description: "x".repeat(1_100_000) }))),
      /line 1: longer than 1048576 bytes/,
    ),
  },
  {
    // Valid UTF-8, so JSON is what refuses it.
    name: "file: control bytes (binary that is valid UTF-8)",
    ...importFile(Buffer.from([0x7b, 0x01, 0x02, 0x03, 0x1b, 0x5b, 0x7f, 0x0a]), /line 1: broken JSON/),
  },
  {
    name: "file: GBK on stdin",
    argv: ["import", "-", "--store", LEDGER, "--quiet"],
    stdin: asGbk(json(gbkLine)),
    code: 1,
    message: /^hazard-ledger: stdin: line 1: not UTF-8: the bytes look like GBK/,
  },
  {
    name: "file: UTF-16 on stdin (bin)",
    argv: ["import", "-", "--store", LEDGER, "--quiet"],
    stdin: Buffer.from(json(fresh()), "utf16le"),
    code: 1,
    message: /^hazard-ledger: stdin: line 1: not UTF-8: the file is UTF-16 LE/,
    bin: true,
  },
  // --- line: not one JSON object
  { name: "line: not JSON", ...line2("{not json", /broken JSON/) },
  { name: "line: a JSON array", ...line2("[1,2]", /must be a JSON object/) },
  { name: "line: a number", ...line2("42", /must be a JSON object/) },
  { name: "line: a string", ...line2('"HZ-1"', /must be a JSON object/) },
  { name: "line: null", ...line2("null", /must be a JSON object/) },
  { name: "line: trailing garbage", ...line2(JSON.stringify(assignment()) + " x", /broken JSON/) },
  {
    name: "line: two objects on one line",
    ...line2(JSON.stringify(assignment()) + JSON.stringify(assignment()), /broken JSON/),
  },
  // --- field
  { name: "field: missing hazardId", ...line2(without(assignment(), "hazardId"), /hazardId: is required/) },
  { name: "field: missing type", ...line2(without(assignment(), "type"), /type: is required/) },
  {
    name: "field: missing occurredAt",
    ...line2(without(assignment(), "occurredAt"), /occurredAt: is required/),
  },
  { name: "field: missing actor", ...line2(without(assignment(), "actor"), /actor: is required/) },
  { name: "field: missing data", ...line2(without(assignment(), "data"), /data: is required/) },
  {
    name: "field: missing required data field",
    ...line2(assignment({ responsibleUnit: undefined }), /data\.responsibleUnit: is required/),
  },
  {
    name: "field: wrong type (seq as a string)",
    ...line2(assignment({}, { seq: "1" }), /seq: "1" is not a non-negative whole number/),
  },
  {
    name: "field: wrong type (title as a number)",
    ...line2(freshData({ title: 7 }), /data\.title: must be a string/),
  },
  {
    name: "field: unknown envelope field (unknown fields are silently dropped, no more)",
    ...line2(assignment({}, { recordedat: "2023-03-05T02:10:00Z" }), /recordedat: unknown field/),
  },
  {
    name: "field: unknown data field",
    ...line2(assignment({ deadLine: "2023-03-31" }), /data\.deadLine: unknown field/),
  },
  {
    name: "field: unknown nested field (data.unit)",
    ...line2(freshData({ unit: { name: "某某机械厂", nmae: "x" } }), /data\.unit\.nmae: unknown field/),
  },
  {
    name: "field: unknown actor field",
    ...line2(
      assignment({}, { actor: { id: "u-1", role: "inspector", orgg: "x" } }),
      /actor\.orgg: unknown field/,
    ),
  },
  {
    name: "field: unknown field in data.criteria[]",
    ...line2(
      freshData({ criteria: [{ standard: "GB 1", clause: "1", note: "x" }] }),
      /data\.criteria\[0\]\.note: unknown field/,
    ),
  },
  {
    name: "field: misspelled optional field",
    ...line2(freshData({ descripton: "漏电" }), /data\.descripton: unknown field/),
  },
  { name: "field: ext not an object", ...line2(assignment({}, { ext: "mine" }), /ext: /) },
  {
    name: "field: bad date (not YYYY-MM-DD)",
    ...line2(assignment({ deadline: "2023-3-31" }), /data\.deadline: "2023-3-31"/),
  },
  {
    name: "field: Feb 30",
    ...line2(
      assignment({ deadline: "2023-02-30" }),
      /data\.deadline: "2023-02-30" is not a real calendar date/,
    ),
  },
  {
    name: "field: instant without offset",
    ...line2(assignment({}, { occurredAt: "2023-03-05T10:00:00" }), /occurredAt: .*offset/),
  },
  {
    name: "field: instant that is not a time",
    ...line2(assignment({}, { recordedAt: "yesterday" }), /recordedAt: "yesterday"/),
  },
  {
    name: "field: negative fen",
    ...line2(assignment({ fundsFen: -1 }), /data\.fundsFen: -1 is not a non-negative whole number of fen/),
  },
  {
    name: "field: non-integer fen",
    ...line2(assignment({ fundsFen: 1.5 }), /data\.fundsFen: 1\.5 is not a non-negative whole number of fen/),
  },
  {
    name: "field: bad hazardId",
    ...line2(assignment({}, { hazardId: "HZ 1" }), /hazardId: "HZ 1" is not a hazard id/),
  },
  {
    name: "field: bad enum (level)",
    ...line2(freshData({ level: "huge" }), /data\.level: "huge" is not one of general, major/),
  },
  {
    name: "field: bad enum (actor role)",
    ...line2(assignment({}, { actor: { id: "u-1", role: "boss" } }), /actor\.role: "boss" is not one of/),
  },
  {
    name: "field: unknown event type",
    ...line2(assignment({}, { type: "HazardExploded" }), /type: "HazardExploded" is not an event type/),
  },
  {
    name: "field: schemaVersion from the future",
    ...line2(assignment({}, { schemaVersion: 99 }), /schemaVersion: /),
  },
  {
    name: "field: seq mismatch",
    ...line2(assignment({}, { seq: 5 }), /seq: 5 is not the next position of HZ-SEED-1 \(expected 2\)/),
  },
  {
    name: "field: prevHash mismatch",
    ...line2(
      assignment({}, { seq: 2, prevHash: "0".repeat(64) }),
      /prevHash: does not match the hash of HZ-SEED-1 seq 1/,
    ),
  },
  {
    name: "field: hash mismatch",
    ...importFile(
      utf8(json(fresh({ seq: 0, prevHash: "0".repeat(64), hash: "f".repeat(64) }))),
      /line 1: hash: does not match the content of HZ-NEW-1 seq 0/,
    ),
  },
  {
    name: "field: a seq the ledger holds, with another event",
    ...line2(
      assignment({}, { seq: 0, hash: "f".repeat(64) }),
      /HZ-SEED-1 seq 0 is already in the ledger with a different event/,
    ),
  },
  {
    name: "field: future recordedAt (a future recordedAt freezes a hazard, no more)",
    ...line2(
      assignment({}, { recordedAt: "2030-01-01T00:00:00Z" }),
      /recordedAt: 2030-01-01T00:00:00Z is later than the time of import/,
    ),
  },
  {
    name: "field: future occurredAt",
    ...line2(
      assignment({}, { occurredAt: "2030-01-01T00:00:00Z", recordedAt: undefined }),
      /HZ-SEED-1 seq 2: OCCURRED_AFTER_RECORDED/,
    ),
  },
  {
    name: "field: reused commandId (a reused commandId loses an event, no more)",
    ...importFile(
      utf8(json(fresh({ commandId: "cmd-1" }), { ...assignment(), hazardId: NEW_ID, commandId: "cmd-1" })),
      /line 2: commandId: "cmd-1" is already used by another event of HZ-NEW-1 \(COMMAND_ID_REUSED/,
    ),
  },
  {
    name: "field: recordedAt going back within a hazard",
    ...line2(
      { ...assignment(), hazardId: NEW_ID, recordedAt: "2023-03-01T00:00:00Z" },
      /recordedAt: 2023-03-01T00:00:00Z is earlier than the previous event of HZ-NEW-1/,
    ),
  },
  {
    name: "rule: an event of a hazard never reported",
    ...line2({ ...assignment(), hazardId: "HZ-NONE" }, /HZ-NONE seq 0: HAZARD_NOT_FOUND/),
  },
  {
    name: "rule: re-importing the seed (the hazard already exists)",
    ...importFile(
      utf8(json(seedReported, seedProgress)),
      /line 1: hazard HZ-SEED-1 already exists in the ledger \(was this file imported already\?\)/,
    ),
  },
  // --- flag
  {
    name: "flag: bad --tz",
    argv: ["import", FILE, "--store", LEDGER, "--tz", "Mars/Olympus"],
    file: utf8(json(fresh())),
    code: 2,
    message: /^hazard-ledger: --tz: "Mars\/Olympus" is not an IANA time zone$/,
  },
  {
    name: "flag: bad --as-of",
    argv: ["report", "--store", LEDGER, "--as-of", "yesterday"],
    code: 2,
    message: /^hazard-ledger: --as-of: "yesterday" is not an RFC 3339 time/,
  },
  {
    name: "flag: bad --from (Feb 30)",
    argv: ["report", "--store", LEDGER, "--from", "2023-02-30"],
    code: 2,
    message: /^hazard-ledger: --from: "2023-02-30" is not a calendar date/,
  },
  {
    name: "flag: bad --format",
    argv: ["status", SEED_ID, "--store", LEDGER, "--format", "yaml"],
    code: 2,
    message: /^hazard-ledger: --format: "yaml" is not one of/,
  },
  {
    name: "flag: unknown flag",
    argv: ["import", FILE, "--store", LEDGER, "--colour"],
    file: utf8(json(fresh())),
    code: 2,
    message: /^hazard-ledger: unknown option '--colour'/,
    bin: true,
  },
  {
    name: "flag: missing argument (import without FILE)",
    argv: ["import", "--store", LEDGER],
    code: 2,
    message: /^hazard-ledger: missing required argument 'file'/,
  },
  {
    name: "flag: missing value of --store",
    argv: ["import", FILE, "--store"],
    file: utf8(json(fresh())),
    code: 2,
    message: /^hazard-ledger: option '--store <store>' argument missing/,
  },
  {
    name: "flag: unknown command",
    argv: ["imprt", FILE, "--store", LEDGER],
    code: 2,
    message: /^hazard-ledger: unknown command 'imprt'/,
  },
  // --- path
  {
    name: "path: missing FILE",
    argv: ["import", "nope.ndjson", "--store", LEDGER],
    code: 1,
    message: /^hazard-ledger: nope\.ndjson: cannot read \(ENOENT\)$/,
  },
  {
    name: "path: a directory as FILE",
    argv: ["import", "adir", "--store", LEDGER],
    code: 1,
    message: /^hazard-ledger: adir: not a file$/,
  },
];

describe("bad input: every class of malformed input is refused in one line, the ledger unchanged", () => {
  let seeded = "";
  beforeAll(async () => {
    mkdirSync(ws.path("adir"), { recursive: true });
    writeFileSync(ws.path("seed.ndjson"), json(seedReported, seedProgress));
    const r = await inProcess(["import", "seed.ndjson", "--store", LEDGER, "--quiet"], undefined, SEEDED_AT);
    expect(r.code, r.stderr).toBe(0);
    seeded = await exportLedger();
    expect(seeded.trim().split("\n")).toHaveLength(2);
  });

  it("has at least 40 classes, each named once", () => {
    expect(rows.length).toBeGreaterThanOrEqual(40);
    expect(new Set(rows.map((r) => r.name)).size).toBe(rows.length);
  });

  it.each(rows.map((r) => [r.name, r] as const))("%s", async (_name, row) => {
    if (row.file !== undefined) writeFileSync(ws.path(FILE), row.file);
    const r: Outcome =
      row.bin === true ? throughBin(row.argv, row.stdin) : await inProcess(row.argv, row.stdin);
    expect(r.code, r.stderr).toBe(row.code);
    expect(isOneLine(r.stderr), r.stderr).toBe(true);
    expect(r.stderr.endsWith("\n")).toBe(true);
    expect(r.stderr.trimEnd()).toMatch(row.message);
    expect(await exportLedger()).toBe(seeded);
  });
});
