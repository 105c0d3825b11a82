import {
  type DomainError,
  type HazardCommand,
  type HazardCommandResult,
  type RecordedHazardEvent,
  decideContext,
  getInMemoryEventStore,
  hazardCommandHandler,
  replay,
  verifyStream,
} from "@hazard-ledger/core";
import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { type CommandStep, arbCommandSequence, runCommands } from "../arbitraries/commandSequence.js";
import { decidedPart } from "../invariants/ledgerInvariants.js";

// The command handler over a store, against the pure run of the same commands through the
// decider (runCommands): storing and reloading must change nothing. Commands come from the
// shared arbitraries, which walk every path of the lifecycle.

const RUNS = { numRuns: 200 };

/** Every command with an id, so that retries can be recognised. */
const withIds = (steps: readonly CommandStep[]): CommandStep[] =>
  steps.map((s, i) => ({ ...s, command: { ...s.command, commandId: s.command.commandId ?? `gen-${i}` } }));

const hazardsOf = (steps: readonly CommandStep[]): string[] => [
  ...new Set(steps.map((s) => s.command.hazardId)),
];

interface Outcome {
  readonly command: HazardCommand;
  readonly result: HazardCommandResult;
}

/** What every set of outcomes must say about the streams they wrote to. */
const expectAppliedExactlyOnce = (
  streams: ReadonlyMap<string, readonly RecordedHazardEvent[]>,
  outcomes: readonly Outcome[],
) => {
  const byCommand = new Map<string, RecordedHazardEvent[]>();
  for (const stream of streams.values()) {
    expect(verifyStream(stream)).toEqual([]);
    for (const e of stream) {
      const key = `${e.hazardId}/${e.commandId ?? "(none)"}`;
      byCommand.set(key, [...(byCommand.get(key) ?? []), e]);
    }
  }
  for (const [key, events] of byCommand) expect([key, events.length]).toEqual([key, 1]);
  const succeeded = new Set<string>();
  for (const { command, result } of outcomes) {
    const key = `${command.hazardId}/${command.commandId ?? "(none)"}`;
    if (E.isRight(result)) {
      succeeded.add(key);
      expect(result.right.events).toEqual(byCommand.get(key));
    }
  }
  expect([...byCommand.keys()].filter((k) => !succeeded.has(k))).toEqual([]);
};

const readStreams = async (store: ReturnType<typeof getInMemoryEventStore>, hazards: readonly string[]) =>
  new Map(await Promise.all(hazards.map(async (h) => [h, await store.readStream(h)] as const)));

describe("hazardCommandHandler over the in-memory store", () => {
  it("accepts, refuses and records exactly what the pure decider run does; replay gives the live state", async () => {
    await fc.assert(
      fc.asyncProperty(arbCommandSequence({ hazards: 3, length: { min: 1, max: 20 } }), async (rawSteps) => {
        const steps = withIds(rawSteps);
        const expected = runCommands(steps);
        const store = getInMemoryEventStore();
        const handle = hazardCommandHandler(store);
        const refused: { index: number; error: DomainError }[] = [];
        const live = new Map<string, unknown>();
        for (const [index, step] of steps.entries()) {
          const result = await handle(step.command, decideContext(step.now));
          if (E.isLeft(result)) {
            const error = result.left;
            if (!("seq" in error) || error.code === "BACKFILL_REFUSED")
              throw new Error(`not a domain error: ${error.message}`);
            refused.push({ index, error });
          } else live.set(step.command.hazardId, result.right.state);
        }
        expect(refused).toEqual(expected.rejections.map((r) => ({ index: r.index, error: r.error })));
        const all: RecordedHazardEvent[] = [];
        for await (const e of store.readAll()) all.push(e);
        expect(all.map(decidedPart)).toEqual(expected.events);
        for (const [hazardId, state] of expected.states) {
          const stream = await store.readStream(hazardId);
          expect(replay(stream)).toEqual(state);
          expect(live.get(hazardId)).toEqual(state);
        }
      }),
      RUNS,
    );
  });

  it("never applies a command twice, however often and in whatever order it is sent again", async () => {
    const sendsArb = arbCommandSequence({ hazards: 2, length: { min: 1, max: 20 } }).chain((raw) => {
      const steps = withIds(raw);
      return fc
        .array(fc.tuple(fc.nat({ max: Math.max(0, steps.length - 1) }), fc.nat({ max: steps.length })), {
          maxLength: steps.length * 2,
        })
        .map((repeats) => {
          // Each repeat of step i is sent after its first send, at a random later place.
          const sends = steps.map((s) => [s]);
          for (const [i, offset] of repeats) {
            const step = steps[i];
            const at = sends[Math.min(steps.length - 1, i + offset)];
            if (step !== undefined && at !== undefined) at.push(step);
          }
          return { steps, sends: sends.flat() };
        });
    });
    await fc.assert(
      fc.asyncProperty(sendsArb, async ({ steps, sends }) => {
        const store = getInMemoryEventStore();
        const handle = hazardCommandHandler(store);
        const outcomes: Outcome[] = [];
        for (const step of sends)
          outcomes.push({
            command: step.command,
            result: await handle(step.command, decideContext(step.now)),
          });
        expectAppliedExactlyOnce(await readStreams(store, hazardsOf(steps)), outcomes);
        const firstSuccess = new Map<string, readonly RecordedHazardEvent[]>();
        for (const { command, result } of outcomes) {
          const key = `${command.hazardId}/${command.commandId}`;
          const seen = firstSuccess.get(key);
          if (seen === undefined) {
            if (E.isRight(result)) firstSuccess.set(key, result.right.events);
          } else {
            expect(E.isRight(result) && result.right.idempotentReplay).toBe(true);
            expect(E.isRight(result) && result.right.events).toEqual(seen);
          }
        }
      }),
      RUNS,
    );
  });

  it("two handlers racing over the same hazards lose no event and apply none twice", async () => {
    await fc.assert(
      fc.asyncProperty(
        arbCommandSequence({ hazards: 2, length: { min: 2, max: 20 } }),
        fc.array(fc.boolean(), { minLength: 20, maxLength: 20 }),
        fc.scheduler(),
        async (raw, sides, s) => {
          const steps = withIds(raw);
          const store = getInMemoryEventStore();
          const scheduled = {
            ...store,
            readStream: s.scheduleFunction(store.readStream.bind(store)),
            appendToStream: s.scheduleFunction(store.appendToStream.bind(store)),
          };
          const outcomes: Outcome[] = [];
          const run = async (side: boolean): Promise<void> => {
            const handle = hazardCommandHandler(scheduled);
            for (const [i, step] of steps.entries())
              if ((sides[i] ?? true) === side)
                outcomes.push({
                  command: step.command,
                  result: await handle(step.command, decideContext(step.now)),
                });
          };
          await s.waitFor(Promise.all([run(true), run(false)]));
          expectAppliedExactlyOnce(await readStreams(store, hazardsOf(steps)), outcomes);
        },
      ),
      RUNS,
    );
  });
});
