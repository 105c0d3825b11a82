import { describeAppendConformance } from "./appendConformance.js";
import { describeBatchConformance } from "./batchConformance.js";
import { describeCommitTimeConformance } from "./commitTimeConformance.js";
import { describeDigestConformance } from "./digestConformance.js";
import type { EventStoreConformanceOptions, EventStoreFactory } from "./conformanceSupport.js";
import { describeLedgerConformance } from "./ledgerConformance.js";
import { describeReadConformance } from "./readConformance.js";
import { describeSubscriptionConformance } from "./subscriptionConformance.js";

/** The factory and options every conformance suite takes. */
export type {
  ConformanceFeature,
  EventStoreConformanceOptions,
  EventStoreFactory,
} from "./conformanceSupport.js";

/**
 * Registers (with vitest `describe`/`it`) the tests every `EventStore` must pass, so
 * that a store is checked by calling this from its own test file:
 *
 * ```ts
 * describeEventStoreConformance("file store", async () => openFileStore(await freshDir()));
 * ```
 *
 * It runs every feature's suite: {@link describeAppendConformance} (revisions, optimistic
 * concurrency, idempotency), {@link describeBatchConformance}, {@link describeReadConformance}
 * (ranges, the global log), {@link describeSubscriptionConformance},
 * {@link describeCommitTimeConformance} (commit time, backfills),
 * {@link describeDigestConformance} (the ledger digest and its proofs) and
 * {@link describeLedgerConformance} (settings, closing). Call one of those alone to check a
 * store that is still growing into the contract, a feature at a time.
 *
 * The factory contract: it is called once per test and must return a new, empty store that
 * shares nothing with the stores of other tests. The suite calls `close()` on it after the
 * test (exactly once; the test that checks a closed store makes and closes its own). Tests
 * do not depend on wall-clock time; positions are compared only by order, never by value.
 */
export const describeEventStoreConformance = (
  name: string,
  factory: EventStoreFactory,
  options: EventStoreConformanceOptions = {},
): void => {
  describeAppendConformance(name, factory, options);
  describeBatchConformance(name, factory, options);
  describeReadConformance(name, factory, options);
  describeSubscriptionConformance(name, factory, options);
  describeCommitTimeConformance(name, factory, options);
  describeDigestConformance(name, factory, options);
  describeLedgerConformance(name, factory, options);
};
