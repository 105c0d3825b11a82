import * as E from "fp-ts/lib/Either.js";
import {
  type AppendError,
  type AppendResult,
  CURRENT_SCHEMA_VERSIONS,
  type RecordedHazardEvent,
  type StreamAppend,
  type StreamRevision,
  DEFAULT_HASH_ALGORITHM,
  type HashAlgorithm,
  type NewHazardEvent,
  type WriteOptions,
} from "@hazard-ledger/core";
import {
  GENESIS_HASH,
  type CommandCheck,
  checkAppendShape,
  checkCommandIds,
  commandFingerprint,
  isBackfill,
  matchesExpectedRevision,
  refusedBackfill,
  sealEvent,
  wrongExpectedRevision,
  type CommandSpan,
  commandSpan,
  spanFrom,
  spanTo,
  type CommandsSeen,
  NO_COMMANDS,
  fingerprintSeen,
  withCommand,
} from "@hazard-ledger/core/store-kit";
import { FLAG_APPEND_START, FLAG_BACKFILL } from "../format/recordFormat.js";

/** The commit a transaction is staged for. */
export interface CommitStamp {
  /** Its commit time (RFC 3339, UTC): also the `recordedAt` of events that bring none. */
  readonly committedAt: string;
  /** The commit time of the ledger's last transaction (ms), when it has one: the backfill line. */
  readonly lastCommitMs: number | undefined;
  readonly options: WriteOptions;
}

/** A committed event as staging needs it: the event and its record flags. */
export interface CommittedEvent {
  readonly event: RecordedHazardEvent;
  readonly flags: number;
}

/** What staging reads of the committed log (under the writer lock, so it holds still). */
export interface CommittedLog {
  streamLength(hazardId: string): number;
  /** Events of a stream with seq in [from, to], in order. */
  readStream(hazardId: string, from: number, to: number): CommittedEvent[];
  /** The hash of the stream's last committed event (the stream has one). */
  lastHash(hazardId: string): string;
  /** The command ids of the stream's committed events and the spans they came in. */
  commandSpans(hazardId: string): ReadonlyMap<string, CommandSpan>;
  /** The next position. */
  readonly size: number;
}

/** An event sealed by this group, not yet written: its record flags and position are set. */
export interface StagedEvent {
  readonly event: RecordedHazardEvent;
  readonly flags: number;
}

/** Receives each event as it is sealed (the writer makes the record's payload of it). */
export type SealedSink = (staged: StagedEvent) => void;

/** A stream as this group sees it: the committed part, then what the group has staged. */
interface StagedStream {
  readonly hazardId: string;
  readonly committedLength: number;
  /** Events this group added to the stream. */
  addedCount: number;
  /** Those events themselves, when the staging keeps them (to answer appends with them). */
  readonly added: StagedEvent[];
  lastHash: string | undefined;
  /** Command ids of the committed events, loaded from the log on first need. */
  committedCommands: ReadonlyMap<string, CommandSpan> | undefined;
  /** Command ids first seen in this group, with their spans (a staging that keeps events). */
  addedCommands: Map<string, CommandSpan> | undefined;
  /**
   * Command ids first seen in this group with the fingerprints of their events, kept instead
   * by a staging that keeps no events (a streamed batch), so that a repeat within the batch
   * can still be told from a reuse. Compact, since a batch keeps it for every hazard it touches.
   */
  addedSeen: CommandsSeen;
}

/** The command ids of a stream with no committed event. */
const NO_SPANS: ReadonlyMap<string, CommandSpan> = new Map();

/** One transaction's staged outcome: its results, once the group is written. */
export interface StagedTransaction {
  readonly results: AppendResult[];
}

/** What one append of a streamed batch did to its stream. */
export interface StagedAppend {
  readonly hazardId: string;
  /** The stream's revision after it (the seq of its last event). */
  readonly revision: number;
  /** Events it wrote: 0 for a replay. */
  readonly written: number;
}

/** Where a command came in, for a staging that keeps no events (nothing asks for the span). */
const UNKNOWN_SPAN: CommandSpan = -1;

/** A stream this group appended to, and where it now ends. */
export interface TouchedStream {
  readonly hazardId: string;
  readonly length: number;
  readonly lastHash: string;
}

/**
 * Checks and seals the transactions of one group commit against the committed log plus
 * what the transactions before it in the group staged; each transaction is all or nothing
 * (a failed one leaves no trace for the ones after it). The same rules as the in-memory
 * store: a repeated command id is answered before the expected revision is checked.
 */
export class Staging {
  private readonly streams = new Map<string, StagedStream>();
  private nextPosition: number;

  /**
   * @param keepEvents - false for a streamed batch: its events go to the sink and are not
   *   kept (so a big import is not held in memory), and it cannot be taken back in part (a
   *   failed batch throws the whole staging away); only {@link stageStreamed} may be used.
   * @param hashAlgorithm - the ledger's: its hash chains (and digest) use it.
   */
  constructor(
    private readonly log: CommittedLog,
    private readonly keepEvents = true,
    private readonly hashAlgorithm: HashAlgorithm = DEFAULT_HASH_ALGORITHM,
  ) {
    this.nextPosition = log.size;
  }

