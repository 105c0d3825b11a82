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
  NO_COMMAND_HASHES,
  commandHashValue,
  commandIdHash,
  withCommandHash,
} from "@hazard-ledger/core/store-kit";
import { FLAG_APPEND_START, FLAG_BACKFILL } from "../format/recordFormat.js";
import { type StagedStream, StreamTable } from "./streamTable.js";

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

/** An event sealed by this group, as it goes to the writer (or is read back from it). */
export interface StagedEvent {
  /** Its record flags and position are set. */
  readonly event: RecordedHazardEvent;
  readonly flags: number;
  /** Its stream's ordinal in the group ({@link StagedRecords.streamOrdinal}). */
  readonly stream: number;
}

/**
 * The records of the group being written, record k at position `log.size + k`: where staging
 * sends each event it seals, and where a streamed batch, which keeps no events, reads back the
 * ones it staged.
 */
export interface StagedRecords {
  /** Takes the next sealed event. */
  add(staged: StagedEvent): void;
  /** A new ordinal for a stream that gets its first record in the group. */
  streamOrdinal(hazardId: string): number;
  /** The hazard id of a stream ordinal. */
  streamId(ordinal: number): string;
  /** The stream ordinal of record k. */
  ordinalOf(k: number): number;
  /** Record k read back (decoded from its payload unless the writer still holds the event). */
  recordAt(k: number): StagedEvent;
}

