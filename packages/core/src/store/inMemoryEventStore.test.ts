import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import type { NewHazardEvent, RecordedHazardEvent } from "../events/hazardEvent.js";
import { deepFreeze } from "../hashing/deepFreeze.js";
import { verifyStream } from "../hashing/hashChain.js";
import type { AppendError } from "./eventStore.js";
import { getInMemoryEventStore } from "./inMemoryEventStore.js";

// The contract itself is checked by the conformance suite (@hazard-ledger/testing); these
// tests cover what is particular to the memory store.

const actor = { id: "u-1", role: "inspector", level: "county" } as const;
const progress = (hazardId: string, note: string, extra: Partial<NewHazardEvent> = {}): NewHazardEvent =>
  ({
    hazardId,
    type: "ProgressReported",
    occurredAt: "2023-03-02T09:30:00+08:00",
    actor,
    data: { note },
    ...extra,
  }) as NewHazardEvent;

const right = <A>(r: E.Either<AppendError, A>): A => {
  if (E.isLeft(r)) throw new Error(r.left.message);
  return r.right;
};
const left = <A>(r: E.Either<AppendError, A>): AppendError => {
  if (E.isRight(r)) throw new Error("expected a failure");
  return r.left;
};
const collect = async <T>(it: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
};

describe("getInMemoryEventStore", () => {
  it("stamps recordedAt from the clock it is given, once per append", async () => {
    const ticks = ["2023-03-01T00:00:00.000Z", "2023-03-01T00:00:05.000Z"];
    let calls = 0;
    const store = getInMemoryEventStore({ now: () => new Date(ticks[calls++] as string) });
    await store.appendToStream("HZ-1", [progress("HZ-1", "a"), progress("HZ-1", "b")]);
    await store.appendToStream("HZ-1", [progress("HZ-1", "c")]);
    expect((await store.readStream("HZ-1")).map((e) => e.recordedAt)).toEqual([ticks[0], ticks[0], ticks[1]]);
    expect(calls).toBe(2);
  });

  it("never lets the commit time go back: a clock that goes back gets the last commit time again", async () => {
    const ticks = ["2024-01-05T08:00:00.000Z", "2024-01-01T00:00:00.000Z"];
    let calls = 0;
    const store = getInMemoryEventStore({ now: () => new Date(ticks[calls++] as string) });
    right(await store.appendToStream("HZ-1", [progress("HZ-1", "a")]));
    const late = right(await store.appendToStream("HZ-1", [progress("HZ-1", "b")]));
    expect(late.events[0]).toMatchObject({ committedAt: ticks[0], recordedAt: ticks[0] });
    expect(late.events[0]?.backfill).toBeUndefined();
    expect(await store.lastCommittedAt()).toBe(ticks[0]);
  });

  it("keeps the last commit time when a write is refused or only replays", async () => {
    const ticks = ["2024-01-05T08:00:00.000Z", "2024-01-06T00:00:00.000Z", "2024-01-07T00:00:00.000Z"];
    let calls = 0;
    const store = getInMemoryEventStore({ now: () => new Date(ticks[calls++] as string) });
    right(await store.appendToStream("HZ-1", [progress("HZ-1", "a", { commandId: "c-1" })]));
    left(await store.appendToStream("HZ-1", [progress("HZ-1", "b")], { expectedRevision: "no_stream" }));
    right(await store.appendToStream("HZ-1", [progress("HZ-1", "a", { commandId: "c-1" })]));
    expect(await store.lastCommittedAt()).toBe(ticks[0]);
  });

  it("hands out frozen events, so a reader cannot change what is stored", async () => {
    const store = getInMemoryEventStore();
    await store.appendToStream("HZ-1", [progress("HZ-1", "a")]);
    const [event] = await store.readStream("HZ-1");
    expect(() => {
      (event as { seq: number }).seq = 7;
    }).toThrow(TypeError);
    expect(() => {
      (event?.data as { note: string }).note = "x";
    }).toThrow(TypeError);
    expect(verifyStream(await store.readStream("HZ-1"))).toEqual([]);
  });

  it("keeps a frozen event as it is, and copies one that is frozen only on the surface", async () => {
    const store = getInMemoryEventStore();
    const deep = deepFreeze(progress("HZ-1", "deep", { ext: { tags: ["a"] } }));
    // Frozen envelope, actor and data, but `ext.tags` still mutable: it must be copied.
    const tags = ["b"];
    const shallow = Object.freeze({
      ...progress("HZ-2", "shallow"),
      actor: Object.freeze({ ...actor }),
      data: Object.freeze({ note: "shallow" }),
      ext: Object.freeze({ tags }),
    }) as NewHazardEvent;
    await store.appendToStream("HZ-1", [deep]);
    await store.appendToStream("HZ-2", [shallow]);
    tags.push("changed later");
    const [kept] = await store.readStream("HZ-1");
    const [copied] = await store.readStream("HZ-2");
    expect(kept?.data).toBe(deep.data);
    expect(copied?.ext).toEqual({ tags: ["b"] });
    expect(verifyStream(await store.readStream("HZ-2"))).toEqual([]);
  });

  it("numbers positions 0, 1, 2... in commit order", async () => {
    const store = getInMemoryEventStore();
    await store.appendToStream("HZ-1", [progress("HZ-1", "a"), progress("HZ-1", "b")]);
    await store.appendToStream("HZ-2", [progress("HZ-2", "c")]);
    expect((await collect(store.readAll())).map((e) => e.position)).toEqual([0n, 1n, 2n]);
    expect((await collect(store.readAll({ after: 0n }))).map((e) => e.position)).toEqual([1n, 2n]);
    expect(await collect(store.readAll({ after: 99n }))).toEqual([]);
  });

  it("chains two appends to one stream inside a batch, and answers a command repeated in it", async () => {
    const store = getInMemoryEventStore();
    const result = right(
      await store.appendBatch([
        {
          hazardId: "HZ-1",
          events: [progress("HZ-1", "a", { commandId: "c1" })],
          expectedRevision: "no_stream",
        },
        { hazardId: "HZ-1", events: [progress("HZ-1", "b")], expectedRevision: 0 },
        { hazardId: "HZ-1", events: [progress("HZ-1", "a", { commandId: "c1" })], expectedRevision: 0 },
      ]),
    );
    expect(result).toEqual({
      appended: 2,
      streams: 1,
      lastPosition: 1n,
      nextExpectedRevisions: new Map([["HZ-1", 1]]),
    });
    const stream = await store.readStream("HZ-1");
    expect(stream.map((e) => (e.data as { note: string }).note)).toEqual(["a", "b"]);
    expect(verifyStream(stream)).toEqual([]);
  });

  it("sees the stream as the batch left it when it checks a later append's expected revision", async () => {
    const store = getInMemoryEventStore();
    const error = left(
      await store.appendBatch([
        { hazardId: "HZ-1", events: [progress("HZ-1", "a")], expectedRevision: "no_stream" },
        { hazardId: "HZ-1", events: [progress("HZ-1", "b")], expectedRevision: "no_stream" },
      ]),
    );
    expect(error).toMatchObject({ code: "WRONG_EXPECTED_REVISION", actual: 0 });
    expect(await store.streamRevision("HZ-1")).toBe("no_stream");
  });

  it("returns only the original events of a command that shared an append with others", async () => {
    const store = getInMemoryEventStore();
    await store.appendToStream("HZ-1", [
      progress("HZ-1", "a", { commandId: "c1" }),
      progress("HZ-1", "b", { commandId: "c2" }),
      progress("HZ-1", "c", { commandId: "c1" }),
    ]);
    const again = right(
      await store.appendToStream("HZ-1", [
        progress("HZ-1", "a", { commandId: "c1" }),
        progress("HZ-1", "c", { commandId: "c1" }),
      ]),
    );
    expect(again.events.map((e) => e.seq)).toEqual([0, 2]);
    const other = right(await store.appendToStream("HZ-1", [progress("HZ-1", "b", { commandId: "c2" })]));
    expect(other.idempotentReplay).toBe(true);
    expect(other.events.map((e) => e.seq)).toEqual([1]);
  });

  it("refuses a stream name that is not a hazard id and an expected revision that is not one", async () => {
    const store = getInMemoryEventStore();
    expect(left(await store.appendToStream("-bad id", [progress("-bad id", "a")])).message).toMatch(
      /is not a hazard id/,
    );
    for (const expectedRevision of [-1, 1.5, Number.NaN])
      expect(
        left(await store.appendToStream("HZ-1", [progress("HZ-1", "a")], { expectedRevision })),
      ).toMatchObject({ code: "INVALID_APPEND" });
  });

  it("rejects a range that is not one with a RangeError naming the option", async () => {
    const store = getInMemoryEventStore();
    await expect(store.readStream("HZ-1", { fromRevision: -1 })).rejects.toThrow(/fromRevision -1/);
    await expect(store.readStream("HZ-1", { toRevision: 0.5 })).rejects.toThrow(/toRevision 0.5/);
  });

  it("reads the global log as it was when the read began", async () => {
    const store = getInMemoryEventStore();
    await store.appendToStream("HZ-1", [progress("HZ-1", "a"), progress("HZ-1", "b")]);
    const seen: RecordedHazardEvent[] = [];
    for await (const e of store.readAll()) {
      seen.push(e);
      await store.appendToStream("HZ-2", [progress("HZ-2", `during ${e.seq}`)]);
    }
    expect(seen.map((e) => e.hazardId)).toEqual(["HZ-1", "HZ-1"]);
  });

  it("gives overlapping next() calls of a subscription each its own event, in order", async () => {
    const store = getInMemoryEventStore();
    const iterator = store.subscribe()[Symbol.asyncIterator]();
    const pending = [iterator.next(), iterator.next(), iterator.next()];
    await store.appendToStream("HZ-1", [progress("HZ-1", "a")]);
    await store.appendToStream("HZ-1", [progress("HZ-1", "b"), progress("HZ-1", "c")]);
    const results = await Promise.all(pending);
    expect(results.map((r) => (r.done === true ? null : r.value.seq))).toEqual([0, 1, 2]);
  });

  it("ends every subscription when the store is closed, and refuses work after", async () => {
    const store = getInMemoryEventStore();
    const iterator = store.subscribe()[Symbol.asyncIterator]();
    const waiting = iterator.next();
    await store.close();
    expect(await waiting).toEqual({ done: true, value: undefined });
    await expect(store.streamRevision("HZ-1")).rejects.toThrow(/closed/);
    await expect(collect(store.readAll())).rejects.toThrow(/closed/);
  });

  it("ends a for-await loop that breaks early, leaving the store usable", async () => {
    const store = getInMemoryEventStore();
    await store.appendToStream("HZ-1", [progress("HZ-1", "a"), progress("HZ-1", "b")]);
    const subscription = store.subscribe();
    for await (const e of subscription) if (e.seq === 0) break;
    expect(await subscription[Symbol.asyncIterator]().next()).toMatchObject({ done: true });
    expect(right(await store.appendToStream("HZ-1", [progress("HZ-1", "c")])).nextExpectedRevision).toBe(2);
  });
});