  /** The streams this group appended to, as it leaves them (for the caches, once written). */
  *touched(): Iterable<TouchedStream> {
    for (const s of this.streams.values())
      if (s.addedCount > 0 && s.lastHash !== undefined)
        yield { hazardId: s.hazardId, length: lengthOf(s), lastHash: s.lastHash };
  }

  /**
   * Checks and seals one append of a streamed batch against the committed log plus what the
   * batch staged before it; its events go to `sink` at once. On a refusal the caller throws
   * the whole staging away.
   */
  stageStreamed(
    append: StreamAppend,
    commit: CommitStamp,
    sink: SealedSink,
  ): E.Either<AppendError, StagedAppend> {
    const { hazardId } = append;
    const expected = append.expectedRevision ?? "any";
    const invalid = checkAppendShape(hazardId, append.events, expected);
    if (invalid !== undefined) return E.left(invalid);
    const s = this.streamOf(hazardId);
    const checked = this.checkCommands(s, append.events);
    if (E.isLeft(checked)) return checked;
    if (checked.right.kind === "replay") return E.right({ hazardId, revision: lengthOf(s) - 1, written: 0 });
    const from = lengthOf(s);
    const actual: StreamRevision = from === 0 ? "no_stream" : from - 1;
    if (!matchesExpectedRevision(expected, actual))
      return E.left(wrongExpectedRevision(hazardId, expected, actual));
    const refused = refusedBackfill(hazardId, from, append.events, commit.lastCommitMs, commit.options);
    if (refused !== undefined) return E.left(refused);
    this.sealInto(s, append, commit, sink);
    return E.right({ hazardId, revision: lengthOf(s) - 1, written: append.events.length });
  }

  /** Seals an append's events onto the stream, each to `sink`; returns the command ids it added. */
  private sealInto(s: StagedStream, append: StreamAppend, commit: CommitStamp, sink: SealedSink): string[] {
    const from = lengthOf(s);
    let prevHash = this.lastHashOf(s);
    const addedIds: string[] = [];
    for (let i = 0; i < append.events.length; i++) {
      const event = append.events[i] as (typeof append.events)[number];
      const sealed = sealEvent(event, {
        seq: lengthOf(s),
        recordedAt: commit.committedAt,
        prevHash,
        schemaVersion: CURRENT_SCHEMA_VERSIONS[event.type],
        hashAlgorithm: this.hashAlgorithm,
      }) as RecordedHazardEvent & { position: bigint; committedAt?: string; backfill?: true };
      sealed.position = BigInt(this.nextPosition++);
      sealed.committedAt = commit.committedAt;
      const backfill = isBackfill(event, commit.lastCommitMs);
      if (backfill) sealed.backfill = true;
      const staged: StagedEvent = {
        event: sealed,
        flags: (i === 0 ? FLAG_APPEND_START : 0) | (backfill ? FLAG_BACKFILL : 0),
      };
      if (this.keepEvents) s.added.push(staged);
      s.addedCount++;
      sink(staged);
      prevHash = sealed.hash;
    }
    s.lastHash = prevHash;
    const to = lengthOf(s) - 1;
    // A committed span wins over one added here (lookups ask the committed log first), so
    // adding never needs to load the committed command ids.
    const span = this.keepEvents ? commandSpan(from, to) : UNKNOWN_SPAN;
    for (const event of append.events) {
      const id = event.commandId;
      if (id === undefined) continue;
      if (this.keepEvents) {
        const added = (s.addedCommands ??= new Map());
        if (added.has(id)) continue;
        added.set(id, span);
      } else {
        if (fingerprintSeen(s.addedSeen, id) !== undefined) continue;
        s.addedSeen = withCommand(
          s.addedSeen,
          id,
          commandFingerprint(append.events.filter((e) => e.commandId === id)),
        );
      }
      addedIds.push(id);
    }
    return addedIds;
  }

  /** Positions used so far by the group. */
  get staged(): number {
    return this.nextPosition - this.log.size;
  }