/** A stream of a staging that keeps its events (a group commit, answered with them). */
interface KeptStream extends StagedStream {
  readonly added: StagedEvent[];
  /** Command ids first seen in this group, with their spans. */
  addedCommands: Map<string, CommandSpan> | undefined;
}

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
  /** The streams of a staging that keeps events (a group commit: a few). */
  private readonly streams = new Map<string, KeptStream>();
  /** The streams of a streamed batch (maybe millions). */
  private readonly table: StreamTable;
  private checksEnded = false;
  private nextPosition: number;
  /** The last command a streamed check read back: `has` and then `fingerprint` ask for it. */
  private settled:
    { readonly hazardId: string; readonly id: string; readonly events: RecordedHazardEvent[] } | undefined;

  /**
   * @param records - where sealed events go (and a streamed batch reads them back).
   * @param keepEvents - false for a streamed batch: its events go to `records` and are not
   *   kept (so a big import is not held in memory), and it cannot be taken back in part (a
   *   failed batch throws the whole staging away); only {@link stageStreamed} may be used.
   * @param hashAlgorithm - the ledger's: its hash chains (and digest) use it.
   * @param commandHash - how a streamed batch hashes commandIds; tests pass one that collides.
   */
  constructor(
    private readonly log: CommittedLog,
    private readonly records: StagedRecords,
    private readonly keepEvents = true,
    private readonly hashAlgorithm: HashAlgorithm = DEFAULT_HASH_ALGORITHM,
    private readonly commandHash: (commandId: string) => number = commandIdHash,
  ) {
    this.nextPosition = log.size;
    this.table = new StreamTable((ordinal) => records.streamId(ordinal));
  }

  /** The streams this group appended to, as it leaves them (for the caches, once written). */
  *touched(): Iterable<TouchedStream> {
    for (const s of this.keepEvents ? this.streams.values() : this.table.rows())
      if (s.length > s.committedLength && s.lastHash !== undefined)
        yield { hazardId: s.hazardId, length: s.length, lastHash: s.lastHash };
  }

  /**
   * Checks and seals one append of a streamed batch against the committed log plus what the
   * batch staged before it; its events go to the records at once. On a refusal the caller throws
   * the whole staging away.
   */
  stageStreamed(append: StreamAppend, commit: CommitStamp): E.Either<AppendError, StagedAppend> {
    if (this.checksEnded) throw new Error("a streamed batch was staged on after its checks ended");
    const { hazardId } = append;
    const expected = append.expectedRevision ?? "any";
    const invalid = checkAppendShape(hazardId, append.events, expected);
    if (invalid !== undefined) return E.left(invalid);
    const s = this.streamOf(hazardId);
    const checked = this.checkCommands(s, append.events);
    if (E.isLeft(checked)) return checked;
    if (checked.right.kind === "replay") return E.right({ hazardId, revision: s.length - 1, written: 0 });
    const from = s.length;
    const actual: StreamRevision = from === 0 ? "no_stream" : from - 1;
    if (!matchesExpectedRevision(expected, actual))
      return E.left(wrongExpectedRevision(hazardId, expected, actual));
    const refused = refusedBackfill(hazardId, from, append.events, commit.lastCommitMs, commit.options);
    if (refused !== undefined) return E.left(refused);
    this.sealInto(s, append, commit);
    return E.right({ hazardId, revision: s.length - 1, written: append.events.length });
  }

  /** Seals an append's events onto the stream, each to the records; returns the command ids it added. */
  private sealInto(s: StagedStream, append: StreamAppend, commit: CommitStamp): string[] {
    const from = s.length;
    const firstRecord = this.nextPosition - this.log.size;
    let prevHash = this.lastHashOf(s);
    const stream = s.ordinal;
    const addedIds: string[] = [];
    for (let i = 0; i < append.events.length; i++) {
      const event = append.events[i] as (typeof append.events)[number];
      const sealed = sealEvent(event, {
        seq: s.length,
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
        stream,
      };
      if (this.keepEvents) (s as KeptStream).added.push(staged);
      s.length++;
      s.lastRecord = Number(sealed.position) - this.log.size;
      this.records.add(staged);
      prevHash = sealed.hash;
    }
    s.lastHash = prevHash;
    const to = s.length - 1;
    // A committed span wins over one added here (lookups ask the committed log first), so
    // adding never needs to load the committed command ids.
    const span = commandSpan(from, to);
    for (const event of append.events) {
      const id = event.commandId;
      if (id === undefined) continue;
      if (this.keepEvents) {
        const added = ((s as KeptStream).addedCommands ??= new Map());
        if (added.has(id)) continue;
        added.set(id, span);
      } else {
        // A hash already kept stays with its first append: a later id of the same hash is
        // found by reading the stream's records back (see stagedCommand).
        const hash = this.commandHash(id);
        if (commandHashValue(s.commands, hash) !== undefined) continue;
        s.commands = withCommandHash(s.commands, hash, firstRecord);
      }
      addedIds.push(id);
    }
    return addedIds;
  }

  /**
   * A streamed batch is staged whole: drops what only its checks need (its streams' command
   * hashes and the map from hazard to stream), a good part of a big batch's memory, before
   * the index is built from its records; {@link touched} still answers.
   */
  endChecks(): void {
    this.checksEnded = true;
    this.table.endLookups();
  }

  /** Positions used so far by the group. */
  get staged(): number {
    return this.nextPosition - this.log.size;
  }

  /**
   * Checks and seals one transaction; each sealed event goes to the records at once (a failure
   * later in the transaction is for the caller to take back).
   */
  stage(appends: readonly StreamAppend[], commit: CommitStamp): E.Either<AppendError, StagedTransaction> {
    if (!this.keepEvents) throw new Error("a streamed staging keeps no events to answer appends with");
    const undo: (() => void)[] = [];
    const startPosition = this.nextPosition;
    const plans: (
      | { kind: "write"; s: KeptStream; from: number; to: number }
      | {
          kind: "replay";
          s: KeptStream;
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
      const s = this.streamOf(hazardId) as KeptStream;
      const checked = this.checkCommands(s, append.events);
      if (E.isLeft(checked)) return fail(checked.left);
      if (checked.right.kind === "replay") {
        const commandId = checked.right.commandId;
        const span = this.committedSpan(s, commandId) ?? s.addedCommands?.get(commandId);
        if (span === undefined) throw new Error(`${hazardId}: a replayed command has no span`);
        plans.push({ kind: "replay", s, commandId, span });
        continue;
      }
      const from = s.length;
      const actual: StreamRevision = from === 0 ? "no_stream" : from - 1;
      if (!matchesExpectedRevision(expected, actual))
        return fail(wrongExpectedRevision(hazardId, expected, actual));
      const refused = refusedBackfill(hazardId, from, append.events, commit.lastCommitMs, commit.options);
      if (refused !== undefined) return fail(refused);
      const addedBefore = s.added.length;
      const hashBefore = s.lastHash;
      const lastRecordBefore = s.lastRecord;
      const addedIds = this.sealInto(s, append, commit);
      const to = s.length - 1;
      undo.push(() => {
        s.added.length = addedBefore;
        s.length = from;
        s.lastHash = hashBefore;
        s.lastRecord = lastRecordBefore;
        for (const id of addedIds) s.addedCommands?.delete(id);
      });
      plans.push({ kind: "write", s, from, to });
    }
    const results = plans.map((p): AppendResult => {
      const nextExpectedRevision = p.s.length - 1;
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
    if (!this.keepEvents)
      return (
        this.table.get(hazardId) ??
        this.table.add(hazardId, this.records.streamOrdinal(hazardId), this.log.streamLength(hazardId))
      );
    let s = this.streams.get(hazardId);
    if (s === undefined) {
      const committedLength = this.log.streamLength(hazardId);
      s = {
        hazardId,
        ordinal: this.records.streamOrdinal(hazardId),
        committedLength,
        length: committedLength,
        lastHash: undefined,
        lastRecord: -1,
        committedCommands: undefined,
        commands: NO_COMMAND_HASHES,
        added: [],
        addedCommands: undefined,
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
    this.settled = undefined;
    return checkCommandIds(s.hazardId, events, {
      has: (id) => this.committedSpan(s, id) !== undefined || this.addedCommand(s, id) !== undefined,
      fingerprint: (id) => {
        const span = this.committedSpan(s, id);
        const events =
          span !== undefined
            ? this.eventsOf(s, spanFrom(span), spanTo(span))
            : (this.addedCommand(s, id) as RecordedHazardEvent[]);
        return commandFingerprint(events.filter((e) => e.commandId === id));
      },
    });
  }

  private committedSpan(s: StagedStream, commandId: string): CommandSpan | undefined {
    if (s.committedLength === 0) return undefined;
    let spans = s.committedCommands;
    if (spans === undefined) spans = s.committedCommands = this.log.commandSpans(s.hazardId);
    return spans.get(commandId);
  }

  /**
   * The events of the append this group staged first with `commandId` in the stream, or
   * undefined when it staged none: a staging that keeps events looks them up; a streamed batch
   * knows surely-new commands by hash and settles the rest by reading the records back.
   */
  private addedCommand(s: StagedStream, commandId: string): RecordedHazardEvent[] | undefined {
    if (this.keepEvents) {
      const span = (s as KeptStream).addedCommands?.get(commandId);
      return span === undefined ? undefined : this.eventsOf(s, spanFrom(span), spanTo(span));
    }
    const first = commandHashValue(s.commands, this.commandHash(commandId));
    if (first === undefined) return undefined;
    if (this.settled?.hazardId === s.hazardId && this.settled.id === commandId) return this.settled.events;
    const events = this.stagedCommand(s, commandId, first);
    if (events !== undefined) this.settled = { hazardId: s.hazardId, id: commandId, events };
    return events;
  }

  /**
   * Reads back the first append of the stream that holds `commandId`, from record `hint` on:
   * the first append of the id's hash, so no earlier one holds the id. It holds the id unless
   * another id shared the hash; then the stream's later records are read until one does.
   */
  private stagedCommand(s: StagedStream, commandId: string, hint: number): RecordedHazardEvent[] | undefined {
    const stream = this.records.ordinalOf(hint);
    let append: RecordedHazardEvent[] = [];
    const holds = (): boolean => append.some((e) => e.commandId === commandId);
    for (let k = hint; k <= s.lastRecord; k++) {
      if (this.records.ordinalOf(k) !== stream) continue;
      const r = this.records.recordAt(k);
      if ((r.flags & FLAG_APPEND_START) !== 0 && k > hint) {
        if (holds()) return append;
        append = [];
      }
      append.push(r.event);
    }
    return holds() ? append : undefined;
  }

  private eventsOf(s: StagedStream, from: number, to: number): RecordedHazardEvent[] {
    const out: RecordedHazardEvent[] = [];
    if (from < s.committedLength)
      for (const c of this.log.readStream(s.hazardId, from, Math.min(to, s.committedLength - 1)))
        out.push(c.event);
    if (!this.keepEvents) return out;
    const { added } = s as KeptStream;
    for (let seq = Math.max(from, s.committedLength); seq <= to; seq++) {
      const e = added[seq - s.committedLength];
      if (e !== undefined) out.push(e.event);
    }
    return out;
  }
}
