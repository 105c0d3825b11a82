import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { verifyAll } from "@hazard-ledger/core";
import { type MerkleFrontier, ledgerDigestOf } from "@hazard-ledger/core/digest";
import * as E from "fp-ts/lib/Either.js";
import { afterAll, describe, expect, it } from "vitest";
import { readIndexSnapshot, writeIndexSnapshot } from "../index/indexSnapshot.js";
import { type FileEventStore, openFileEventStore } from "./fileEventStore.js";
import { progress, sampleStore } from "./sampleStore.fixture.js";

const root = mkdtempSync(path.join(tmpdir(), "store-file-digest-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = (): string => path.join(root, `s${n++}`);
const small = { fsync: false, segmentBytes: 1024 } as const;

const hashesOf = async (store: FileEventStore): Promise<string[]> => {
  const out: string[] = [];
  for await (const e of store.readAll()) out.push(e.hash);
  return out;
};

const digestOf = async (store: FileEventStore, upTo?: number) => {
  const answer = await store.ledgerDigest(upTo);
  if (E.isLeft(answer)) throw new Error(answer.left.message);
  return answer.right;
};

/** The digest the store answers is the one its log's events give, read whole. */
const expectTrueDigest = async (store: FileEventStore): Promise<void> => {
  const hashes = await hashesOf(store);
  expect(await digestOf(store)).toMatchObject(ledgerDigestOf("sha256", hashes));
};

/** Rewrites index.snapshot with its frontier changed, its checksum made to match (as a forger would). */
const forgeSavedFrontier = (
  dir: string,
  change: (f: MerkleFrontier) => MerkleFrontier,
  lastHash?: string,
): void => {
  const saved = readIndexSnapshot(dir);
  if (saved?.frontier === undefined) throw new Error("no saved frontier");
  writeIndexSnapshot(dir, {
    ...saved,
    frontier: {
      ...saved.frontier,
      frontier: change(saved.frontier.frontier),
      lastHash: lastHash ?? saved.frontier.lastHash,
    },
  });
};

describe("the file store's ledger digest", () => {
  it("is saved with the index at close and answered after reopening, the same as before", async () => {
    const dir = freshDir();
    const first = await sampleStore(dir, 3, 5, small);
    const before = await digestOf(first);
    await expectTrueDigest(first);
    await first.close();
    expect(readIndexSnapshot(dir)?.frontier?.frontier.size).toBe(15);

    const second = await openFileEventStore(dir, small);
    expect(await digestOf(second)).toEqual(before);
    expect(await digestOf(second, 7)).toMatchObject(
      ledgerDigestOf("sha256", (await hashesOf(second)).slice(0, 7)),
    );
    expect((await second.appendToStream("HZ-1", [progress("HZ-1", "after")]))._tag).toBe("Right");
    await expectTrueDigest(second);
    await second.close();
  });

  it("reads only the log after a saved frontier that is behind it, and what other writers appended", async () => {
    const dir = freshDir();
    await (await sampleStore(dir, 2, 3)).close();
    const reader = await openFileEventStore(dir, { fsync: false });
    const writer = await openFileEventStore(dir, { fsync: false });
    await writer.appendToStream("HZ-0", [progress("HZ-0", "later")]);
    await expectTrueDigest(reader);
    expect((await digestOf(reader)).events).toBe(7);
    // The writer crashed: the saved index still covers 6 events, the log holds 7.
    const late = await openFileEventStore(dir, { fsync: false });
    expect(readIndexSnapshot(dir)?.frontier?.frontier.size).toBe(6);
    await expectTrueDigest(late);
    await late.close();
    await reader.close();
    await writer.close();
  });

  it("does not take a saved frontier that is damaged or ends at an event the log does not hold", async () => {
    const dir = freshDir();
    await (await sampleStore(dir, 3, 3, small)).close();
    const snapshot = path.join(dir, "index.snapshot");
    const good = readFileSync(snapshot);

    const damaged = Buffer.from(good);
    const at = damaged.indexOf('"nodes"');
    damaged[at + 12] = (damaged[at + 12] as number) ^ 0x01;
    writeFileSync(snapshot, damaged);
    const a = await openFileEventStore(dir, { ...small, mode: "read" });
    await expectTrueDigest(a);
    await a.close();

    writeFileSync(snapshot, good);
    forgeSavedFrontier(
      dir,
      (f) => ({ ...f, nodes: f.nodes.map((x) => Buffer.from(x).fill(7)) }),
      "ab".repeat(32),
    );
    const b = await openFileEventStore(dir, { ...small, mode: "read" });
    await expectTrueDigest(b);
    await b.close();
  });

  it("is checked whole by verify, which names a saved frontier forged to pass the open's check", async () => {
    const dir = freshDir();
    await (await sampleStore(dir, 3, 3, small)).close();
    const honest = await openFileEventStore(dir, { ...small, mode: "read" });
    expect((await honest.verify()).ok).toBe(true);
    await honest.close();

    forgeSavedFrontier(dir, (f) => ({ ...f, nodes: [Buffer.alloc(32, 7), ...f.nodes.slice(1)] }));
    const forged = await openFileEventStore(dir, { ...small, mode: "read" });
    const report = await forged.verify();
    expect(report.ok).toBe(false);
    expect(report.breaks.map((b) => b.reason)).toEqual(["digest_frontier_mismatch"]);
    expect(report.breaks[0]?.message).toMatch(
      /^the ledger digest's frontier saved with the index \(index\.snapshot\) for the first 9 events/,
    );
    await forged.close();
  });

  it("of an sm3 ledger: its chains and digest are SM3 (they were sha256 whatever the ledger said)", async () => {
    const dir = freshDir();
    const ledger = {
      timeZone: "Asia/Shanghai",
      hashAlgorithm: "sm3",
      createdBy: "init",
      createdAt: "2024-01-01T00:00:00.000Z",
    } as const;
    const store = await sampleStore(dir, 2, 3, { ...small, ledger });
    const hashes = await hashesOf(store);
    expect(await verifyAll(store.readAll(), "sm3")).toEqual([]);
    expect((await store.verify()).ok).toBe(true);
    expect(await digestOf(store)).toMatchObject(ledgerDigestOf("sm3", hashes));
    await store.close();
    const again = await openFileEventStore(dir, { ...small, mode: "read" });
    expect(await digestOf(again)).toMatchObject({ algorithm: "sm3", events: 6 });
    expect((await again.verify()).ok).toBe(true);
    await again.close();
  });
});
