import * as E from "fp-ts/lib/Either.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { HazardCommand } from "../commands/hazardCommand.js";
import { evolve, replay } from "../decider/evolve.js";
import { type HazardState, initialState } from "../decider/hazardState.js";
import type { RecordedHazardEvent } from "../events/hazardEvent.js";
import { verifyStream } from "../hashing/hashChain.js";
import { getInMemoryEventStore } from "../store/inMemoryEventStore.js";
import type { HazardCommandResult } from "./hazardCommandHandler.js";
import { hazardCommandHandler } from "./hazardCommandHandler.js";
import {
  commandBodyArb,
  commandOf,
  hazardCommandsArb,
  laterContext,
  reportBody,
} from "./hazardCommands.fixture.js";
import { scheduledStore } from "./scheduledStore.fixture.js";

const RUNS = { numRuns: 200 };

/** The command sequences below, each command sent `copies` times. */
const withRepeats = (commands: readonly HazardCommand[]) =>
  fc
    .tuple(
      fc.array(fc.integer({ min: 1, max: 3 }), { minLength: commands.length, maxLength: commands.length }),
      fc.array(fc.double({ min: 0, max: 1, noNaN: true }), {
        minLength: commands.length * 3,
        maxLength: commands.length * 3,
      }),
    )
    .map(([copies, keys]) => {
      const sends = commands.flatMap((c, i) => Array.from({ length: copies[i] ?? 1 }, () => c));
      // A random order, except that each command's first send keeps its place relative to
      // the others' first sends, so the sequence still walks the lifecycle.
      const firsts = new Set<HazardCommand>();
      const ranked = sends.map((c, i) => {
        const first = !firsts.has(c);
        firsts.add(c);
        return { c, key: first ? i : i + (keys[i] ?? 0) * sends.length };
      });
      return ranked.sort((a, b) => a.key - b.key).map((r) => r.c);
    });

const commandsAndSends = hazardCommandsArb(["HZ-1"], 20).chain((commands) =>
  withRepeats(commands).map((sends) => ({ commands, sends })),
);

/** Checks what every result must say about the stream it wrote to. */
const expectAppliedExactlyOnce = (
  stream: readonly RecordedHazardEvent[],
  outcomes: readonly { command: HazardCommand; result: HazardCommandResult }[],
): void => {
  expect(verifyStream(stream)).toEqual([]);
  expect(stream.map((e) => e.seq)).toEqual(stream.map((_, i) => i));
  const byCommand = new Map<string, RecordedHazardEvent[]>();
  for (const e of stream) {
    const id = e.commandId ?? "(none)";
    byCommand.set(id, [...(byCommand.get(id) ?? []), e]);
  }
  for (const [id, events] of byCommand) expect([id, events.length]).toEqual([id, 1]);
  const succeeded = new Set<string>();
  for (const { command, result } of outcomes) {
    const id = command.commandId as string;
    if (E.isRight(result)) {
      succeeded.add(id);
      // The events a success reports are in the stream, once, exactly as reported.
      expect(result.right.events).toEqual(byCommand.get(id));
    }
  }
  // Nothing is in the stream that no success accounts for.
  expect([...byCommand.keys()].filter((id) => !succeeded.has(id))).toEqual([]);
};

describe("command handler properties", () => {
  it("replaying the stored events gives the live state", async () => {
    await fc.assert(
      fc.asyncProperty(hazardCommandsArb(["HZ-1", "HZ-2"], 30), async (commands) => {
        const store = getInMemoryEventStore();
        const handle = hazardCommandHandler(store);
        const live = new Map<string, HazardState>();
        for (const command of commands) {
          const result = await handle(command, laterContext);
          if (E.isLeft(result)) continue;
          // The live state: the state before, evolved by each new event as it comes back.
          const before = live.get(command.hazardId) ?? initialState;
          const after = result.right.events.reduce<HazardState>(evolve, before);
          live.set(command.hazardId, after);
          expect(result.right.state).toEqual(after);
        }
        for (const [hazardId, state] of live) {
          const stored = await store.readStream(hazardId);
          expect(replay(stored)).toEqual(state);
          expect(stored.reduce<HazardState>(evolve, initialState)).toEqual(state);
        }
      }),
      RUNS,
    );
  });

  it("a command sent again, any number of times and interleaved with others, is never applied twice", async () => {
    await fc.assert(
      fc.asyncProperty(commandsAndSends, async ({ sends }) => {
        const store = getInMemoryEventStore();
        const handle = hazardCommandHandler(store);
        const outcomes: { command: HazardCommand; result: HazardCommandResult }[] = [];
        for (const command of sends) outcomes.push({ command, result: await handle(command, laterContext) });
        expectAppliedExactlyOnce(await store.readStream("HZ-1"), outcomes);
        // Once a command has succeeded, every later send of it succeeds too, as a replay of
        // the same events: the rules as they apply now are not asked again.
        const firstSuccess = new Map<string, readonly RecordedHazardEvent[]>();
        for (const { command, result } of outcomes) {
          const id = command.commandId as string;
          const seen = firstSuccess.get(id);
          if (seen === undefined) {
            if (E.isRight(result)) firstSuccess.set(id, result.right.events);
            continue;
          }
          expect(E.isRight(result) && result.right.idempotentReplay).toBe(true);
          expect(E.isRight(result) && result.right.events).toEqual(seen);
        }
      }),
      RUNS,
    );
  });

  it("copies of commands racing through several handlers are applied once each", async () => {
    await fc.assert(
      fc.asyncProperty(
        commandsAndSends,
        fc.integer({ min: 2, max: 3 }),
        fc.scheduler(),
        async ({ sends }, clients, s) => {
          const store = getInMemoryEventStore();
          const outcomes: { command: HazardCommand; result: HazardCommandResult }[] = [];
          const client = async (k: number): Promise<void> => {
            const handle = hazardCommandHandler(scheduledStore(s, store));
            for (const [i, command] of sends.entries())
              if (i % clients === k) outcomes.push({ command, result: await handle(command, laterContext) });
          };
          await s.waitFor(Promise.all(Array.from({ length: clients }, (_, k) => client(k))));
          expectAppliedExactlyOnce(await store.readStream("HZ-1"), outcomes);
        },
      ),
      RUNS,
    );
  });

  it("two handlers racing on one hazard never lose an event", async () => {
    const ownCommands = (prefix: string) =>
      fc
        .array(commandBodyArb, { maxLength: 12 })
        // All at one instant, so the interleaving never makes a command earlier than the stream.
        .map((bodies) => bodies.map((b, i) => commandOf(b, "HZ-1", 1, `${prefix}-${i}`)));
    await fc.assert(
      fc.asyncProperty(ownCommands("a"), ownCommands("b"), fc.scheduler(), async (left, right, s) => {
        const store = getInMemoryEventStore();
        const report = commandOf(reportBody, "HZ-1", 0, "report");
        const outcomes = [
          { command: report, result: await hazardCommandHandler(store)(report, laterContext) },
        ];
        const run = async (commands: readonly HazardCommand[]): Promise<void> => {
          const handle = hazardCommandHandler(scheduledStore(s, store));
          for (const command of commands)
            outcomes.push({ command, result: await handle(command, laterContext) });
        };
        await s.waitFor(Promise.all([run(left), run(right)]));
        expectAppliedExactlyOnce(await store.readStream("HZ-1"), outcomes);
      }),
      RUNS,
    );
  });
});
