import {
  type EventStore,
  type HashAlgorithm,
  type HazardState,
  type RecordedHazardEvent,
} from "@hazard-ledger/core";
import {
  type LedgerRoot,
  type MerkleFrontier,
  appendLeaf,
  deserialiseFrontier,
  emptyFrontier,
  ledgerRootOf,
  serialiseFrontier,
} from "@hazard-ledger/core/digest";
import { type Either, isLeft, left, right } from "fp-ts/lib/Either.js";
import {
  type LedgerBuilder,
  type LedgerEntry,
  emptyLedger,
  foldEvent,
  foldLedger,
  foldLedgerAsync,
  freshState,
  reportedStates,
} from "../ledger/ledger.js";
import { type QueryOptions, resolveQueryOptions } from "../ledger/queryOptions.js";
import { type Cutoff, decodeOptionalInstant } from "../ledger/timeAxes.js";
import { type Backfill, BackfillTally } from "../report/backfills.js";
import { type OverdueOptions, overdueOfStates, rectifiedLateOfStates } from "../overdue/overdue.js";
import { OVERDUE_KINDS, type OverdueItem, type RectifiedLateItem } from "../overdue/overdueCodec.js";
import { type HazardListOptions, checkHazardFilter, hazardRowsOfStates } from "../list/hazardList.js";
import type { HazardRow } from "../list/hazardRowCodec.js";
import { type ProjectionError, projectionError } from "../projectionError.js";
import { summarizeStates } from "../report/report.js";
import type { Report } from "../report/reportCodec.js";
import { type ReportOptions, resolveReportOptions } from "../report/reportOptions.js";
import { statusOfState } from "../status/status.js";
import type { HazardStatusView } from "../status/statusCodec.js";
import { parseInstantMillis } from "../time/instantMillis.js";
import { type CheckpointStore, inMemoryCheckpointStore } from "./checkpointStore.js";
import { type HostedProjections, hostedProjections } from "./hostedProjections.js";
import { type SnapshotTip, ledgerFromSnapshotBytes, snapshotBytes } from "./ledgerSnapshot.js";
import type { Projection } from "./projection.js";

/** What the runner reads of a store. */
export type RunnerStore = Pick<EventStore, "readAll" | "subscribe" | "readStream">;

export interface ProjectionRunnerOptions {
  readonly store: RunnerStore;
  /** Default: in memory (no restart survives it). */
  readonly checkpoints?: CheckpointStore;
  /** The checkpoint's name; default `ledger`. */
  readonly name?: string;
  /** Events folded live between two checkpoints; default 10 000. */
  readonly checkpointEvery?: number;
  /**
   * The ledger's hash algorithm, to keep the Merkle frontier of every event read (saved with
   * the checkpoint) and answer {@link ProjectionRunner.ledgerRoot}; none kept when not given.
   */
  readonly digest?: HashAlgorithm;
  /**
   * Read models of your own (see {@link projection}), kept beside the ledger: folded from the
   * same events, checkpointed with it (each under `<name>:<projection name>`), rebuilt with it.
   * A projection without a checkpoint at the ledger's position (new, or saved by a run that
   * stopped midway) makes the runner fold the whole log again.
   */
  readonly projections?: readonly Projection<unknown>[];
}

/**
 * Keeps the ledger read model up to date with a store: resumes from its checkpoint, catches
 * up with `readAll`, then follows the store's subscription, saving checkpoints as it goes.
 * Queries on the current ledger answer from the read model at once; queries as of or known at
 * an earlier instant re-read only the streams that changed since (or the whole log, when
 * most did).
 */
