import { readFileSync, readdirSync, truncateSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { crc32 } from "node:zlib";
import { type StoredHazardEvent, verifyStream } from "@hazard-ledger/core";
import { sampleProgress, sampleReported } from "@hazard-ledger/testing";
import { describe, expect, it } from "vitest";
import { inProcessWorkspace } from "./inProcess.fixture.js";

// The ledger digest end to end through the CLI (in process): `init --hash sm3` makes a ledger
// whose chains and digest are SM3; `digest` answers from the frontier the store keeps, and a
// forged saved frontier is named by `verify`; the HTML report names the digest as the text does.
const { work, cli, ok, ndjson } = inProcessWorkspace("hazard-ledger-sm3-");

const HAZARDS = ["HZ-A", "HZ-B", "HZ-C"];
const first = () => ndjson(HAZARDS.flatMap((h) => [sampleReported(h), sampleProgress(h, `${h} first look`)]));
const second = () => ndjson(HAZARDS.map((h) => sampleProgress(h, `${h} second look`)));
const segmentOf = (dir: string): string =>
  join(dir, readdirSync(dir).find((n) => n.endsWith(".seg")) as string);

describe("an sm3 ledger made by init --hash sm3", () => {
  it("seals its chains and its digest with SM3; verify and verify --digest pass, and fail once tampered", async () => {
    const ledger = join(work, "sm3");
    expect(await ok(["init", "--store", ledger, "--hash", "sm3"])).toMatch(/hash sm3\)\n$/);
    await ok(["import", first(), "--store", ledger, "--quiet"]);
    const cut = readFileSync(segmentOf(ledger)).length;
    writeFileSync(
      join(work, "sm3-earlier.json"),
      await ok(["digest", "--store", ledger, "--format", "json"]),
    );
    await ok(["import", second(), "--store", ledger, "--quiet"]);

    const events = (await ok(["export", "--store", ledger]))
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as StoredHazardEvent);
    for (const h of HAZARDS) {
      const chain = events.filter((e) => e.hazardId === h);
      expect(verifyStream(chain, "sm3")).toEqual([]);
      expect(verifyStream(chain, "sha256")).not.toEqual([]);
    }
    // The export carries the SM3 hashes: a ledger made with --hash sm3 takes it back whole,
    // checking each; a sha256 ledger refuses it, saying they are sm3 hashes.
    const exported = await ok(["export", "--store", ledger]);
    writeFileSync(join(work, "sm3-export.ndjson"), exported);
    await ok(["init", "--store", join(work, "sm3-copy"), "--hash", "sm3"]);
    await ok(["import", "sm3-export.ndjson", "--store", join(work, "sm3-copy"), "--quiet"]);
    expect(await ok(["export", "--store", join(work, "sm3-copy")])).toBe(exported);
    const refused = await cli(["import", "sm3-export.ndjson", "--store", join(work, "sha256-copy")]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/it is the sm3 hash: import the log into a ledger made with --hash sm3/);
    const digest = JSON.parse(await ok(["digest", "--store", ledger, "--format", "json"])) as object;
    expect(digest).toMatchObject({ algorithm: "sm3", events: 9 });
    expect(await ok(["verify", "--store", ledger])).toMatch(/^verified: /);
    expect(await ok(["verify", "--store", ledger, "--digest", "sm3-earlier.json"])).toMatch(
      /verified: the log extends the digest of 6 events/,
    );

    // Its second transaction cut off and the saved index removed: the log is whole and its
    // chains intact, but it no longer extends the digest printed after that transaction.
    writeFileSync(join(work, "sm3-later.json"), JSON.stringify(digest));
    truncateSync(segmentOf(ledger), cut);
    unlinkSync(join(ledger, "index.snapshot"));
    expect((await cli(["verify", "--store", ledger])).code).toBe(0);
    const r = await cli(["verify", "--store", ledger, "--digest", "sm3-later.json"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^hazard-ledger: verify: the log parts from the digest of 9 events /);
  });

  it("refuses --hash other than sha256 or sm3 as a usage error", async () => {
    const r = await cli(["init", "--store", join(work, "md5"), "--hash", "md5"]);
    expect(r).toMatchObject({ code: 2, stderr: 'hazard-ledger: --hash: "md5" is not one of sha256, sm3\n' });
  });
});

describe("the digest a file store keeps", () => {
  it("is what digest prints; a saved frontier forged to match its checksum is named by verify and verify --digest", async () => {
    const ledger = join(work, "kept");
    await ok(["import", first(), "--store", ledger, "--quiet"]);
    const honest = JSON.parse(await ok(["digest", "--store", ledger, "--format", "json"])) as {
      digest: string;
    };
    const full = JSON.parse(await ok(["digest", "--store", ledger, "--format", "json", "--with-leaves"])) as {
      digest: string;
    };
    expect(honest.digest).toBe(full.digest);
    writeFileSync(join(work, "kept.json"), JSON.stringify(honest));

    // A forger rewrites the saved frontier's first node and the snapshot's checksum.
    const file = join(ledger, "index.snapshot");
    const snapshot = readFileSync(file);
    const at = snapshot.indexOf('"nodes":["') + 10;
    snapshot.write("0".repeat(64), at, "latin1");
    snapshot.writeUInt32LE(crc32(snapshot.subarray(12)), 8);
    writeFileSync(file, snapshot);

    const forged = JSON.parse(await ok(["digest", "--store", ledger, "--format", "json"])) as {
      digest: string;
    };
    expect(forged.digest).not.toBe(honest.digest);
    const plain = await cli(["verify", "--store", ledger]);
    expect(plain.code).toBe(1);
    expect(plain.stderr).toMatch(/^hazard-ledger: verify: the ledger digest's frontier saved with the index/);
    const against = await cli(["verify", "--store", ledger, "--digest", "kept.json"]);
    expect(against.code).toBe(1);
    expect(against.stderr).toMatch(
      /the digest the store keeps for its 6 events \([0-9a-f]{64}\) is not the one its log gives/,
    );
  });
});

describe("report --format html", () => {
  it("ends its text with the ledger digest line, as the text report does (the page named no digest)", async () => {
    const ledger = join(work, "html");
    await ok(["import", first(), "--store", ledger, "--quiet"]);
    const { digest } = JSON.parse(await ok(["digest", "--store", ledger, "--format", "json"])) as {
      digest: string;
    };
    const text = await ok(["report", "--store", ledger, "--lang", "en", "--to", "2024-01-01"]);
    const line = text.trim().split("\n").at(-1) as string;
    expect(line).toBe(`Ledger digest (sha256, 6 events): ${digest}`);
    await ok([
      "report",
      "--store",
      ledger,
      "--lang",
      "en",
      "--to",
      "2024-01-01",
      "--format",
      "html",
      "--out",
      "r.html",
    ]);
    expect(readFileSync(join(work, "r.html"), "utf8")).toContain(line);
  });
});
