/**
 * Figures of the file store, on a ledger of N events (default 1,000,000: 100,000 hazards of
 * 10 events each):
 * - import: the store alone (one atomic `appendBatch` of decoded events: seal, frame,
 *   write, fdatasync); the codecs alone (JSON.parse + decodeEventLogLine); and the whole
 *   validated import of the core (`importEventLog`: codecs + decider + store);
 * - open: the time to open the store (index rebuilt from the record headers) and the
 *   memory the index holds per event;
 * - cold full read: `readAll` over every event, as a rebuild of all projections reads;
 * - single appends, each its own fdatasync'd command: p50, p99 and max latency;
 * - group commit: many appends at once, and how many share one write.
 *
 * Run after `tsc -b`: `node --expose-gc packages/store-file/scripts/dist/fileStoreBench.js [events]`.
 * `BENCH_STORE_ONLY=1` skips the codecs and the validated import (the slow parts, which are
 * the core's); the later figures then use the store the store-alone import wrote.
 */
import { closeSync, fdatasync, mkdtempSync, openSync, rmSync, statSync, writeSync } from "node:fs";
import { promisify } from "node:util";
import { cpus, loadavg, tmpdir } from "node:os";
import * as path from "node:path";
import * as E from "fp-ts/lib/Either.js";
import {
  type NewHazardEvent,
  type StreamAppend,
  decodeEventLogLine,
  importEventLog,
} from "@hazard-ledger/core";
import { openFileEventStore } from "@hazard-ledger/store-file";
import { hazardHistory } from "./sampleLedger.js";

const PER_HAZARD = 10;
const total = Number((process.argv[2] ?? "1000000").replaceAll("_", ""));
const hazards = Math.ceil(total / PER_HAZARD);
const root = mkdtempSync(path.join(tmpdir(), "store-file-bench-"));
const storeOnly = process.env["BENCH_STORE_ONLY"] === "1";
const fdatasyncAsync = promisify(fdatasync);

const perSecond = (n: number, ms: number): string => Math.round(n / (ms / 1000)).toLocaleString("en");
/** Events/s by the wall clock, and by this process's CPU time (what it would be on an idle core). */
const rate = (n: number, t: Timing): string =>
  `${perSecond(n, t.wall)} events/s (${perSecond(n, t.cpu)} per CPU-second)`;
const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
interface Timing {
  /** Milliseconds by the wall clock. */
  readonly wall: number;
  /** Milliseconds of CPU (user + system) this process used meanwhile. */
  readonly cpu: number;
}
const time = async <T>(f: () => Promise<T> | T): Promise<[T, Timing]> => {
  const cpu = process.cpuUsage();
  const t = performance.now();
  const r = await f();
  const used = process.cpuUsage(cpu);
  return [r, { wall: performance.now() - t, cpu: (used.user + used.system) / 1000 }];
};
const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;

