/**
 * `node --expose-gc dist/stateBytes.js LOG [SNAPSHOT]`: the heap one folded `HazardState`
 * keeps, per hazard. Every line of the ndjson LOG is folded as the import folds it (a cursor's
 * state starts as `replay` of the hazard's stored events, here none, and each event is then
 * applied in place with `applyEvent`); the lines are dropped and only the states kept. Prints,
 * as one JSON line, the heap in use with the states and without them (each after a full GC)
 * and the difference per hazard: the state objects and everything only they keep (nested
 * records, and the strings of events that would otherwise be garbage). With SNAPSHOT, writes a
 * heap snapshot there while the states are held.
 */
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { writeHeapSnapshot } from "node:v8";
import { type EvolvableEvent, type HazardState, replay } from "@hazard-ledger/core";
import { applyEvent } from "@hazard-ledger/core/store-kit";

const gc = (): void => {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (collect === undefined) throw new Error("run with node --expose-gc");
  collect();
  collect();
};

const main = async (): Promise<void> => {
  const [file, snapshot] = process.argv.slice(2);
  if (file === undefined) throw new Error("usage: stateBytes LOG [SNAPSHOT]");
  const byHazard = new Map<string, HazardState>();
  let events = 0;
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    if (line === "") continue;
    const event = JSON.parse(line) as EvolvableEvent;
    let state = byHazard.get(event.hazardId);
    if (state === undefined) {
      state = replay([]);
      byHazard.set(event.hazardId, state);
    }
    applyEvent(state, { ...event, seq: state.seq + 1 });
    events++;
  }
  let states: HazardState[] | null = [...byHazard.values()];
  byHazard.clear();
  const hazards = states.length;
  gc();
  const withStates = process.memoryUsage().heapUsed;
  if (snapshot !== undefined) writeHeapSnapshot(snapshot);
  states = null;
  gc();
  const without = process.memoryUsage().heapUsed;
  process.stdout.write(
    `${JSON.stringify({ file, events, hazards, withStates, without, bytesPerHazard: Math.round((withStates - without) / hazards) })}\n`,
  );
};

await main();
