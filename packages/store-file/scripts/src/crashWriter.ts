/**
 * A writer for the crash test: appends forever until it is killed. Before each transaction
 * it prints `P <txn> <count>` (planned), and once the append has resolved (durable),
 * `A <txn>` (acknowledged). Every event's eventId is `<txn>:<i>`, so the test can tell,
 * after a SIGKILL, that every acknowledged transaction is there whole and no other
 * transaction is there in part.
 *
 * Usage: node crashWriter.js DIR RUN_ID [SEGMENT_BYTES]
 */
import type { NewHazardEvent, StreamAppend } from "@hazard-ledger/core";
import { openFileEventStore } from "@hazard-ledger/store-file";

const [dir, runId, segmentBytes] = process.argv.slice(2);
if (dir === undefined || runId === undefined) {
  process.stderr.write("usage: crashWriter DIR RUN_ID\n");
  process.exit(2);
}

const actor = { id: "crash-writer", role: "system" } as const;
const say = (line: string): void => {
  // Writes to a pipe are synchronous on Linux: a printed ack is out before the next append.
  process.stdout.write(`${line}\n`);
};

const event = (hazardId: string, eventId: string, noteBytes: number): NewHazardEvent => ({
  hazardId,
  type: "ProgressReported",
  occurredAt: "2024-01-01T08:00:00+08:00",
  actor,
  data: { note: `${eventId} ${"x".repeat(noteBytes)}` },
  eventId,
});

const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)] as T;
const hazards = [...["S0", "S1", "S2"].map((h) => `HZ-${h}`), ...[0, 1, 2, 3].map((k) => `HZ-${runId}-${k}`)];
const noteSize = (): number => (Math.random() < 0.1 ? 20_000 + Math.floor(Math.random() * 80_000) : 50);

const store = await openFileEventStore(dir, {
  lockTimeoutMs: 30_000,
  ...(segmentBytes !== undefined ? { segmentBytes: Number(segmentBytes) } : {}),
});
let n = 0;
for (;;) {
  const roll = Math.random();
  if (roll < 0.5) {
    // Several appends at once: they share one group commit.
    const appends = Array.from({ length: 1 + Math.floor(Math.random() * 6) }, () => {
      const txn = `${runId}.${n++}`;
      const hazardId = pick(hazards);
      const count = 1 + Math.floor(Math.random() * 3);
      say(`P ${txn} ${count}`);
      const events = Array.from({ length: count }, (_, i) => event(hazardId, `${txn}:${i}`, noteSize()));
      return store.appendToStream(hazardId, events).then((r) => {
        if (r._tag === "Left") throw new Error(r.left.message);
        say(`A ${txn}`);
      });
    });
    await Promise.all(appends);
  } else {
    // An import: one atomic batch over several hazards, now and then a big one.
    const txn = `${runId}.${n++}`;
    // Now and then many megabytes, written in several chunks: a kill can land between them.
    const huge = roll < 0.58;
    const count = huge
      ? 100 + Math.floor(Math.random() * 300)
      : roll < 0.65
        ? 500 + Math.floor(Math.random() * 2500)
        : 2 + Math.floor(Math.random() * 60);
    const byHazard = new Map<string, NewHazardEvent[]>();
    for (let i = 0; i < count; i++) {
      const hazardId = pick(hazards);
      const list = byHazard.get(hazardId) ?? [];
      list.push(event(hazardId, `${txn}:${i}`, huge ? 20_000 + Math.floor(Math.random() * 40_000) : 200));
      byHazard.set(hazardId, list);
    }
    const appends: StreamAppend[] = [...byHazard].map(([hazardId, events]) => ({ hazardId, events }));
    say(`P ${txn} ${count}`);
    // Streamed, with a turn of the event loop between appends: a kill can land while the
    // batch is still being pulled, its first records already in the file.
    const r = await store.appendBatch(
      (async function* () {
        for (const append of appends) {
          await new Promise((resolve) => setImmediate(resolve));
          yield append;
        }
      })(),
    );
    if (r._tag === "Left") throw new Error(r.left.message);
    say(`A ${txn}`);
  }
}
