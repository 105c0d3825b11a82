/**
 * What the store conformance suites share: the factory and options types, small helpers, and
 * the defaults of the options.
 */
import {
  type AppendError,
  type AppendResult,
  type EventStore,
  type RecordedHazardEvent,
  type StreamAppend,
} from "@hazard-ledger/core";
import * as E from "fp-ts/lib/Either.js";
import { afterEach, beforeEach, describe } from "vitest";
import { sampleProgressEvents, sampleReported } from "../samples/sampleEvents.js";

/** Makes a fresh, empty store. Called once for every test. */
export type EventStoreFactory = () => Promise<EventStore> | EventStore;

/** Knobs of the conformance suites (`describeEventStoreConformance` and each feature's); the defaults are what the contract asks. */
export interface EventStoreConformanceOptions {
  /** Events in the long-stream test; default 100,000. */
  readonly longStreamEvents?: number;
  /** Events per append when the long stream is written; default 1,000. */
  readonly longStreamChunk?: number;
  /** Writers in the racing tests; default 8. */
  readonly racingWriters?: number;
  /** Appends each racing writer makes; default 10. */
  readonly appendsPerWriter?: number;
  /** Timeout of each test in ms; default 120,000 (the long stream needs the most). */
  readonly timeoutMs?: number;
  /**
   * Whether a batch whose source is streamed (an iterator, not an array) is all or nothing;
   * default true, as the contract asks. False only for a store that documents its batches as
   * written stream by stream (EventStoreDB): the tests that a streamed batch failing midway
   * leaves nothing are then skipped.
   */
  readonly atomicStreamedBatch?: boolean;
  /**
   * Whether a batch over several streams is one write with one commit time; default true. False
   * for a store that writes such a batch stream by stream (EventStoreDB: one server write, and
   * one `created` time, per stream).
   */
  readonly batchIsOneWrite?: boolean;
  /**
   * Whether the store refuses and marks backfills (writes recorded before its last commit);
   * default true, as the contract asks. False only for a store that documents that it does
   * not (EventStoreDB: the check cannot be one transaction with its appends).
   */
  readonly checksBackfills?: boolean;
}

/** Yields the appends one at a time, a turn of the event loop apart, as a reading import would. */
export async function* streamed(
  appends: readonly StreamAppend[],
  onPull?: (n: number) => void,
): AsyncGenerator<StreamAppend> {
  let n = 0;
  for (const append of appends) {
    await new Promise((resolve) => setImmediate(resolve));
    onPull?.(++n);
    yield append;
  }
}

/** The value of a successful append; throws, naming the error, on a failed one. */
export const right = <A>(result: E.Either<AppendError, A>): A => {
  if (E.isLeft(result)) throw new Error(`expected the append to succeed, got ${result.left.message}`);
  return result.right;
};

/** The error of a failed append; throws on a successful one. */
export const left = <A>(result: E.Either<AppendError, A>): AppendError => {
  if (E.isRight(result)) throw new Error("expected the append to fail, but it succeeded");
  return result.left;
};

/** Every item of an async iterable, in order. */
export const collect = async <T>(iterable: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
};

/** The next `n` items of an iterator; throws if it ends before. */
export const take = async <T>(iterator: AsyncIterator<T>, n: number): Promise<T[]> => {
  const out: T[] = [];
  while (out.length < n) {
    const step = await iterator.next();
    if (step.done === true) throw new Error(`the iteration ended after ${out.length} of ${n} items`);
    out.push(step.value);
  }
  return out;
};

/** Each event's progress note, or its type for other events: what a test wrote, readable. */
export const notes = (events: readonly RecordedHazardEvent[]): string[] =>
  events.map((e) => (e.type === "ProgressReported" ? e.data.note : e.type));

/** The seqs of events, in order. */
export const seqs = (events: readonly RecordedHazardEvent[]): number[] => events.map((e) => e.seq);

/** The integers from `from` to `to`, both included. */
export const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** The options with their defaults filled in (see {@link EventStoreConformanceOptions}). */
export const conformanceSettings = (options: EventStoreConformanceOptions) => ({
  longStreamEvents: options.longStreamEvents ?? 100_000,
  longStreamChunk: options.longStreamChunk ?? 1_000,
  racingWriters: options.racingWriters ?? 8,
  appendsPerWriter: options.appendsPerWriter ?? 10,
  timeout: options.timeoutMs ?? 120_000,
  atomicStreamedBatch: options.atomicStreamedBatch ?? true,
  batchIsOneWrite: options.batchIsOneWrite ?? true,
  checksBackfills: options.checksBackfills ?? true,
});

/** Appends a report and `count - 1` progress events to a new stream; what the store answers. */
export const seedStream = async (store: EventStore, hazardId: string, count: number): Promise<AppendResult> =>
  right(
    await store.appendToStream(
      hazardId,
      [sampleReported(hazardId), ...sampleProgressEvents(hazardId, count - 1)],
      { expectedRevision: "no_stream" },
    ),
  );

/**
 * A fresh store from `factory` for each test, closed after it (exactly once), registered with
 * vitest's `beforeEach`/`afterEach` of the enclosing `describe`. The answer stands for the
 * current test's store: every property read goes to it, so a feature's tests use it as the
 * store itself.
 */
export const storePerTest = (factory: EventStoreFactory): EventStore => {
  let current: EventStore | undefined;
  beforeEach(async () => {
    current = await factory();
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  const store = (): EventStore => {
    if (current === undefined) throw new Error("conformance: the store exists only inside a test");
    return current;
  };
  return new Proxy({} as EventStore, {
    get: (_, property) => {
      const value: unknown = Reflect.get(store(), property);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(store()) : value;
    },
  });
};

/** The settings a feature's tests run with: {@link EventStoreConformanceOptions} with their defaults. */
export type ConformanceSettings = ReturnType<typeof conformanceSettings>;

/**
 * One feature of the store contract's conformance suite: registers its tests with vitest under
 * `name`, on a fresh store from `factory` for each test (closed after it). Usable alone or
 * through `describeEventStoreConformance`.
 */
export type ConformanceFeature = (
  name: string,
  factory: EventStoreFactory,
  options?: EventStoreConformanceOptions,
) => void;

/**
 * A {@link ConformanceFeature} from its `tests`: one vitest `describe` named after the store and
 * the feature's `topic`, the store of the current test ({@link storePerTest}), the settings,
 * and the factory itself for tests that open a second store.
 */
export const conformanceFeature =
  (
    topic: string,
    tests: (store: EventStore, settings: ConformanceSettings, factory: EventStoreFactory) => void,
  ): ConformanceFeature =>
  (name, factory, options = {}) =>
    describe(`${name}: event store conformance (${topic})`, () =>
      tests(storePerTest(factory), conformanceSettings(options), factory));
