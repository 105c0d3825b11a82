import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type EventStore, getInMemoryEventStore } from "@hazard-ledger/core";
import { ledgerDigestOf } from "@hazard-ledger/core/digest";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { arbHistory, arbInstant } from "../ledger/randomHistory.fixture.js";
import { foldLedger } from "../ledger/ledger.js";
import type { Ledger } from "../ledger/ledger.js";
import { buildReportSync } from "../report/report.js";
import { BackfillTally } from "../report/backfills.js";
import { hazardListSync } from "../list/hazardList.js";
import { overdueListSync } from "../overdue/overdue.js";
import { hazardStatusSync } from "../status/status.js";
import { inMemoryCheckpointStore } from "./checkpointStore.js";
import { fileCheckpointStore } from "./fileCheckpointStore.js";
import { type ProjectionRunner, projectionRunner } from "./projectionRunner.js";
import type { ProjectableEvent } from "../ledger/projectableEvent.js";
import { parseInstantMillis } from "../time/instantMillis.js";
import { appendAll, appendInParts, collect, countingReads } from "./storeLoading.fixture.js";

const right = <A>(e: { _tag: "Left"; left: { message: string } } | { _tag: "Right"; right: A }): A => {
  if (e._tag === "Left") throw new Error(e.left.message);
  return e.right;
};

const statesOf = (ledger: Ledger) =>
  new Map(
    [...ledger.hazards].map(([id, e]) => [
      id,
      {
        state: e.state,
        firstOccurredAt: e.firstOccurredAt,
        firstRecordedAt: e.firstRecordedAt,
        lastRecordedAt: e.lastRecordedAt,
      },
    ]),
  );

/** Wraps a store to count its readAll events and the streams read one by one. */
const countingStreams = (store: EventStore) => {
  const streams: string[] = [];
  const counted = countingReads(store);
  return Object.assign(counted, {
    streams,
    readStream: (hazardId: string, options?: Parameters<EventStore["readStream"]>[1]) => {
      streams.push(hazardId);
      return store.readStream(hazardId, options);
    },
  });
};

/**
 * The hazards whose streams a cutoff cuts after their first event: first event kept, last
 * one not (an event is kept when it occurred by `asOf` and was recorded by `knownAt`).
 */
const straddling = (events: readonly ProjectableEvent[], asOf: string, knownAt: string | null): string[] => {
  const kept = (e: ProjectableEvent) =>
    parseInstantMillis(e.occurredAt) <= parseInstantMillis(asOf) &&
    (knownAt === null || parseInstantMillis(e.recordedAt) <= parseInstantMillis(knownAt));
  const byHazard = new Map<string, ProjectableEvent[]>();
  for (const e of events) byHazard.set(e.hazardId, [...(byHazard.get(e.hazardId) ?? []), e]);
  return [...byHazard]
    .filter(
      ([, stream]) =>
        kept(stream[0] as ProjectableEvent) && !kept(stream[stream.length - 1] as ProjectableEvent),
    )
    .map(([id]) => id)
    .sort();
};

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

/** The runner's ledger root is the digest of every event the store holds. */
const expectRootOfLog = async (runner: ProjectionRunner, store: EventStore): Promise<void> => {
  const all = await collect(store.readAll());
  expect(runner.ledgerRoot()).toEqual(
    ledgerDigestOf(
      "sha256",
      all.map((e) => e.hash),
    ),
  );
};

