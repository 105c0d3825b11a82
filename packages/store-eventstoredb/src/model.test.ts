import type { EventStore } from "@hazard-ledger/core";
import { ledgerModelProperty } from "@hazard-ledger/testing";
import fc from "fast-check";
import { describe, it } from "vitest";
import { getEventStoreDBEventStore } from "./eventStoreDBEventStore.js";
import { FakeEventStoreDBClient } from "./fakeEventStoreDBClient.fixture.js";

describe("the EventStoreDB adapter (over the fake server) under the command handler, against the model", () => {
  it("answers as the pure decider, resends are replays, nothing is lost when the adapter is opened again, every invariant holds after each step", async () => {
    // The server outlives the adapter: a restart is a new adapter over the same client.
    const clients = new WeakMap<EventStore, FakeEventStoreDBClient>();
    const over = (client: FakeEventStoreDBClient): EventStore => {
      const store = getEventStoreDBEventStore({ client });
      clients.set(store, client);
      return store;
    };
    await fc.assert(
      ledgerModelProperty({
        open: () => over(new FakeEventStoreDBClient()),
        reopen: async (store) => {
          const client = clients.get(store);
          if (client === undefined) throw new Error("reopen: not a store this test opened");
          await store.close();
          return over(client);
        },
        hazards: 3,
        maxCommands: 25,
      }),
      { numRuns: 25 },
    );
  });
});
