import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type EventStore,
  getInMemoryEventStore,
  importEventLog,
  toEventLogLine,
  verifyAll,
} from "@hazard-ledger/core";
import { buildDemoLedger } from "@hazard-ledger/cli";
import { buildReport, overdueList } from "@hazard-ledger/projections";
import { openFileEventStore } from "@hazard-ledger/store-file";
import { isRight } from "fp-ts/lib/Either.js";
import { afterAll, describe, expect, it } from "vitest";

// Across packages: one ledger, imported into each embedded store, must read back as the same
// log, verify, and give the same figures; the stores differ only in where the bytes live.
const dir = mkdtempSync(join(tmpdir(), "hazard-ledger-agree-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const lines = buildDemoLedger({ hazards: 120, seed: 7 }).map((e) => JSON.stringify(e));
const asOf = "2024-01-01T00:00:00+08:00";

const facts = async (store: EventStore) => {
  const imported = await importEventLog(store, lines, { now: "2024-06-01T00:00:00Z" });
  expect(isRight(imported)).toBe(true);
  const log: string[] = [];
  for await (const e of store.readAll()) log.push(toEventLogLine(e));
  const report = await buildReport(store.readAll(), {
    period: { from: "2023-01-01", to: "2024-01-01" },
    by: "sector",
  });
  const overdue = await overdueList(store.readAll(), { asOf });
  const answer = await store.ledgerDigest();
  // The commit time is each store's own clock; the digest depends on the events and order only.
  const digest = isRight(answer) ? { ...answer.right, committedAt: undefined } : answer.left;
  return { log, breaks: await verifyAll(store.readAll()), report, overdue, digest };
};

describe("every embedded store", () => {
  it("holds the same log, verifies, and gives the same report, overdue list and ledger digest", async () => {
    const memory = getInMemoryEventStore();
    const file = await openFileEventStore(join(dir, "store"));
    try {
      const [a, b] = [await facts(memory), await facts(file)];
      expect(a.log.length).toBeGreaterThan(lines.length / 2);
      expect(b.log).toEqual(a.log);
      expect(a.breaks).toEqual([]);
      expect(b.breaks).toEqual([]);
      expect(b.report).toEqual(a.report);
      expect(b.overdue).toEqual(a.overdue);
      expect(a.digest).toMatchObject({ algorithm: "sha256", events: a.log.length });
      expect(b.digest).toEqual(a.digest);
    } finally {
      await memory.close();
      await file.close();
    }
  });
});
