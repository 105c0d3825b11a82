import { readdirSync, rmSync, statSync, truncateSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sampleProgress, sampleReported } from "@hazard-ledger/testing";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { inProcessWorkspace } from "./inProcess.fixture.js";

// End to end through the CLI (in process): an auditor holds a digest printed earlier; the
// ledger grows; someone deletes, cuts, reorders or rewrites events (rebuilding every checksum
// and every hazard's hash chain, as a careful forger would); `verify --digest` must fail and
// name the first position where today's log parts from the digest, and an untouched ledger
// that only grew must pass.
const { work, cli, ok, ndjson } = inProcessWorkspace("hazard-ledger-digest-");

const HAZARDS = ["HZ-A", "HZ-B", "HZ-C", "HZ-D"];
// Two transactions: every hazard reported with a note, then three rounds of notes.
const first = ndjson(HAZARDS.flatMap((h) => [sampleReported(h), sampleProgress(h, `${h} first look`)]));
const second = ndjson([1, 2, 3].flatMap((r) => HAZARDS.map((h) => sampleProgress(h, `${h} round ${r}`))));
const later = ndjson(HAZARDS.map((h) => sampleProgress(h, `${h} after the digest`)));

const ledger = join(work, "ledger");
let exported: string[] = [];
let boundary = 0;
let segmentAfterFirst = 0;

beforeAll(async () => {
  await ok(["import", first, "--store", ledger, "--quiet"]);
  boundary = HAZARDS.length * 2;
  segmentAfterFirst = statSync(join(ledger, segmentOf(ledger))).size;
  await ok(["import", second, "--store", ledger, "--quiet"]);
  writeFileSync(join(work, "earlier.json"), await ok(["digest", "--store", ledger, "--format", "json"]));
  writeFileSync(
    join(work, "earlier-leaves.json"),
    await ok(["digest", "--store", ledger, "--format", "json", "--with-leaves"]),
  );
  exported = (await ok(["export", "--store", ledger])).trim().split("\n");
  await ok(["import", later, "--store", ledger, "--quiet"]);
});

function segmentOf(dir: string): string {
  const segments = readdirSync(dir).filter((n) => n.endsWith(".seg"));
  if (segments.length !== 1) throw new Error(`expected one segment in ${dir}`);
  return segments[0]!;
}

/** The events as lines without their store-made fields: a forger's import rebuilds them all. */
const unsealed = (lines: readonly string[]) =>
  lines.map((l) => {
    const {
      seq: _s,
      prevHash: _p,
      hash: _h,
      recordedAt: _r,
      ...rest
    } = JSON.parse(l) as Record<string, unknown>;
    return rest;
  });

type Tampering = { how: "delete" | "truncate" | "swap" | "rewrite"; i: number; j: number };

/** The earlier log with one tampering applied, as events to import into a fresh ledger. */
const tampered = ({ how, i, j }: Tampering): Record<string, unknown>[] => {
  const events = unsealed(exported);
  if (how === "delete") events.splice(i, 1);
  if (how === "truncate") events.splice(i);
  if (how === "swap") [events[i], events[j]] = [events[j]!, events[i]!];
  if (how === "rewrite") {
    const data = events[i]!["data"] as Record<string, unknown>;
    if (typeof data["note"] === "string") data["note"] = data["note"].replace(/.$/, "!");
    else data["title"] = "配电箱已接地";
  }
  return events;
};

/** The first position where two exported logs differ (the shorter's length when one is a prefix). */
const firstDifference = (a: readonly string[], b: readonly string[]): number => {
  for (let k = 0; k < Math.min(a.length, b.length); k++) if (a[k] !== b[k]) return k;
  return Math.min(a.length, b.length);
};

let forgeries = 0;
const forge = async (t: Tampering) => {
  const dir = join(work, `forged-${forgeries++}`);
  await ok(["import", ndjson(tampered(t)), "--store", dir, "--quiet"]);
  const today = (await ok(["export", "--store", dir])).trim().split("\n");
  return { dir, today };
};

