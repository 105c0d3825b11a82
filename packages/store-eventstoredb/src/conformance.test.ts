import { randomUUID } from "node:crypto";
import { describeEventStoreConformance } from "@hazard-ledger/testing";
import { describe } from "vitest";
import { getEventStoreDBEventStore } from "./eventStoreDBEventStore.js";
import { FakeEventStoreDBClient } from "./fakeEventStoreDBClient.fixture.js";

// The shared store conformance suite, twice.
//
// 1. Always (CI included), against the fake server of fakeEventStoreDBClient.fixture.ts: this
//    checks the adapter's own logic (sealing, revisions, idempotency, batches, $all,
//    subscriptions) against the contract, but not the real server's behaviour.
describeEventStoreConformance(
  "EventStoreDB adapter over a fake server",
  () => getEventStoreDBEventStore({ client: new FakeEventStoreDBClient() }),
  // Batches are written stream by stream (docs/eventstoredb.md): a streamed one is not atomic;
  // nor can a backfill check be one transaction with the appends.
  { atomicStreamedBatch: false, checksBackfills: false },
);

// 2. Against a real EventStoreDB/KurrentDB when EVENTSTOREDB_CONNECTION_STRING is set, e.g.
//    EVENTSTOREDB_CONNECTION_STRING='esdb://localhost:2113?tls=false' (docs/eventstoredb.md
//    shows how to start one). Each test gets streams of its own under a fresh prefix, so the
//    server need not be empty and tests share nothing.
const connectionString = process.env["EVENTSTOREDB_CONNECTION_STRING"];
describe.skipIf(connectionString === undefined || connectionString === "")(
  connectionString
    ? `a real server at ${connectionString.replace(/\/\/[^@/]*@/, "//***@")}`
    : "a real server: SKIPPED, EVENTSTOREDB_CONNECTION_STRING is not set (see docs/eventstoredb.md)",
  () => {
    describeEventStoreConformance(
      "EventStoreDB server",
      () =>
        getEventStoreDBEventStore(
          { connectionString: connectionString as string },
          { streamPrefix: `hazard-${randomUUID().slice(0, 8)}-` },
        ),
      { atomicStreamedBatch: false, checksBackfills: false },
    );
  },
);
