import { arbNearValid } from "@hazard-ledger/testing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { HazardCommandInput } from "../commands/hazardCommand.js";
import type { DecideContext } from "../decider/decide.js";
import { replay } from "../decider/evolve.js";
import { hazardDecider } from "../decider/hazardDecider.js";
import type { NewHazardEvent } from "../events/hazardEvent.js";
import type { EventStore } from "../store/eventStore.js";
import { getInMemoryEventStore } from "../store/inMemoryEventStore.js";
import { weekdayCalendar } from "../time/workingDays.js";
import { commandHandler } from "./commandHandler.js";
import { type HazardCommandResult, hazardCommandHandler } from "./hazardCommandHandler.js";

const RUNS = { numRuns: 300 };

/** Weekdays from 2020 to 2030: a calendar that ends, so deadlines past it are refused. */
const calendar = weekdayCalendar("2020-01-01", "2030-12-31");

/** The handler as it was: `hazardDecider.decide` (codec and all) at every attempt and replay check. */
const decodingEveryTime = (store: EventStore) =>
  commandHandler({
    store,
    decider: hazardDecider,
    fold: (events, from) => replay(events, from),
    recordedAt: (context: DecideContext) => context.now,
  });

/** A store holding `history`, its clock stopped at `now`. */
const storeWith = async (history: readonly NewHazardEvent[], now: string): Promise<EventStore> => {
  const store = getInMemoryEventStore({ now: () => new Date(now) });
  if (history.length > 0) await store.appendToStream(history[0]!.hazardId, history);
  return store;
};

describe("hazardCommandHandler decodes a command once", () => {
  it("gives the outcome the handler that decodes at every decision gives, for valid, broken and repeated commands", async () => {
    await fc.assert(
      fc.asyncProperty(arbNearValid({ workingDays: calendar }), fc.boolean(), async (nearValid, shareId) => {
        const { history, command, valid, now } = nearValid;
        const context = { ...nearValid.context, workingDays: calendar };
        // The valid command first, then the broken one, each twice: the repeats take the
        // replay check; with a shared commandId the broken one is judged against the valid
        // one's first events (COMMAND_ID_REUSED, or a replay when it decides the same).
        const id = (c: HazardCommandInput, k: string): HazardCommandInput => ({
          ...c,
          commandId: shareId ? "cmd-shared" : `cmd-${k}`,
        });
        const sends = [
          ...(valid !== undefined ? [id(valid, "valid"), id(valid, "valid")] : []),
          id(command, "broken"),
          id(command, "broken"),
        ];
        const outcomes = async (
          handle: (c: HazardCommandInput, x: DecideContext) => Promise<HazardCommandResult>,
        ) => {
          const out: HazardCommandResult[] = [];
          for (const c of sends) out.push(await handle(c, context));
          return out;
        };
        const fast = await outcomes(hazardCommandHandler(await storeWith(history, now)));
        const slow = await outcomes(decodingEveryTime(await storeWith(history, now)));
        expect(fast).toEqual(slow);
      }),
      RUNS,
    );
  });
});