  /**
   * Checks and seals one transaction; each sealed event goes to `sink` at once (a failure
   * later in the transaction is for the caller to take back).
   */
  stage(
    appends: readonly StreamAppend[],
    commit: CommitStamp,
    sink: SealedSink,
  ): E.Either<AppendError, StagedTransaction> {
    if (!this.keepEvents) throw new Error("a streamed staging keeps no events to answer appends with");
    const undo: (() => void)[] = [];
    const startPosition = this.nextPosition;
    const plans: (
      | { kind: "write"; s: StagedStream; from: number; to: number }
      | {
          kind: "replay";
          s: StagedStream;
          commandId: string;
          span: CommandSpan;
        }
    )[] = [];
    const fail = (error: AppendError): E.Either<AppendError, StagedTransaction> => {
      for (let i = undo.length - 1; i >= 0; i--) (undo[i] as () => void)();
      this.nextPosition = startPosition;
      return E.left(error);
    };
    for (const append of appends) {
      const { hazardId } = append;
      const expected = append.expectedRevision ?? "any";
      const invalid = checkAppendShape(hazardId, append.events, expected);
      if (invalid !== undefined) return fail(invalid);
      const s = this.streamOf(hazardId);
      const checked = this.checkCommands(s, append.events);
      if (E.isLeft(checked)) return fail(checked.left);
      if (checked.right.kind === "replay") {
        const commandId = checked.right.commandId;
        plans.push({ kind: "replay", s, commandId, span: this.commandSpan(s, commandId) as CommandSpan });
        continue;
      }
      const from = lengthOf(s);
      const actual: StreamRevision = from === 0 ? "no_stream" : from - 1;
      if (!matchesExpectedRevision(expected, actual))
        return fail(wrongExpectedRevision(hazardId, expected, actual));
      const refused = refusedBackfill(hazardId, from, append.events, commit.lastCommitMs, commit.options);
      if (refused !== undefined) return fail(refused);
      const addedBefore = s.addedCount;
      const hashBefore = s.lastHash;
      const addedIds = this.sealInto(s, append, commit, sink);
      const to = lengthOf(s) - 1;
      undo.push(() => {
        s.added.length = addedBefore;
        s.addedCount = addedBefore;
        s.lastHash = hashBefore;
        for (const id of addedIds) s.addedCommands?.delete(id);
      });
      plans.push({ kind: "write", s, from, to });
    }
    const results = plans.map((p): AppendResult => {
      const nextExpectedRevision = lengthOf(p.s) - 1;
      if (p.kind === "write")
        return {
          hazardId: p.s.hazardId,
          nextExpectedRevision,
          events: this.eventsOf(p.s, p.from, p.to),
          idempotentReplay: false,
        };
      return {
        hazardId: p.s.hazardId,
        nextExpectedRevision,
        events: this.eventsOf(p.s, spanFrom(p.span), spanTo(p.span)).filter(
          (e) => e.commandId === p.commandId,
        ),
        idempotentReplay: true,
      };
    });
    return E.right({ results });
  }

  private streamOf(hazardId: string): StagedStream {
    let s = this.streams.get(hazardId);
    if (s === undefined) {
      s = {
        hazardId,
        committedLength: this.log.streamLength(hazardId),
        addedCount: 0,
        added: [],
        lastHash: undefined,
        committedCommands: undefined,
        addedCommands: undefined,
        addedSeen: NO_COMMANDS,
      };
      this.streams.set(hazardId, s);
    }
    return s;
  }

  private lastHashOf(s: StagedStream): string {
    if (s.lastHash === undefined)
      s.lastHash = s.committedLength === 0 ? GENESIS_HASH : this.log.lastHash(s.hazardId);
    return s.lastHash;
  }

  /** The commandId rule of the store contract (a replay, a reuse, or new) for an append. */
  private checkCommands(
    s: StagedStream,
    events: readonly NewHazardEvent[],
  ): E.Either<AppendError, CommandCheck> {
    return checkCommandIds(s.hazardId, events, {
      has: (id) => this.commandSpan(s, id) !== undefined,
      fingerprint: (id) => {
        const span = this.commandSpan(s, id) as CommandSpan;
        const committed = s.committedCommands?.get(id) !== undefined;
        const kept = committed || this.keepEvents ? undefined : fingerprintSeen(s.addedSeen, id);
        return (
          kept ??
          commandFingerprint(this.eventsOf(s, spanFrom(span), spanTo(span)).filter((e) => e.commandId === id))
        );
      },
    });
  }

  private commandSpan(s: StagedStream, commandId: string): CommandSpan | undefined {
    if (s.committedCommands === undefined)
      s.committedCommands = s.committedLength === 0 ? NO_SPANS : this.log.commandSpans(s.hazardId);
    const span = s.committedCommands.get(commandId) ?? s.addedCommands?.get(commandId);
    if (span !== undefined || this.keepEvents) return span;
    return fingerprintSeen(s.addedSeen, commandId) !== undefined ? UNKNOWN_SPAN : undefined;
  }

  private eventsOf(s: StagedStream, from: number, to: number): RecordedHazardEvent[] {
    const out: RecordedHazardEvent[] = [];
    if (from < s.committedLength)
      for (const c of this.log.readStream(s.hazardId, from, Math.min(to, s.committedLength - 1)))
        out.push(c.event);
    for (let seq = Math.max(from, s.committedLength); seq <= to; seq++) {
      const e = s.added[seq - s.committedLength];
      if (e !== undefined) out.push(e.event);
    }
    return out;
  }
}

const lengthOf = (s: StagedStream): number => s.committedLength + s.addedCount;
