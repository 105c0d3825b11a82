import { EventStoreDBClient, streamNameFilter } from "@eventstore/db-client";
import { type RecordedHazardEvent, verifyStream } from "@hazard-ledger/core";
import * as E from "fp-ts/lib/Either.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleProgressEvents, sampleReported } from "@hazard-ledger/testing";
import { connectEventStoreDBEventStore, getEventStoreDBEventStore } from "./eventStoreDBEventStore.js";
import { EventStoreDBServerVersionError } from "./serverVersion.js";
import {
  type EventStoreDBTestServer,
  type WireCount,
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

describe("appends over the server's MaxAppendSize, 1 MiB by default (item 4)", () => {
  // About 2,000 progress events take more than 1 MiB once sealed and stored.
  const many = (hazardId: string, count: number, withCommands: boolean) =>
    sampleProgressEvents(hazardId, count, "n").map((e, i) =>
      withCommands ? { ...e, commandId: `cmd-${hazardId}-${i}` } : e,
    );

  it("appendBatch writes a stream's run that is too large for one server append in several, cut between commands", async () => {
    const store = getEventStoreDBEventStore(
      { connectionString: server.connectionString },
      { streamPrefix: freshPrefix() },
    );
    try {
      const events = [sampleReported("HZ-1"), ...many("HZ-1", 2_199, true)];
      const result = await store.appendBatch([{ hazardId: "HZ-1", events, expectedRevision: "no_stream" }]);
      expect(result).toMatchObject(E.right({ appended: 2_200, streams: 1 }));
      const stored = await store.readStream("HZ-1");
      expect(stored.map((e) => e.seq)).toEqual(Array.from({ length: 2_200 }, (_, i) => i));
      expect(verifyStream(stored)).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it("appendToStream refuses one append too large for one server write, before writing, naming the limit", async () => {
    const store = getEventStoreDBEventStore(
      { connectionString: server.connectionString },
      { streamPrefix: freshPrefix() },
    );
    try {
      const result = await store.appendToStream("HZ-1", [
        sampleReported("HZ-1"),
        ...many("HZ-1", 2_199, false),
      ]);
      expect(result).toMatchObject(E.left({ code: "INVALID_APPEND", hazardId: "HZ-1" }));
      expect(E.isLeft(result) && result.left.message).toMatch(
        /over the server's maximum of 1048576 for one append/,
      );
      expect(await store.streamRevision("HZ-1")).toBe("no_stream");
    } finally {
      await store.close();
    }
  });
});

describe("servers older than 22.6 (item 6)", () => {
  for (const version of ["20.10.0", "21.10.5", "22.4.0"])
    it(`refuses EventStoreDB ${version} at connect and before any write, saying why`, async () => {
      const old = await startEventStoreDBTestServer({ serverVersion: version });
      try {
        await expect(
          connectEventStoreDBEventStore({ connectionString: old.connectionString }),
        ).rejects.toThrow(/needs EventStoreDB 22\.6 or later, or KurrentDB/);
        const store = getEventStoreDBEventStore({ connectionString: old.connectionString });
        await expect(store.appendToStream("HZ-1", [sampleReported("HZ-1")])).rejects.toThrow(
          EventStoreDBServerVersionError,
        );
        await store.close();
        expect(old.log.stream("hazard-HZ-1")).toEqual([]);
      } finally {
        await old.stop();
      }
    });

  it("accepts EventStoreDB 22.6", async () => {
    const ok = await startEventStoreDBTestServer({ serverVersion: "22.6.0" });
    try {
      const store = await connectEventStoreDBEventStore({ connectionString: ok.connectionString });
      expect(E.isRight(await store.appendToStream("HZ-1", [sampleReported("HZ-1")]))).toBe(true);
      expect(await store.readStream("HZ-1")).toHaveLength(1);
      await store.close();
    } finally {
      await ok.stop();
    }
  });
});

describe("faults", () => {
  it("a subscription resumes across a server restart, losing and repeating nothing", async () => {
    const own = await startEventStoreDBTestServer();
    const store = getEventStoreDBEventStore(
      { connectionString: own.connectionString },
      { subscription: { delayMs: 50, maxAttempts: 50 } },
    );
    try {
      expect(
        E.isRight(
          await store.appendToStream("HZ-1", [sampleReported("HZ-1"), ...sampleProgressEvents("HZ-1", 1)]),
        ),
      ).toBe(true);
      const subscription = store.subscribe();
      const iterator = subscription[Symbol.asyncIterator]();
      const seen: number[] = [];
      for (let i = 0; i < 2; i++) seen.push(((await iterator.next()).value as RecordedHazardEvent).seq);
      await own.restart();
      // The first call after the restart may find the old connection gone: it is retried.
      const appendAgain = async () => {
        const events = sampleProgressEvents("HZ-1", 2, "after", { commandId: "cmd-after-restart" });
        try {
          return await store.appendToStream("HZ-1", events, { expectedRevision: 1 });
        } catch {
          return store.appendToStream("HZ-1", events, { expectedRevision: 1 });
        }
      };
      expect(E.isRight(await appendAgain())).toBe(true);
      for (let i = 0; i < 2; i++) seen.push(((await iterator.next()).value as RecordedHazardEvent).seq);
      expect(seen).toEqual([0, 1, 2, 3]);
      await subscription.close();
    } finally {
      await settlesWithin(store.close(), 20_000, "store.close()");
      await own.stop();
    }
  });

  it("a read dropped midway fails as a store failure, and the store still reads and closes", async () => {
    const store = getEventStoreDBEventStore(
      { connectionString: server.connectionString },
      { streamPrefix: freshPrefix() },
    );
    expect(
      E.isRight(
        await store.appendToStream("HZ-1", [sampleReported("HZ-1"), ...sampleProgressEvents("HZ-1", 4)]),
      ),
    ).toBe(true);
    server.faults.dropNextCall("read", 2);
    await expect(store.readStream("HZ-1")).rejects.toThrow(/UNAVAILABLE|Connection dropped|unavailable/i);
    expect(await store.readStream("HZ-1")).toHaveLength(5);
    await settlesWithin(store.close(), 20_000, "store.close()");
  });

  it("an append whose reply came after the deadline, sent again, is answered as a replay and written once", async () => {
    const store = getEventStoreDBEventStore(
      { connectionString: server.connectionString },
      { streamPrefix: freshPrefix(), callOptions: { deadline: 500 } },
    );
    try {
      const events = [sampleReported("HZ-1", { commandId: "cmd-late" })];
      server.faults.lateReplies(1);
      await expect(store.appendToStream("HZ-1", events)).rejects.toThrow();
      const again = await store.appendToStream("HZ-1", events);
      expect(again).toMatchObject(E.right({ idempotentReplay: true, nextExpectedRevision: 0 }));
      expect(await store.readStream("HZ-1")).toHaveLength(1);
    } finally {
      await store.close();
    }
  });

  it("works through a slow server", async () => {
    const store = getEventStoreDBEventStore(
      { connectionString: server.connectionString },
      { streamPrefix: freshPrefix() },
    );
    try {
      server.faults.delayCalls(100, 3);
      expect(E.isRight(await store.appendToStream("HZ-1", [sampleReported("HZ-1")]))).toBe(true);
      expect(await store.readStream("HZ-1")).toHaveLength(1);
    } finally {
      await store.close();
    }
  });
});

describe("what readAll carries over the wire (item 5)", () => {
  it("every event of $all crosses unfiltered; a filtered subscription would carry the prefix's only", async () => {
    const own = await startEventStoreDBTestServer();
    const store = getEventStoreDBEventStore({ connectionString: own.connectionString });
    try {
      // 50 hazards of 4 events, and a day of the server's own statistics (one every 30 s).
      for (let h = 0; h < 50; h++)
        expect(
          E.isRight(
            await store.appendToStream(`HZ-${h}`, [
              sampleReported(`HZ-${h}`),
              ...sampleProgressEvents(`HZ-${h}`, 3),
            ]),
          ),
        ).toBe(true);
      const stats = JSON.stringify({ "proc-cpu": 0.5, "sys-freeMem": 1e9, queues: "x".repeat(1_200) });
      for (let i = 0; i < 2_880; i++)
        own.log.writeSystemEvent("$stats-127.0.0.1:2113", "$statsCollected", stats);
      const total = own.log.records.length;

      own.resetWireCounts();
      let read = 0;
      for await (const e of store.readAll()) if (e !== undefined) read++;
      expect(read).toBe(200);
      const unfiltered = { ...(own.wire["read"] as WireCount) };
      // Every record of $all crossed (each page repeats the event it starts from).
      expect(unfiltered.messages).toBeGreaterThanOrEqual(total);

      // The same events through the server-side prefix filter (what subscribe uses).
      own.resetWireCounts();
      const client = EventStoreDBClient.connectionString(own.connectionString);
      const subscription = client.subscribeToAll({ filter: streamNameFilter({ prefixes: ["hazard-"] }) });
      let filteredEvents = 0;
      for await (const e of subscription) {
        if (e.event !== undefined) filteredEvents++;
        if (filteredEvents === 200) break;
      }
      await subscription.unsubscribe();
      await client.dispose();
      const filtered = { ...(own.wire["read"] as WireCount) };
      expect(filtered.bytes * 5).toBeLessThan(unfiltered.bytes);
      console.log(
        `$all of ${total} records (200 hazard events): readAll ${unfiltered.messages} messages, ${unfiltered.bytes} bytes; ` +
          `prefix-filtered ${filtered.messages} messages, ${filtered.bytes} bytes`,
      );
    } finally {
      await store.close();
      await own.stop();
    }
  });
});

describe("the ledger's settings stream (a sibling of item 1)", () => {
  it("close() does not hang after the settings were read", async () => {
    const store = getEventStoreDBEventStore(
      { connectionString: server.connectionString },
      { streamPrefix: freshPrefix() },
    );
    await store.initLedger({
      timeZone: "Asia/Shanghai",
      hashAlgorithm: "sha256",
      createdBy: "init",
      createdAt: "2026-01-01T00:00:00Z",
    });
    expect(await store.ledgerSettings()).toBeDefined();
    expect(E.isRight(await store.appendToStream("HZ-1", [sampleReported("HZ-1")]))).toBe(true);
    expect(await store.readStream("HZ-1")).toHaveLength(1);
    await settlesWithin(store.close(), 20_000, "store.close()");
  });
});