export interface ProjectionRunner {
  /** The read model, read-only; it changes as events arrive. */
  readonly ledger: LedgerBuilder;
  /** The error that stopped the live loop, if one did. */
  readonly failure: ProjectionError | null;
  /** The current state of one of the runner's `projections`; a RangeError for one it does not host. */
  stateOf<State>(projection: Projection<State>): State;
  /** Loads the checkpoint (a bad one is discarded: the ledger is rebuilt), catches up, goes live. */
  start(): Promise<Either<ProjectionError, void>>;
  /**
   * Loads the checkpoint and catches up, without going live (a one-shot reader such as a CLI
   * query): the count folded. A checkpoint that cannot be read, does not match its checksum,
   * or claims a last event the store does not hold at its position is discarded, and the
   * ledger rebuilt from the whole log ({@link checkpointProblem} says why).
   */
  resume(): Promise<Either<ProjectionError, number>>;
  /** Why the last checkpoint loaded was discarded; null when it was used (or there was none). */
  readonly checkpointProblem: string | null;
  /** The algorithm, count and digest of every event read, when the runner keeps the digest. */
  ledgerRoot(): LedgerRoot | null;
  /**
   * The backfills among the events read that amended the view known at `knownAt` (committed
   * after it, recorded at or before it), per commit in the log's order; none when `knownAt`
   * is null (the view of everything known). What a replay of the log tallies
   * ({@link BackfillTally}), kept with the read model.
   */
  backfills(knownAt: string | null): Either<ProjectionError, Backfill[]>;
  /** Folds what the store holds beyond the ledger's position and saves a checkpoint; the count folded. */
  catchUp(): Promise<Either<ProjectionError, number>>;
  /** Forgets the ledger and its checkpoint and folds the whole log again; the count folded. */
  rebuild(): Promise<Either<ProjectionError, number>>;
  /** Saves a checkpoint now. */
  checkpoint(): Promise<Either<ProjectionError, void>>;
  /** Resolves once the ledger has folded the event at `position` (or the live loop stopped). */
  waitForPosition(position: bigint): Promise<void>;
  /** Stops following the store and saves a checkpoint. */
  stop(): Promise<Either<ProjectionError, void>>;
  /** The report as of and known at the options' instants, from the read model where it can. */
  report(options: ReportOptions): Promise<Either<ProjectionError, Report>>;
  /** The overdue list, from the read model where it can. */
  overdue(options: OverdueOptions): Promise<Either<ProjectionError, OverdueItem[]>>;
  /** The hazards rectified late, from the read model where it can. */
  rectifiedLate(options: QueryOptions): Promise<Either<ProjectionError, RectifiedLateItem[]>>;
  /** The hazard list (`list`), as {@link hazardList} over the whole log gives it. */
  list(options: HazardListOptions): Promise<Either<ProjectionError, HazardRow[]>>;
  /** The status of one hazard, from the read model unless the cutoff lies before its last event. */
  status(hazardId: string, options: QueryOptions): Promise<Either<ProjectionError, HazardStatusView>>;
}

/**
 * Where a hazard of the read model stands against a cutoff: every event it folded lies
 * before it, its first event lies beyond it (so the cutoff leaves it unreported), or some
 * but not all of its events lie beyond it. Each stream is cut at its first event beyond
 * either limit ({@link Cutoff}), and occurredAt never decreases within one, so the entry's
 * first and last instants decide.
 */
const placeAt = (entry: LedgerEntry, cutoff: Cutoff): "before" | "after" | "straddles" => {
  const { asOfMillis, knownAtMillis } = cutoff;
  const lastOccurredAt = entry.state.lastOccurredAt;
  const lastBefore =
    (asOfMillis === Infinity ||
      lastOccurredAt === null ||
      parseInstantMillis(lastOccurredAt) <= asOfMillis) &&
    (knownAtMillis === Infinity ||
      entry.lastRecordedAt === null ||
      parseInstantMillis(entry.lastRecordedAt) <= knownAtMillis);
  if (lastBefore) return "before";
  const firstAfter =
    (asOfMillis !== Infinity &&
      entry.firstOccurredAt !== null &&
      parseInstantMillis(entry.firstOccurredAt) > asOfMillis) ||
    (knownAtMillis !== Infinity &&
      entry.firstRecordedAt !== null &&
      parseInstantMillis(entry.firstRecordedAt) > knownAtMillis);
  return firstAfter ? "after" : "straddles";
};

