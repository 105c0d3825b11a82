import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openFileEventStore } from "../store/fileEventStore.js";
import { verifyStoreDirectory } from "../verify/verifyStore.js";
import { compiledScript, runScript, sleep, waitUntil } from "./spawnScript.fixture.js";

const ITERATIONS = Number(process.env["CRASH_ITERATIONS"] ?? 30);
/** A fresh store every few kills keeps each reopen and verify quick. */
const KILLS_PER_STORE = 5;

const root = mkdtempSync(path.join(tmpdir(), "store-file-crash-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("a writer killed at random moments", () => {
  it(`keeps every acknowledged event and no part of another transaction, over ${ITERATIONS} SIGKILLs`, async () => {
    const script = compiledScript("crashWriter");
    let planned = new Map<string, number>();
    let acked = new Set<string>();
    let dir = "";
    let tornTails = 0;
    let unacknowledgedSeen = 0;
    for (let i = 0; i < ITERATIONS; i++) {
      if (i % KILLS_PER_STORE === 0) {
        dir = path.join(root, `store-${i}`);
        planned = new Map();
        acked = new Set();
      }
      // Small segments (4 MiB), so that kills also land around segment rolls.
      const writer = runScript(script, [dir, `r${i}`, String(4 * 1024 * 1024)]);
      await waitUntil(
        () => writer.lines().some((l) => l.startsWith("A ")),
        30_000,
        () => `the writer acknowledged nothing: ${writer.stderr()}`,
      );
      await sleep(Math.random() * 300);
      writer.child.kill("SIGKILL");
      await writer.exited;
      for (const line of writer.lines()) {
        const [kind, txn, count] = line.split(" ");
        if (kind === "P" && txn !== undefined) planned.set(txn, Number(count));
        if (kind === "A" && txn !== undefined) acked.add(txn);
      }

      if ((await verifyStoreDirectory(dir)).tornTail !== undefined) tornTails++;
      const store = await openFileEventStore(dir);
      const found = new Map<string, number>();
      for await (const e of store.readAll()) {
        const txn = (e.eventId ?? "").split(":")[0] as string;
        found.set(txn, (found.get(txn) ?? 0) + 1);
      }
      for (const txn of acked) expect(found.get(txn), `acknowledged ${txn}`).toBe(planned.get(txn));
      for (const [txn, count] of found) {
        expect(count, `transaction ${txn} is there whole or not at all`).toBe(planned.get(txn));
        if (!acked.has(txn)) unacknowledgedSeen++;
      }
      const report = await store.verify();
      expect(report.breaks).toEqual([]);
      expect(report.tornTail).toBeUndefined();
      await store.close();
    }
    // What the kills hit, for the record (not asserted: it is random).
    console.info(
      `crash test: ${ITERATIONS} kills, ${tornTails} left a torn tail that reopening cut back, ` +
        `${unacknowledgedSeen} transactions were durable but killed before their ack was printed`,
    );
  }, 600_000);
});