/** A tampering that the rules accept: no hazard loses its report, and swaps cross hazards. */
const tamperingArb = fc
  .record({
    how: fc.constantFrom<Tampering["how"]>("delete", "truncate", "swap", "rewrite"),
    i: fc.integer({ min: 0, max: 19 }),
    j: fc.integer({ min: 0, max: 19 }),
  })
  .filter(({ how, i, j }) => {
    const events = unsealed(exported);
    const e = events[i]!;
    if (how === "delete") return e["type"] !== "HazardReported";
    // A forger cannot import nothing: an empty log makes no ledger.
    if (how === "truncate") return i > 0;
    // Swaps among the notes after every report (positions 0, 2, 4 and 6), across hazards.
    if (how === "swap") return 6 < i && i < j && e["hazardId"] !== events[j]!["hazardId"];
    return true;
  });

describe("verify --digest", () => {
  it("passes on the ledger that only grew since the digest, and says how it extends it", async () => {
    for (const file of ["earlier.json", "earlier-leaves.json"]) {
      const r = await cli(["verify", "--store", ledger, "--digest", file]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(
        /the log extends the digest of 20 events \(consistency proof of \d+ hashes\): 4 events added since, none changed/,
      );
    }
  });

  it("fails for every deletion, cut, swap and rewrite, naming the first position where the log parts", async () => {
    await fc.assert(
      fc.asyncProperty(tamperingArb, async (t) => {
        const { dir, today } = await forge(t);
        // The forged ledger is internally sound: every checksum and hash chain holds.
        expect((await cli(["verify", "--store", dir])).code).toBe(0);
        const at = firstDifference(exported, today);
        const r = await cli(["verify", "--store", dir, "--digest", "earlier-leaves.json"]);
        expect(r.code).toBe(1);
        const event =
          today[at] === undefined ? undefined : (JSON.parse(today[at]) as { hazardId: string; seq: number });
        expect(r.stderr).toBe(
          event === undefined
            ? `hazard-ledger: verify: the log parts from the digest of 20 events at position ${at}: it ends there, ${20 - at} of the events the digest covers are gone\n`
            : `hazard-ledger: verify: the log parts from the digest of 20 events at position ${at} (${event.hazardId} seq ${event.seq}): an event there was deleted, reordered or rewritten since\n`,
        );
        // Without the leaves, the digest still catches it and names a span holding that position.
        const bare = await cli(["verify", "--store", dir, "--digest", "earlier.json"]);
        expect(bare.code).toBe(1);
        const span = /at position (\d+)|within positions (\d+) to (\d+)/.exec(bare.stderr);
        expect(span, bare.stderr).not.toBeNull();
        const [from, to] = span![1] !== undefined ? [+span![1], +span![1]] : [+span![2]!, +span![3]!];
        expect(from).toBeLessThanOrEqual(at);
        expect(to).toBeGreaterThanOrEqual(at);
        rmSync(dir, { recursive: true, force: true });
      }),
      { numRuns: 12 },
    );
  });

  it("fails when the store is cut back to a transaction boundary and its index dropped", async () => {
    const cut = join(work, "cut");
    await ok(["import", first, "--store", cut, "--quiet"]);
    await ok(["import", second, "--store", cut, "--quiet"]);
    const digest = await ok(["digest", "--store", cut, "--format", "json", "--with-leaves"]);
    const bareDigest = await ok(["digest", "--store", cut, "--format", "json"]);
    truncateSync(join(cut, segmentOf(cut)), segmentAfterFirst);
    for (const f of readdirSync(cut)) if (f.includes("snapshot")) unlinkSync(join(cut, f));
    const r = await cli(["verify", "--store", cut, "--digest", "-"], digest);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `hazard-ledger: verify: the log parts from the digest of 20 events at position ${boundary}: it ends there, ${20 - boundary} of the events the digest covers are gone\n`,
    );
    // The bare digest (with its frontier) has no root for the first 8 events: it can only
    // say that the first difference lies among the first 9 positions.
    const bare = await cli(["verify", "--store", cut, "--digest", "-"], bareDigest);
    expect(bare.code).toBe(1);
    expect(bare.stderr).toMatch(/within positions 0 to 8 \(HZ-A seq 0\)/);
  });

  it("refuses a digest file that is not a digest, with one line naming it", async () => {
    writeFileSync(join(work, "not-a-digest.json"), '{"algorithm":"md5","events":1}');
    const r = await cli(["verify", "--store", ledger, "--digest", "not-a-digest.json"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'hazard-ledger: --digest not-a-digest.json: not a ledger digest: algorithm: "md5" is not one of sha256, sm3 (and 1 more)\n',
    );
  });
});