const main = async (): Promise<void> => {
  console.log(
    `file store bench: ${total} events, ${hazards} hazards, node ${process.version}, ` +
      `load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(" ")} on ${cpus().length} cores`,
  );
  const histories: NewHazardEvent[][] = Array.from({ length: hazards }, (_, h) =>
    hazardHistory(h, PER_HAZARD),
  );
  const lines = histories.flatMap((events) => events.map((e) => JSON.stringify(e)));

  // 1. The store alone: one atomic batch of decoded events.
  {
    const store = await openFileEventStore(path.join(root, "store-only"));
    const appends: StreamAppend[] = histories.map((events) => ({
      hazardId: (events[0] as NewHazardEvent).hazardId,
      events,
      expectedRevision: "no_stream",
    }));
    gc();
    const [r, ms] = await time(() => store.appendBatch(appends));
    if (E.isLeft(r)) throw new Error(r.left.message);
    console.log(`import, store alone (seal + frame + write + fdatasync): ${rate(lines.length, ms)}`);
    await store.close();
    if (!storeOnly) rmSync(path.join(root, "store-only"), { recursive: true });
  }

  // 2. The codecs alone.
  if (!storeOnly) {
    gc();
    const [, ms] = await time(() => {
      for (const line of lines)
        if (E.isLeft(decodeEventLogLine(JSON.parse(line)))) throw new Error("bad line");
    });
    console.log(`codecs alone (JSON.parse + decodeEventLogLine): ${rate(lines.length, ms)}`);
  }

  // 3. The validated import of the core: codecs, decider, store.
  const dir = path.join(root, storeOnly ? "store-only" : "ledger");
  if (!storeOnly) {
    const store = await openFileEventStore(dir);
    // The import streams its validated runs into the store's batch as it reads, so the store's
    // share is not a separate span of time: compare with 1. for it.
    gc();
    const [r, ms] = await time(() => importEventLog(store, lines, { now: "2024-06-01T00:00:00Z" }));
    if (E.isLeft(r)) throw new Error(`line ${r.left.line}: ${r.left.message}`);
    console.log(
      `validated import (importEventLog streaming into the store: codecs + decider + store): ` +
        `${rate(r.right.appended, ms)} (${ms.wall.toFixed(0)} ms)`,
    );
    await store.close();
  }
  histories.length = 0;
  lines.length = 0;

  // 4. Open: the index rebuilt from the record headers, and what it holds (measured as the
  // heap a second store on the same directory adds).
  rmSync(path.join(dir, "index.snapshot"), { force: true });
  gc();
  const [store, openMs] = await time(() => openFileEventStore(dir));
  const stats = store.stats();
  gc();
  gc();
  const before = process.memoryUsage();
  const probe = await openFileEventStore(dir);
  gc();
  gc();
  const after = process.memoryUsage();
  await probe.close();
  const held = after.heapUsed + after.arrayBuffers - (before.heapUsed + before.arrayBuffers);
  console.log(
    `open, index rebuilt from the log: ${openMs.wall.toFixed(0)} ms (${openMs.cpu.toFixed(0)} ms CPU) for ${stats.events} events, ` +
      `${stats.hazards} hazards, ${(stats.logBytes / 1e6).toFixed(0)} MB of log (${(stats.logBytes / stats.events).toFixed(0)} bytes/event); ` +
      `index ${(held / stats.events).toFixed(1)} bytes/event in memory ` +
      `(typed arrays ${(stats.indexArrayBytes / stats.events).toFixed(1)}, the rest the map of hazard ids)`,
  );

  // 5. Cold full read.
  {
    gc();
    let n = 0;
    const [, ms] = await time(async () => {
      for await (const e of store.readAll()) if (e.seq >= 0) n++;
    });
    console.log(`full read (readAll): ${rate(n, ms)}`);
    const reads = 2000;
    const [, one] = await time(async () => {
      for (let i = 0; i < reads; i++)
        await store.readStream(`HZ-2023-${String((i * 7919) % hazards).padStart(7, "0")}`);
    });
    console.log(`read one hazard of ${PER_HAZARD} events: ${(one.wall / reads).toFixed(3)} ms on average`);
  }

  // 6. Single commands, each its own fdatasync; first the disk's own floor: 600 bytes
  // written and fdatasync'd, 2000 times.
  {
    const fd = openSync(path.join(root, "fsync-probe"), "w");
    const bytes = Buffer.alloc(600, 0x61);
    const raw: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const t = performance.now();
      writeSync(fd, bytes);
      await fdatasyncAsync(fd);
      raw.push(performance.now() - t);
    }
    closeSync(fd);
    raw.sort((a, b) => a - b);
    console.log(
      `the disk alone (write 600 bytes + fdatasync): p50 ${percentile(raw, 50).toFixed(2)} ms, ` +
        `p99 ${percentile(raw, 99).toFixed(2)} ms`,
    );
  }
  {
    const latencies: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const hazardId = `HZ-2023-${String((i * 7919) % hazards).padStart(7, "0")}`;
      const revision = await store.streamRevision(hazardId);
      const event: NewHazardEvent = {
        hazardId,
        type: "ProgressReported",
        occurredAt: "2024-06-01T08:00:00+08:00",
        actor: { id: "u-1001", role: "inspector" },
        data: { note: `复查 ${i}` },
        commandId: `bench/${i}`,
      };
      const t = performance.now();
      const r = await store.appendToStream(hazardId, [event], { expectedRevision: revision });
      latencies.push(performance.now() - t);
      if (E.isLeft(r)) throw new Error(r.left.message);
    }
    latencies.sort((a, b) => a - b);
    console.log(
      `single fdatasync'd command: p50 ${percentile(latencies, 50).toFixed(2)} ms, ` +
        `p99 ${percentile(latencies, 99).toFixed(2)} ms, max ${(latencies[latencies.length - 1] as number).toFixed(2)} ms ` +
        `(load average now ${(loadavg()[0] as number).toFixed(1)})`,
    );
  }

  // 7. Group commit: 64 appends at a time.
  {
    const rounds = 50;
    const width = 64;
    const [, ms] = await time(async () => {
      for (let round = 0; round < rounds; round++)
        await Promise.all(
          Array.from({ length: width }, (_, k) => {
            const hazardId = `HZ-2023-${String((round * width + k) % hazards).padStart(7, "0")}`;
            return store.appendToStream(hazardId, [
              {
                hazardId,
                type: "ProgressReported",
                occurredAt: "2024-06-01T08:00:00+08:00",
                actor: { id: "u-1001", role: "inspector" },
                data: { note: `并发 ${round}/${k}` },
              },
            ]);
          }),
        );
    });
    console.log(`group commit: ${width} concurrent appends per round: ${rate(rounds * width, ms)}`);
  }
  // 8. Open again, from the index saved at close.
  const [, closeMs] = await time(() => store.close());
  const [reopened, reopenMs] = await time(() => openFileEventStore(dir));
  const snapshotBytes = statSync(path.join(dir, "index.snapshot")).size;
  console.log(
    `open with the saved index: ${reopenMs.wall.toFixed(0)} ms (saved at close in ${closeMs.wall.toFixed(0)} ms; ` +
      `${(snapshotBytes / reopened.stats().events).toFixed(1)} bytes/event on disk)`,
  );
  await reopened.close();
  rmSync(root, { recursive: true, force: true });
};

main().catch((e: unknown) => {
  console.error(e);
  rmSync(root, { recursive: true, force: true });
  process.exit(1);
});
