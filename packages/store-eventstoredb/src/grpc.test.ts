import type { RecordedHazardEvent } from "@hazard-ledger/core";
import * as E from "fp-ts/lib/Either.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleProgressEvents, sampleReported } from "@hazard-ledger/testing";
import { getEventStoreDBEventStore } from "./eventStoreDBEventStore.js";
import {
  type EventStoreDBTestServer,
  startEventStoreDBTestServer,
} from "./testServer/eventStoreDBTestServer.js";

// The adapter with the real client, over a real gRPC socket to the test server: the defects
// that only show there.

let server: EventStoreDBTestServer;
beforeAll(async () => {
  server = await startEventStoreDBTestServer();
});
afterAll(() => server.stop());

/** Settles `promise`, or fails once `ms` have passed: a hang detector, not a speed target. */
const settlesWithin = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`${what} did not settle in ${ms} ms`)), ms),
    ),
  ]);

let n = 0;
const freshPrefix = (): string => `hazard-t${++n}${Date.now().toString(36)}-`;

describe("close() after a read the server had already ended (item 1)", () => {
  it("does not hang after streamRevision (a read left early) and then a read of the stream", async () => {
    const store = getEventStoreDBEventStore(
      { connectionString: server.connectionString },
      { streamPrefix: freshPrefix() },
    );
    await store.appendToStream("HZ-1", [sampleReported("HZ-1"), ...sampleProgressEvents("HZ-1", 3)]);
    expect(await store.streamRevision("HZ-1")).toBe(3);
    expect(await store.readStream("HZ-1")).toHaveLength(4);
    await settlesWithin(store.close(), 20_000, "store.close()");
  });

  it("does not hang after a caller leaves readAll early", async () => {
    const prefix = freshPrefix();
    const store = getEventStoreDBEventStore(
      { connectionString: server.connectionString },
      { streamPrefix: prefix },
    );
    for (const id of ["HZ-1", "HZ-2", "HZ-3"]) await store.appendToStream(id, [sampleReported(id)]);
    for await (const event of store.readAll()) {
      expect(event.hazardId).toBe("HZ-1");
      break;
    }
    expect(await store.readStream("HZ-2")).toHaveLength(1);
    await settlesWithin(store.close(), 20_000, "store.close()");
  });
});

describe("overlapping prefixes (item 2)", () => {
  it("skips the streams of a ledger whose prefix extends ours, in readAll and in subscribe", async () => {
    const base = freshPrefix();
    const longer = getEventStoreDBEventStore(
      { connectionString: server.connectionString },
      { streamPrefix: `${base}abc12345-` },
    );
    const shorter = getEventStoreDBEventStore(
      { connectionString: server.connectionString },
      { streamPrefix: base },
    );
    try {
      expect(E.isRight(await longer.appendToStream("HZ-1", [sampleReported("HZ-1")]))).toBe(true);
      expect(E.isRight(await shorter.appendToStream("HZ-2", [sampleReported("HZ-2")]))).toBe(true);
      const all: RecordedHazardEvent[] = [];
      for await (const e of shorter.readAll()) all.push(e);
      expect(all.map((e) => e.hazardId)).toEqual(["HZ-2"]);
      const seen: string[] = [];
      const subscription = shorter.subscribe();
      for await (const e of subscription) {
        seen.push(e.hazardId);
        if (e.hazardId === "HZ-2") break;
      }
      await subscription.close();
      expect(seen).toEqual(["HZ-2"]);
      const longerAll: RecordedHazardEvent[] = [];
      for await (const e of longer.readAll()) longerAll.push(e);
      expect(longerAll.map((e) => e.hazardId)).toEqual(["HZ-1"]);
    } finally {
      await longer.close();
      await shorter.close();
    }
  });
});

describe("throwOnAppendFailure=false on the batch-append path (item 3)", () => {
  it("reports the stream's real revision as actual when another writer got in first", async () => {
    const prefix = freshPrefix();
    const store = getEventStoreDBEventStore(
      { connectionString: `${server.connectionString}&throwOnAppendFailure=false` },
      { streamPrefix: prefix },
    );
    const other = getEventStoreDBEventStore(
      { connectionString: server.connectionString },
      { streamPrefix: prefix },
    );
    try {
      expect(E.isRight(await store.appendToStream("HZ-1", [sampleReported("HZ-1")]))).toBe(true);
      // Between the store's read of the stream and its write, another writer adds 5 events.
      server.faults.beforeNextAppend(async () => {
        expect(E.isRight(await other.appendToStream("HZ-1", sampleProgressEvents("HZ-1", 5)))).toBe(true);
      });
      const result = await store.appendToStream("HZ-1", sampleProgressEvents("HZ-1", 1, "late"), {
        expectedRevision: 0,
      });
      expect(result).toMatchObject(E.left({ code: "WRONG_EXPECTED_REVISION", expected: 0, actual: 5 }));
    } finally {
      await store.close();
      await other.close();
    }
  });
});
