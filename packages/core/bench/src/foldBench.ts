/**
 * Folding speed: `evolve` (immer `produce`, one immutable state per event) against `replay`
 * (one private mutable copy per stream), on the same events, and the decider's speed on the
 * commands behind them (the cost of importing a log through the rules).
 *
 * Run after `tsc -b`:
 *   `node packages/core/bench/dist/foldBench.js [events] [eventsPerHazard] [decided]`
 * (defaults 1,000,000 events, 10 per hazard (a full lifecycle), 100,000 commands decided).
 * A second pass folds one long stream of the same size, where immer's structural sharing
 * could matter.
 */
import { performance } from "node:perf_hooks";
import * as E from "fp-ts/lib/Either.js";
import {
  type HazardCommand,
  type HazardState,
  type NewHazardEvent,
  commandOfEvent,
  decideContext,
  hazardDecider,
  replay,
} from "@hazard-ledger/core";
import { benchInspector, benchReportedData, countArg } from "./benchSupport.js";

const totalEvents = countArg(0, 1_000_000);
const perHazard = countArg(1, 10);
const decided = countArg(2, 100_000);

const inspector = benchInspector;
const enterprise = { id: "e-1", role: "enterprise", org: "某某机械厂" } as const;

/** A full lifecycle, repeated in a cycle of progress and notices beyond ten events. */
const lifecycle = (hazardId: string, n: number): NewHazardEvent[] => {
  const at = (day: number) => `2023-03-${String(day).padStart(2, "0")}T09:30:00+08:00`;
  const base = { hazardId, actor: inspector };
  const steps: NewHazardEvent[] = [
    {
      ...base,
      type: "HazardReported",
      occurredAt: at(1),
      data: benchReportedData,
    },
    {
      ...base,
      type: "RectificationAssigned",
      occurredAt: at(1),
      actor: enterprise,
      data: { responsibleUnit: "某某机械厂", deadline: "2023-03-15" },
    },
    { ...base, type: "NoticeIssued", occurredAt: at(5), data: { kind: "reminder" } },
    {
      ...base,
      type: "DeadlineExtended",
      occurredAt: at(14),
      data: { scope: "rectification", newDeadline: "2023-03-25", reason: "设备到货延迟" },
    },
    {
      ...base,
      type: "ProgressReported",
      occurredAt: at(16),
      actor: enterprise,
      data: { note: "已完成一半" },
    },
    {
      ...base,
      type: "RectificationCompleted",
      occurredAt: at(20),
      actor: enterprise,
      data: { measuresTaken: "已接地" },
    },
    { ...base, type: "RectificationRejected", occurredAt: at(21), data: { reason: "接地电阻不合格" } },
    { ...base, type: "RectificationCompleted", occurredAt: at(23), actor: enterprise, data: {} },
    { ...base, type: "RectificationAccepted", occurredAt: at(24), data: {} },
    { ...base, type: "HazardClosed", occurredAt: at(25), data: {} },
  ];
  const events = steps.slice(0, Math.min(n, steps.length));
  for (let i = events.length; i < n; i++)
    events.push(
      i % 2 === 0
        ? {
            ...base,
            type: "ProgressReported",
            occurredAt: at(26),
            actor: enterprise,
            data: { note: `进展 ${i}` },
          }
        : { ...base, type: "NoticeIssued", occurredAt: at(26), data: { kind: "bulletin" } },
    );
  // A stream longer than the lifecycle goes on after closing only in this bench: evolve
  // does not validate, and progress or notices change nothing that matters for speed.
  return events;
};

const streamsOf = (events: number, size: number): NewHazardEvent[][] => {
  const streams: NewHazardEvent[][] = [];
  for (let h = 0; h * size < events; h++)
    streams.push(lifecycle(`HZ-${String(h).padStart(7, "0")}`, Math.min(size, events - h * size)));
  return streams;
};

const foldWithEvolve = (stream: readonly NewHazardEvent[]): HazardState =>
  stream.reduce<HazardState>((s, e) => hazardDecider.evolve(s, e), hazardDecider.initialState);

/**
 * Times `run` and prints events/s by the wall clock and by CPU time (user + system): on a
 * shared machine the CPU figure is the steadier one.
 */
const measure = (label: string, count: number, run: () => void): number => {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  run();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const rate = count / cpuSeconds;
  const perSecond = (n: number) => Math.round(n).toLocaleString("en");
  console.log(
    `${label.padEnd(44)} ${count.toLocaleString("en")} in ${seconds.toFixed(2)} s wall, ${cpuSeconds.toFixed(2)} s CPU: ` +
      `${perSecond(count / seconds)} events/s wall, ${perSecond(rate)} events/s CPU`,
  );
  return rate;
};

const compare = (streams: NewHazardEvent[][], label: string) => {
  const count = streams.reduce((n, s) => n + s.length, 0);
  // Warm up both paths and check that they agree before timing them.
  for (const s of streams.slice(0, 100)) {
    if (JSON.stringify(foldWithEvolve(s)) !== JSON.stringify(replay(s)))
      throw new Error(`replay and evolve disagree on ${s[0]?.hazardId}`);
  }
  let sink = 0;
  const evolveRate = measure(`${label}: evolve (immer produce)`, count, () => {
    for (const s of streams) sink += foldWithEvolve(s).seq;
  });
  const replayRate = measure(`${label}: replay (mutable fast path)`, count, () => {
    for (const s of streams) sink += replay(s).seq;
  });
  console.log(`${label}: replay is ${(replayRate / evolveRate).toFixed(1)}x evolve (checksum ${sink})`);
};

console.log(`node ${process.version}`);
compare(
  streamsOf(totalEvents, perHazard),
  `${perHazard} events x ${Math.ceil(totalEvents / perHazard)} hazards`,
);
compare([lifecycle("HZ-LONG", totalEvents)], "one stream");

// The decider on the commands behind lifecycles (as an import does): decide, then evolve.
const commands: { command: HazardCommand; now: string }[] = [];
for (const stream of streamsOf(decided, 10))
  for (const e of stream)
    commands.push({
      command: commandOfEvent(e),
      now: e.occurredAt,
    });
const contexts = new Map<string, ReturnType<typeof decideContext>>();
const contextAt = (now: string) => {
  let c = contexts.get(now);
  if (c === undefined) contexts.set(now, (c = decideContext(now)));
  return c;
};
let state = hazardDecider.initialState;
let refused = 0;
measure("decide + evolve, 10 commands per hazard", commands.length, () => {
  for (const { command, now } of commands) {
    if (command.type === "ReportHazard") state = hazardDecider.initialState;
    const r = hazardDecider.decide(command, state, contextAt(now));
    if (E.isLeft(r)) refused++;
    else for (const e of r.right) state = hazardDecider.evolve(state, e);
  }
});
if (refused > 0) throw new Error(`${refused} commands refused: the bench's lifecycle breaks a rule`);