/** The latest occurredAt and recordedAt a ledger folded, as of its count of events folded. */
interface Latest {
  readonly eventCount: number;
  readonly occurredMillis: number;
  readonly recordedMillis: number;
}
const latest = new WeakMap<LedgerBuilder, Latest>();

/**
 * The latest instants of the ledger's events on both axes (-Infinity before any), found once
 * per count of events folded: a query as of now, its cutoff after them, is answered by the
 * read model whole, without judging each hazard's instants again.
 */
const latestOf = (ledger: LedgerBuilder): Latest => {
  const known = latest.get(ledger);
  if (known !== undefined && known.eventCount === ledger.eventCount) return known;
  let occurredMillis = -Infinity;
  let recordedMillis = -Infinity;
  for (const entry of ledger.hazards.values()) {
    const { lastOccurredAt } = entry.state;
    if (lastOccurredAt !== null)
      occurredMillis = Math.max(occurredMillis, parseInstantMillis(lastOccurredAt));
    if (entry.lastRecordedAt !== null)
      recordedMillis = Math.max(recordedMillis, parseInstantMillis(entry.lastRecordedAt));
  }
  const found = { eventCount: ledger.eventCount, occurredMillis, recordedMillis };
  latest.set(ledger, found);
  return found;
};

/** Creates a runner; nothing is read until `start`, `catchUp` or `rebuild`. */
export const projectionRunner = (options: ProjectionRunnerOptions): ProjectionRunner => {
  const { store } = options;
  const checkpoints = options.checkpoints ?? inMemoryCheckpointStore();
  const name = options.name ?? "ledger";
  const every = options.checkpointEvery ?? 10_000;
  let ledger = emptyLedger();
  let failure: ProjectionError | null = null;
  let savedPosition: bigint | null = null;
  let subscription: ReturnType<RunnerStore["subscribe"]> | null = null;
  let live: Promise<void> | null = null;
  let waiters: { position: bigint; resolve: () => void }[] = [];
  let tip: SnapshotTip | null = null;
  let tipPosition: bigint | null = null;
  let frontier: MerkleFrontier | null = options.digest === undefined ? null : emptyFrontier(options.digest);
  let checkpointProblem: string | null = null;
  let backfills = new BackfillTally();
  const hosted: HostedProjections = hostedProjections(options.projections ?? [], checkpoints, name);

  /** Keeps the tip and frontier up with what is read; a repeated event (a redelivery) counts once. */
  const track = (e: RecordedHazardEvent): void => {
    if (tipPosition !== null && e.position <= tipPosition) return;
    tipPosition = e.position;
    tip = { hazardId: e.hazardId, seq: e.seq, hash: e.hash };
    if (frontier !== null) frontier = appendLeaf(frontier, e.hash);
    backfills.add(e);
    hosted.fold(e);
  };
  async function* tracked(events: AsyncIterable<RecordedHazardEvent>): AsyncGenerator<RecordedHazardEvent> {
    for await (const e of events) {
      track(e);
      yield e;
    }
  }
  const forget = () => {
    ledger = emptyLedger();
    savedPosition = null;
    tip = null;
    tipPosition = null;
    frontier = options.digest === undefined ? null : emptyFrontier(options.digest);
    backfills = new BackfillTally();
    hosted.reset();
  };

  const wakeWaiters = (all = false) => {
    const pos = ledger.position;
    const still: typeof waiters = [];
    for (const w of waiters)
      if (all || (pos !== null && pos >= w.position)) w.resolve();
      else still.push(w);
    waiters = still;
  };

  const checkpoint = async (): Promise<Either<ProjectionError, void>> => {
    if (ledger.position === savedPosition) return right(undefined);
    const position = ledger.position;
    // The projections first: a ledger checkpoint never lies ahead of theirs.
    const projections = await hosted.save(position);
    if (isLeft(projections)) return projections;
    const saved = await checkpoints.save(
      name,
      snapshotBytes(ledger, {
        tip,
        frontier: frontier === null ? null : serialiseFrontier(frontier),
        backfills: backfills.toJson(),
      }),
    );
    if (saved._tag === "Right") savedPosition = position;
    return saved;
  };

  const catchUp = async (): Promise<Either<ProjectionError, number>> => {
    const before = ledger.eventCount;
    const folded = await foldLedgerAsync(
      tracked(store.readAll(ledger.position === null ? {} : { after: ledger.position })),
      undefined,
      ledger,
    );
    if (isLeft(folded)) return folded;
    wakeWaiters();
    const saved = await checkpoint();
    return isLeft(saved) ? saved : right(ledger.eventCount - before);
  };

  const follow = async (): Promise<void> => {
    const sub = store.subscribe(ledger.position === null ? {} : { after: ledger.position });
    subscription = sub;
    let sinceCheckpoint = 0;
    try {
      for await (const event of sub) {
        track(event);
        const problem = foldEvent(ledger, event, { asOfMillis: Infinity, knownAtMillis: Infinity });
        if (problem !== null) {
          failure = projectionError("INVALID_HISTORY", problem);
          break;
        }
        wakeWaiters();
        sinceCheckpoint += 1;
        if (sinceCheckpoint >= every) {
          sinceCheckpoint = 0;
          const saved = await checkpoint();
          if (isLeft(saved)) failure = saved.left;
        }
      }
    } catch (e) {
      failure = projectionError(
        "INVALID_HISTORY",
        `subscription failed: ${e instanceof Error ? e.message : String(e)}`,
      );
    } finally {
      subscription = null;
      wakeWaiters(true);
    }
  };

  const stopLive = async () => {
    const sub = subscription;
    if (sub !== null) await sub.close();
    if (live !== null) await live;
    live = null;
  };

  /**
   * Why a restored checkpoint cannot be trusted for this store, or null: the last event it
   * claims must be in the store at its position with its hash, and its frontier (when the
   * runner keeps one) must be of the ledger's algorithm and cover at least the events folded.
   */
  const distrust = async (
    position: bigint | null,
    claimed: SnapshotTip | null,
    claimedFrontier: MerkleFrontier | null,
  ): Promise<string | null> => {
    if ((position === null) !== (claimed === null)) return "its position and last event disagree";
    if (options.digest !== undefined && claimedFrontier?.algorithm !== options.digest)
      return `it keeps no ${options.digest} digest of the log`;
    if (claimed === null || position === null) return null;
    const [stored] = await store.readStream(claimed.hazardId, {
      fromRevision: claimed.seq,
      toRevision: claimed.seq,
    });
    if (stored?.position !== position || stored.hash !== claimed.hash)
      return `the log no longer holds its last event (${claimed.hazardId} seq ${claimed.seq}) at position ${position}`;
    return null;
  };

  /** Restores the checkpoint, if there is one that can be trusted; forgets everything otherwise. */
  const load = async (): Promise<Either<ProjectionError, void>> => {
    forget();
    checkpointProblem = null;
    const loaded = await checkpoints.load(name);
    if (isLeft(loaded)) return loaded;
    if (loaded.right === null) return right(undefined);
    // A checkpoint of another version, a damaged or stale one costs a rebuild, not an outage.
    const restored = ledgerFromSnapshotBytes(loaded.right, `checkpoint ${name}`);
    if (isLeft(restored)) {
      checkpointProblem = restored.left.message;
      return right(undefined);
    }
    const { frontier: json, tip: claimed } = restored.right;
    const claimedFrontier = json === null ? null : deserialiseFrontier(json);
    if (claimedFrontier !== null && isLeft(claimedFrontier)) {
      checkpointProblem = `checkpoint ${name}: ${claimedFrontier.left.message}`;
      return right(undefined);
    }
    const frontierRight = claimedFrontier === null ? null : claimedFrontier.right;
    const problem = await distrust(restored.right.ledger.position, claimed, frontierRight);
    if (problem !== null) {
      checkpointProblem = `checkpoint ${name}: ${problem}`;
      return right(undefined);
    }
    ledger = restored.right.ledger;
    backfills = BackfillTally.fromJson(restored.right.backfills);
    savedPosition = ledger.position;
    tip = claimed;
    tipPosition = ledger.position;
    if (options.digest !== undefined) frontier = frontierRight;
    // The projections resume with the ledger, or everything is folded again from the start.
    const resumed = await hosted.load(ledger.position);
    if (isLeft(resumed)) return resumed;
    if (!resumed.right) {
      checkpointProblem = `checkpoint ${name}: a projection has no checkpoint at the ledger's position`;
      forget();
    }
    return right(undefined);
  };

  const resume = async (): Promise<Either<ProjectionError, number>> => {
    await stopLive();
    const loaded = await load();
    return isLeft(loaded) ? loaded : catchUp();
  };

  const start = async (): Promise<Either<ProjectionError, void>> => {
    if (live !== null) return right(undefined);
    const loaded = await load();
    if (isLeft(loaded)) return loaded;
    const caught = await catchUp();
    if (isLeft(caught)) return caught;
    failure = null;
    live = follow();
    return right(undefined);
  };

  const rebuild = async (): Promise<Either<ProjectionError, number>> => {
    const wasLive = live !== null;
    await stopLive();
    const cleared = await checkpoints.clear(name);
    if (isLeft(cleared)) return cleared;
    const clearedProjections = await hosted.clear();
    if (isLeft(clearedProjections)) return clearedProjections;
    forget();
    const caught = await catchUp();
    if (isLeft(caught)) return caught;
    if (wasLive) {
      failure = null;
      live = follow();
    }
    return caught;
  };

  /**
   * The states of the hazards reported on the cutoff's axes. Each hazard of the read model is
   * one of three cases, known from its entry alone:
   * - its first event lies beyond the cutoff: unreported there, so left out, nothing read;
   * - nothing it folded lies beyond the cutoff: its read-model state, nothing read;
   * - it straddles the cutoff: refolded from its own stream, read through the store's index
   *   (or, when most hazards straddle, the whole log folded once).
   * A year's ledger asked about a past month-end has a few hazards in the third case for every
   * hundred in the others. The final pass is synchronous, so events arriving meanwhile cannot
   * slip in beyond the cutoff.
   */
  const statesAt = async (cutoff: Cutoff): Promise<Either<ProjectionError, HazardState[]>> => {
    const last = latestOf(ledger);
    if (cutoff.asOfMillis >= last.occurredMillis && cutoff.knownAtMillis >= last.recordedMillis) {
      const states: HazardState[] = [];
      for (const entry of ledger.hazards.values())
        if (entry.state.status !== "none") states.push(entry.state);
      return right(states);
    }
    const refolded = new Map<string, HazardState>();
    for (;;) {
      // Each hazard placed once a pass; the pass that finds nothing left to refold is
      // synchronous from its first hazard to its answer.
      const stale: string[] = [];
      const states: HazardState[] = [];
      for (const [id, entry] of ledger.hazards) {
        const place = placeAt(entry, cutoff);
        if (place === "after") continue;
        const state = place === "before" ? entry.state : refolded.get(id);
        if (state === undefined) stale.push(id);
        else if (state.status !== "none") states.push(state);
      }
      if (stale.length === 0) return right(states);
      if (stale.length > ledger.hazards.size / 4) {
        const all = await foldLedgerAsync(store.readAll(), cutoff);
        if (isLeft(all)) return all;
        return right([...reportedStates(all.right)]);
      }
      for (const id of stale) {
        const events = await store.readStream(id);
        const one = foldLedger(events, cutoff);
        if (isLeft(one)) return one;
        // A stream read back empty holds nothing at the cutoff (and is not read again).
        refolded.set(id, one.right.hazards.get(id)?.state ?? freshState());
      }
    }
  };

  return {
    get ledger() {
      return ledger;
    },
    get failure() {
      return failure;
    },
    get checkpointProblem() {
      return checkpointProblem;
    },
    stateOf: (p) => hosted.stateOf(p),
    ledgerRoot: () => (frontier === null ? null : ledgerRootOf(frontier)),
    backfills: (knownAt) => {
      const decoded = decodeOptionalInstant("knownAt", knownAt);
      return isLeft(decoded)
        ? decoded
        : right(backfills.backfills(decoded.right === null ? null : parseInstantMillis(decoded.right)));
    },
    start,
    resume,
    catchUp,
    rebuild,
    checkpoint,
    waitForPosition: (position) =>
      ledger.position !== null && ledger.position >= position
        ? Promise.resolve()
        : live === null
          ? Promise.resolve()
          : new Promise<void>((resolve) => waiters.push({ position, resolve })),
    stop: async () => {
      await stopLive();
      return checkpoint();
    },
    report: async (reportOptions) => {
      const resolved = resolveReportOptions(reportOptions);
      if (isLeft(resolved)) return resolved;
      const states = await statesAt(resolved.right.cutoff);
      return isLeft(states) ? states : right(summarizeStates(states.right, resolved.right));
    },
    overdue: async (overdueOptions) => {
      const resolved = resolveQueryOptions(overdueOptions);
      if (isLeft(resolved)) return resolved;
      const kinds = overdueOptions.kinds ?? OVERDUE_KINDS;
      const bad = kinds.find((k) => !OVERDUE_KINDS.includes(k));
      if (bad !== undefined)
        return left(
          projectionError(
            "INVALID_OPTION",
            `kinds: ${JSON.stringify(bad)} is not one of rectification, supervision`,
          ),
        );
      const states = await statesAt(resolved.right.cutoff);
      return isLeft(states)
        ? states
        : right(
            overdueOfStates(
              states.right.filter((s) => s.status !== "none"),
              resolved.right,
              kinds,
              overdueOptions.workingDays,
            ),
          );
    },
    rectifiedLate: async (queryOptions) => {
      const resolved = resolveQueryOptions(queryOptions);
      if (isLeft(resolved)) return resolved;
      const states = await statesAt(resolved.right.cutoff);
      return isLeft(states) ? states : right(rectifiedLateOfStates(states.right, resolved.right));
    },
    list: async (listOptions) => {
      const resolved = resolveQueryOptions(listOptions);
      if (isLeft(resolved)) return resolved;
      const filter = checkHazardFilter(listOptions.filter ?? {});
      if (isLeft(filter)) return filter;
      const states = await statesAt(resolved.right.cutoff);
      return isLeft(states)
        ? states
        : right(
            hazardRowsOfStates(
              states.right.filter((s) => s.status !== "none"),
              resolved.right,
              filter.right,
            ),
          );
    },
    status: async (hazardId, queryOptions) => {
      const resolved = resolveQueryOptions(queryOptions);
      if (isLeft(resolved)) return resolved;
      const entry = ledger.hazards.get(hazardId);
      if (entry !== undefined && placeAt(entry, resolved.right.cutoff) === "before")
        return statusOfState(hazardId, entry.state, resolved.right);
      const one = foldLedger(await store.readStream(hazardId), resolved.right.cutoff);
      if (isLeft(one)) return one;
      return statusOfState(hazardId, one.right.hazards.get(hazardId)?.state, resolved.right);
    },
  };
};
