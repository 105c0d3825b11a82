import { randomUUID } from "node:crypto";
import {
  describeAppendConformance,
  describeBatchConformance,
  describeCommitTimeConformance,
  describeDigestConformance,
  describeEventStoreConformance,
  describeLedgerConformance,
  describeReadConformance,
  describeSubscriptionConformance,
} from "@hazard-ledger/testing";
import { afterAll, describe } from "vitest";
import { getEventStoreDBEventStore } from "./eventStoreDBEventStore.js";
import { FakeEventStoreDBClient } from "./fakeEventStoreDBClient.fixture.js";
import { startEventStoreDBTestServer } from "./testServer/eventStoreDBTestServer.js";

// The shared store conformance suite, three times.
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

// 2. Always (CI included), over a real gRPC socket: the real `@eventstore/db-client` talks to
//    the test server of src/testServer/, which speaks the server's own protocol with its
//    write, read and subscription rules. Each test gets a fresh stream prefix, as on a real
//    server, so the server's log (system events included) is shared and grows through the run.
const testServer = await startEventStoreDBTestServer();
// The digest's tests read the whole log many times, and this adapter reads the log from $all
// (every prefix's events cross the wire, docs/eventstoredb.md "Costs"): on the shared server,
// grown by the long-stream tests, they took minutes. They get a server of their own.
const digestServer = await startEventStoreDBTestServer();
afterAll(() => Promise.all([testServer.stop(), digestServer.stop()]));
const overGrpc = (server: { connectionString: string }) => () =>
  getEventStoreDBEventStore(
    { connectionString: server.connectionString },
    { streamPrefix: `hazard-${randomUUID().slice(0, 8)}-` },
  );
// The long stream is 20,000 events here: through the client's protobuf code it takes about a
// second per 1,000 on a loaded CI machine; the fake runs the full 100,000.
const grpcOptions = {
  atomicStreamedBatch: false,
  checksBackfills: false,
  batchIsOneWrite: false,
  longStreamEvents: 20_000,
};
const grpcName = "EventStoreDB adapter over gRPC to the test server";
describeAppendConformance(grpcName, overGrpc(testServer), grpcOptions);
describeBatchConformance(grpcName, overGrpc(testServer), grpcOptions);
describeReadConformance(grpcName, overGrpc(testServer), grpcOptions);
describeSubscriptionConformance(grpcName, overGrpc(testServer), grpcOptions);
describeCommitTimeConformance(grpcName, overGrpc(testServer), grpcOptions);
describeLedgerConformance(grpcName, overGrpc(testServer), grpcOptions);
describeDigestConformance(grpcName, overGrpc(digestServer), grpcOptions);

// 3. Against a real EventStoreDB/KurrentDB when EVENTSTOREDB_CONNECTION_STRING is set, e.g.
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
      { atomicStreamedBatch: false, checksBackfills: false, batchIsOneWrite: false },
    );
  },
);