describe("projectionRunner", () => {
  it("folded incrementally across restarts equals a full rebuild", async () => {
    await fc.assert(
      fc.asyncProperty(arbHistory(8), fc.array(fc.nat(1000), { maxLength: 4 }), async (events, cuts) => {
        const store = getInMemoryEventStore();
        const checkpoints = inMemoryCheckpointStore();
        await appendInParts(store, events, cuts, async () => {
          // A new runner each time: it can only know what the checkpoint kept.
          const runner = projectionRunner({ store, checkpoints });
          right(await runner.start());
          right(await runner.stop());
        });
        const resumed = projectionRunner({ store, checkpoints });
        right(await resumed.start());
        const full = right(foldLedger(await collect(store.readAll())));
        expect(statesOf(resumed.ledger)).toEqual(statesOf(full));
        expect(resumed.ledger.eventCount).toBe(events.length);
        const rebuilt = right(await resumed.rebuild());
        expect(rebuilt).toBe(events.length);
        expect(statesOf(resumed.ledger)).toEqual(statesOf(full));
        await resumed.stop();
      }),
      { numRuns: 200 },
    );
  });

  it("answers as of and known at any instant like the pure functions over the whole log", async () => {
    await fc.assert(
      fc.asyncProperty(
        arbHistory(8),
        arbInstant,
        fc.option(arbInstant, { nil: null }),
        async (events, asOf, knownAt) => {
          const store = getInMemoryEventStore();
          await appendAll(store, events);
          const runner = projectionRunner({ store });
          right(await runner.start());
          const options = { asOf, knownAt, by: "sector" as const };
          expect(await runner.report(options)).toEqual(buildReportSync(events, options));
          expect(await runner.overdue({ asOf, knownAt })).toEqual(overdueListSync(events, { asOf, knownAt }));
          expect(await runner.list({ asOf, knownAt })).toEqual(hazardListSync(events, { asOf, knownAt }));
          const id = events[0]?.hazardId ?? "HZ-1";
          expect(await runner.status(id, { asOf, knownAt })).toEqual(
            hazardStatusSync(events, id, { asOf, knownAt }),
          );
          await runner.stop();
        },
      ),
      { numRuns: 200 },
    );
  });

  it("as of or known at a past instant, reads only the streams the instant cuts after their first event", async () => {
    await fc.assert(
      fc.asyncProperty(
        arbHistory(12),
        arbInstant,
        fc.option(arbInstant, { nil: null }),
        async (events, asOf, knownAt) => {
          const memory = getInMemoryEventStore();
          await appendAll(memory, events);
          const store = countingStreams(memory);
          const runner = projectionRunner({ store });
          right(await runner.resume());
          const caughtUp = store.read;
          const options = { asOf, knownAt, by: "sector" as const };
          expect(await runner.report(options)).toEqual(buildReportSync(events, options));
          const expected = straddling(events, asOf, knownAt);
          const hazards = new Set(events.map((e) => e.hazardId)).size;
          if (expected.length > hazards / 4) expect(store.read - caughtUp).toBe(events.length);
          else {
            // Hazards reported later, and hazards the instant leaves whole, are not read at all.
            expect([...store.streams].sort()).toEqual(expected);
            expect(store.read).toBe(caughtUp);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("asked again as of an instant after live events arrive, answers for the events it now holds", async () => {
    await fc.assert(
      fc.asyncProperty(arbHistory(8), fc.nat(), arbInstant, async (events, cut, asOf) => {
        const at = cut % (events.length + 1);
        const store = getInMemoryEventStore();
        await appendAll(store, events.slice(0, at));
        const runner = projectionRunner({ store });
        right(await runner.start());
        const options = { asOf, by: "sector" as const };
        expect(await runner.report(options)).toEqual(buildReportSync(events.slice(0, at), options));
        const last = await appendAll(store, events.slice(at));
        if (last !== null) await runner.waitForPosition(last);
        expect(await runner.report(options)).toEqual(buildReportSync(events, options));
        right(await runner.stop());
      }),
      { numRuns: 150 },
    );
  });

  it("tells the backfills that amended the view known at any instant, as a tally of the whole log does, across restarts", async () => {
    await fc.assert(
      fc.asyncProperty(
        arbHistory(6),
        fc.array(fc.nat(1000), { maxLength: 3 }),
        fc.option(fc.oneof(arbInstant, fc.constant("2099-01-01T00:00:00Z")), { nil: null }),
        async (events, cuts, knownAt) => {
          const store = getInMemoryEventStore();
          const checkpoints = inMemoryCheckpointStore();
          await appendInParts(store, events, cuts, async () => {
            const runner = projectionRunner({ store, checkpoints });
            right(await runner.resume());
          });
          const runner = projectionRunner({ store, checkpoints });
          right(await runner.resume());
          const tally = new BackfillTally(knownAt === null ? null : parseInstantMillis(knownAt));
          for await (const e of store.readAll()) tally.add(e);
          expect(right(runner.backfills(knownAt))).toEqual(tally.backfills());
        },
      ),
      { numRuns: 100 },
    );
  });

  it("follows the store live after catching up", async () => {
    const [first, second] = fc.sample(arbHistory(6), { numRuns: 2, seed: 7 });
    const store = getInMemoryEventStore();
    await appendAll(store, first ?? []);
    const runner = projectionRunner({ store, checkpointEvery: 3 });
    right(await runner.start());
    const later = (second ?? []).map((e) => ({ ...e, hazardId: `L-${e.hazardId}` }));
    const last = await appendAll(store, later);
    if (last !== null) await runner.waitForPosition(last);
    expect(runner.ledger.eventCount).toBe((first?.length ?? 0) + later.length);
    expect(statesOf(runner.ledger)).toEqual(statesOf(right(foldLedger(await collect(store.readAll())))));
    right(await runner.stop());
    expect(runner.failure).toBeNull();
  });

  it("resumes from a file checkpoint without replaying what it holds", async () => {
    const dir = await mkdtemp(join(tmpdir(), "projections-"));
    dirs.push(dir);
    const [history] = fc.sample(arbHistory(10), { numRuns: 1, seed: 42 });
    const events = history ?? [];
    const half = Math.floor(events.length / 2);
    const store = countingReads(getInMemoryEventStore());
    await appendAll(store, events.slice(0, half));
    const first = projectionRunner({ store, checkpoints: fileCheckpointStore(dir) });
    right(await first.start());
    right(await first.stop());
    await appendAll(store, events.slice(half));
    const before = store.read;
    const second = projectionRunner({ store, checkpoints: fileCheckpointStore(dir) });
    right(await second.start());
    expect(store.read - before).toBe(events.length - half);
    expect(statesOf(second.ledger)).toEqual(statesOf(right(foldLedger(events))));
    right(await second.stop());
  });

  it("rebuilds from scratch when the checkpoint is damaged", async () => {
    const dir = await mkdtemp(join(tmpdir(), "projections-"));
    dirs.push(dir);
    const [history] = fc.sample(arbHistory(5), { numRuns: 1, seed: 3 });
    const events = history ?? [];
    const store = getInMemoryEventStore();
    await appendAll(store, events);
    await writeFile(join(dir, "ledger.checkpoint"), '{"version":1,"position":"9","hazards":[{}]}');
    const runner = projectionRunner({ store, checkpoints: fileCheckpointStore(dir) });
    right(await runner.start());
    expect(statesOf(runner.ledger)).toEqual(statesOf(right(foldLedger(events))));
    right(await runner.stop());
  });

  describe("a checkpoint a one-shot reader resumes from", () => {
    const newDir = async () => {
      const dir = await mkdtemp(join(tmpdir(), "projections-"));
      dirs.push(dir);
      return dir;
    };
    const sample = (seed: number, hazards = 8) =>
      fc.sample(arbHistory(hazards), { numRuns: 1, seed })[0] ?? [];
    const checkpointed = async (events: Parameters<typeof appendAll>[1]) => {
      const dir = await newDir();
      const store = getInMemoryEventStore();
      await appendAll(store, events);
      const first = projectionRunner({ store, checkpoints: fileCheckpointStore(dir), digest: "sha256" });
      right(await first.resume());
      return { dir, store, path: join(dir, "ledger.checkpoint") };
    };
    const figuresOf = async (store: Parameters<typeof projectionRunner>[0]["store"], dir: string) => {
      const runner = projectionRunner({ store, checkpoints: fileCheckpointStore(dir), digest: "sha256" });
      right(await runner.resume());
      return { runner, report: await runner.report({ asOf: "2024-06-01T00:00:00Z", by: "sector" }) };
    };

    it("reads only the log's tail, and keeps the digest of the whole log", async () => {
      const events = sample(11);
      const half = Math.floor(events.length / 2);
      const { dir, store: inner } = await checkpointed(events.slice(0, half));
      const store = countingReads(inner);
      await appendAll(store, events.slice(half));
      const before = store.read;
      const { runner, report } = await figuresOf(store, dir);
      expect(runner.checkpointProblem).toBeNull();
      expect(store.read - before).toBe(events.length - half);
      expect(report).toEqual(buildReportSync(events, { asOf: "2024-06-01T00:00:00Z", by: "sector" }));
      await expectRootOfLog(runner, store);
    });

    it("is rebuilt, not believed, when its content was edited (no figure changes)", async () => {
      const events = sample(12);
      const { dir, store, path } = await checkpointed(events);
      // Byte for byte (latin1): the statuses are JSON text among the binary rows.
      const text = await readFile(path, "latin1");
      // Every hazard's status turned to closed: the figures would change if it were believed.
      await writeFile(
        path,
        text.replace(/"(reported|rectifying|pending_acceptance)"/g, '"closed"'),
        "latin1",
      );
      expect(await readFile(path, "latin1")).not.toBe(text);
      const { runner, report } = await figuresOf(store, dir);
      expect(runner.checkpointProblem).toMatch(/does not match its checksum/);
      expect(report).toEqual(buildReportSync(events, { asOf: "2024-06-01T00:00:00Z", by: "sector" }));
    });

    it("is rebuilt, not believed, when it was made from another log", async () => {
      const events = sample(13);
      const other = sample(14);
      const { dir } = await checkpointed(other);
      const store = getInMemoryEventStore();
      await appendAll(store, events);
      const { runner, report } = await figuresOf(store, dir);
      expect(runner.checkpointProblem).toMatch(/no longer holds its last event/);
      expect(report).toEqual(buildReportSync(events, { asOf: "2024-06-01T00:00:00Z", by: "sector" }));
      await expectRootOfLog(runner, store);
    });

    it("is rebuilt when it keeps no digest and the reader needs one", async () => {
      const events = sample(15);
      const dir = await newDir();
      const store = getInMemoryEventStore();
      await appendAll(store, events);
      right(await projectionRunner({ store, checkpoints: fileCheckpointStore(dir) }).resume());
      const { runner } = await figuresOf(store, dir);
      expect(runner.checkpointProblem).toMatch(/keeps no sha256 digest/);
      await expectRootOfLog(runner, store);
    });
  });
});
