/**
 * Throughput of the in-memory store as it fills: appends one event at a time, round-robin
 * over many hazards (so every stream and the global log keep growing), and prints appends/s
 * for each slice. A store that copies or scans its arrays slows down slice after slice; this
 * one should stay flat. Columns: wall-clock rate; rate per CPU second (the process's own
 * threads, GC included: steadier on a shared machine); wall rate without the GC pauses (the
 * store's own work); GC pause time in the slice; heap used.
 *
 * Run after `tsc -b`: `node packages/core/bench/dist/memoryStoreBench.js [events] [hazards] [slice]`
 * (defaults 2,000,000 events, 100,000 hazards, slices of 200,000).
 */
import { PerformanceObserver, performance } from "node:perf_hooks";
import * as E from "fp-ts/lib/Either.js";
import { type NewHazardEvent, getInMemoryEventStore } from "@hazard-ledger/core";
import { benchInspector, benchReportedData, countArg } from "./benchSupport.js";

const totalEvents = countArg(0, 2_000_000);
const hazards = countArg(1, 100_000);
const slice = countArg(2, 200_000);

const actor = benchInspector;
const hazardIdOf = (h: number): string => `HZ-${String(h).padStart(7, "0")}`;
const reported = (hazardId: string): NewHazardEvent => ({
  hazardId,
  type: "HazardReported",
  occurredAt: "2023-03-01T09:30:00+08:00",
  actor,
  data: benchReportedData,
});
const progress = (hazardId: string, n: number): NewHazardEvent => ({
  hazardId,
  type: "ProgressReported",
  occurredAt: "2023-03-02T09:30:00+08:00",
  actor,
  data: { note: `进展 ${n}` },
  commandId: `${hazardId}/c${n}`,
});

const main = async (): Promise<void> => {
  let tick = 0;
  // A fixed clock keeps the system clock out of the measured path.
  const store = getInMemoryEventStore({ now: () => new Date(Date.UTC(2023, 2, 1, 0, 0, tick++ % 60)) });
  const revisions = new Int32Array(hazards).fill(-1);
  console.log(`in-memory store: ${totalEvents} events over ${hazards} hazards, one event per append`);
  // GC pauses apart: the store's own work per append is constant, the collector's grows with the heap.
  let gcMillis = 0;
  const gcObserver = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcMillis += entry.duration;
  });
  gcObserver.observe({ entryTypes: ["gc"] });
  // CPU time beside wall time: on a shared machine the wall clock also measures the neighbours.
  console.log(
    "events (cumulative)   appends/s (wall)   appends/s (cpu)   appends/s (wall - GC)   GC ms   heap MB",
  );
  let sliceStart = performance.now();
  let sliceCpu = process.cpuUsage();
  for (let i = 0; i < totalEvents; i++) {
    const h = i % hazards;
    const hazardId = hazardIdOf(h);
    const revision = revisions[h] as number;
    const event = revision < 0 ? reported(hazardId) : progress(hazardId, revision + 1);
    const result = await store.appendToStream(hazardId, [event], {
      expectedRevision: revision < 0 ? "no_stream" : revision,
    });
    if (E.isLeft(result)) throw new Error(result.left.message);
    revisions[h] = result.right.nextExpectedRevision;
    if ((i + 1) % slice === 0 || i + 1 === totalEvents) {
      const elapsed = (performance.now() - sliceStart) / 1000;
      // GC entries reach the observer through the event loop, which the appends never yield to.
      for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
      const count = (i + 1) % slice === 0 ? slice : (i + 1) % slice;
      const cpu = process.cpuUsage(sliceCpu);
      const cpuSeconds = (cpu.user + cpu.system) / 1e6;
      const heap = Math.round(process.memoryUsage().heapUsed / 2 ** 20);
      console.log(
        [
          String(i + 1).padStart(19),
          String(Math.round(count / elapsed)).padStart(16),
          String(Math.round(count / cpuSeconds)).padStart(15),
          String(Math.round(count / (elapsed - gcMillis / 1000))).padStart(21),
          String(Math.round(gcMillis)).padStart(5),
          String(heap).padStart(7),
        ].join("   "),
      );
      sliceStart = performance.now();
      sliceCpu = process.cpuUsage();
      gcMillis = 0;
    }
  }
  const readStart = performance.now();
  let read = 0;
  for await (const _ of store.readAll()) read++;
  const readSeconds = (performance.now() - readStart) / 1000;
  console.log(`readAll: ${read} events at ${Math.round(read / readSeconds)} events/s`);
  const streamStart = performance.now();
  let streamed = 0;
  for (let h = 0; h < hazards; h++) streamed += (await store.readStream(hazardIdOf(h))).length;
  const streamSeconds = (performance.now() - streamStart) / 1000;
  console.log(
    `readStream of every hazard: ${streamed} events at ${Math.round(streamed / streamSeconds)} events/s`,
  );
  gcObserver.disconnect();
  await store.close();
};

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
