import * as E from "fp-ts/lib/Either.js";
import { CommandHandler, type Event, getInMemoryEventStore as getEmmettStore } from "@event-driven-io/emmett";
import {
  type DecideContext,
  type HazardCommandInput,
  type HazardState,
  type NewHazardEvent,
  commandOfEvent,
  decideContext,
  getInMemoryEventStore,
  hazardCommandHandler,
  importEventLog,
  hazardDecider,
} from "@hazard-ledger/core";
import { applyEvent } from "@hazard-ledger/core/store-kit";
import { ledgerBlocks } from "./ledgerFile.js";
import { type Figure, collectGarbage, figure, perSecond, sample } from "./stats.js";

/** Commands per slice of the live figures (Emmett's in-memory store slows as it fills). */
const SLICE = 20_000;

/** A hazard event as Emmett stores it: our event, with its seq, as the data. */
type EmmettHazardEvent = Event<NewHazardEvent["type"], NewHazardEvent & { seq: number }>;

/**
 * Emmett's `CommandHandler` on a fresh in-memory event store of its own, deciding with our
 * `decide` and folding with our `applyEvent` (the in-place fold our handler's `replay` runs on
 * its private copy). Emmett hashes nothing and checks no commandId. Throws on a refusal.
 */
export const emmettHazardHandler = (): ((
  command: HazardCommandInput,
  context: DecideContext,
  i: number,
) => Promise<void>) => {
  const store = getEmmettStore();
  const handle = CommandHandler<HazardState, EmmettHazardEvent>({
    evolve: (state, event) => {
      applyEvent(state, event.data);
      return state;
    },
    initialState: () => structuredClone(hazardDecider.initialState),
  });
  return async (command, context, i) => {
    await handle(store, command.hazardId, (state) => {
      const decided = hazardDecider.decide(command, state, context);
      if (E.isLeft(decided)) throw new Error(`Emmett, command ${i}: ${decided.left.message}`);
      return decided.right.map((e, k) => ({ type: e.type, data: { ...e, seq: state.seq + 1 + k } }));
    });
  };
};

/** Rates (commands/s) of each slice of {@link SLICE} commands, and of the whole run. */
interface LiveRun {
  readonly slices: number[];
  readonly overall: number;
}

const timeSlices = async (count: number, one: (i: number) => Promise<void>): Promise<LiveRun> => {
  collectGarbage();
  const slices: number[] = [];
  const start = performance.now();
  let sliceStart = start;
  for (let i = 0; i < count; i++) {
    await one(i);
    if ((i + 1) % SLICE === 0 || i + 1 === count) {
      const now = performance.now();
      slices.push(perSecond((i % SLICE) + 1, now - sliceStart));
      sliceStart = now;
    }
  }
  return { slices, overall: perSecond(count, performance.now() - start) };
};

/**
 * Ours and Emmett's, side by side in this process, on the same hazard workload (the first
 * `count` events of the benchmark ledger), one command per event:
 * - ours, the validated import into the in-memory store (every rule, hash chain);
 * - ours, the live command handler on the in-memory store (every rule, hash chain), each
 *   command decided at the event's recordedAt;
 * - Emmett's `CommandHandler` on its in-memory event store, deciding with the same rules
 *   (our `decide`) and folding with the same mutable `applyEvent` our handler's `replay`
 *   uses (Emmett hashes nothing).
 */
export const emmettSideBySide = async (count: number, runs: number): Promise<Figure[]> => {
  const events = [...ledgerBlocks(count)].flat();
  const lines = events.map((e) => JSON.stringify(e));
  const commands = events.map(commandOfEvent);
  const contexts = events.map((e) => decideContext(e.recordedAt!));
  const now = new Date().toISOString();

  const importRates = await sample(runs, async () => {
    collectGarbage();
    const store = getInMemoryEventStore();
    const t = performance.now();
    const r = await importEventLog(store, lines, { now });
    if (E.isLeft(r)) throw new Error(`line ${r.left.line}: ${r.left.message}`);
    return perSecond(count, performance.now() - t);
  });

  const ours: LiveRun[] = [];
  await sample(runs, async (run) => {
    const handle = hazardCommandHandler(getInMemoryEventStore());
    const r = await timeSlices(count, async (i) => {
      const result = await handle(commands[i]!, contexts[i]!);
      if (E.isLeft(result)) throw new Error(`ours, command ${i}: ${result.left.message}`);
    });
    if (run >= 0) ours.push(r);
    return 0;
  });

  const theirs: LiveRun[] = [];
  await sample(runs, async (run) => {
    const handle = emmettHazardHandler();
    const r = await timeSlices(count, async (i) => {
      await handle(commands[i]!, contexts[i]!, i);
    });
    if (run >= 0) theirs.push(r);
    return 0;
  });

  const firstSlice = (xs: LiveRun[]) => xs.map((r) => r.slices[0]!);
  const lastSlice = (xs: LiveRun[]) => xs.map((r) => r.slices[r.slices.length - 1]!);
  const overall = (xs: LiveRun[]) => xs.map((r) => r.overall);
  const emmettOverall = figure(
    `Emmett CommandHandler, in-memory, ${count} commands`,
    "commands/s",
    overall(theirs),
  );
  const emmettBest = figure(
    `Emmett CommandHandler, first ${SLICE} commands`,
    "commands/s",
    firstSlice(theirs),
  );
  const oursImport = figure(`ours: validated import, in-memory, ${count} events`, "events/s", importRates);
  return [
    oursImport,
    figure(
      "ours import / Emmett CommandHandler (same workload)",
      "×",
      importRates.map((r, i) => r / overall(theirs)[i]!),
      {
        target: "≥ 40×",
        met: (m) => m >= 40,
      },
    ),
    figure(`ours: live command handler, in-memory, ${count} commands`, "commands/s", overall(ours)),
    figure(`ours: live command handler, first ${SLICE} commands`, "commands/s", firstSlice(ours), {
      target: `≥ Emmett's first ${SLICE} (${Math.round(emmettBest.median)}/s)`,
      met: (m) => m >= emmettBest.median,
    }),
    figure(`ours: live command handler, last slice`, "commands/s", lastSlice(ours)),
    emmettBest,
    figure(`Emmett CommandHandler, last slice`, "commands/s", lastSlice(theirs)),
    emmettOverall,
  ];
};
