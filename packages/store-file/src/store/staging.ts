import * as E from "fp-ts/lib/Either.js";
import {
  type AppendError,
  type AppendResult,
  CURRENT_SCHEMA_VERSIONS,
  GENESIS_HASH,
  type RecordedHazardEvent,
  type StreamAppend,
  type StreamRevision,
  checkAppendShape,
  matchesExpectedRevision,
  sealEvent,
  wrongExpectedRevision,
} from "@hazard-ledger/core";
import { FLAG_APPEND_START } from "../format/recordFormat.js";

/** A committed event as staging needs it: the event and its record flags. */
export interface CommittedEvent {
  readonly event: RecordedHazardEvent;
  readonly flags: number;
}

/** The seqs of the append a command first came in (what a replay answers with). */
export interface CommandSpan {
  readonly from: number;
  readonly to: number;
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

/** Receives each event as it is sealed, with its event-log line (the record's payload). */
export type SealedSink = (staged: StagedEvent, text: string) => void;

/** A stream as this group sees it: the committed part, then what the group has staged. */
interface StagedStream {
  readonly hazardId: string;
  readonly committedLength: number;
  readonly added: StagedEvent[];
  lastHash: string | undefined;
  /** Command ids of the committed events, loaded from the log on first need. */
  committedCommands: ReadonlyMap<string, CommandSpan> | undefined;
  /** Command ids first seen in this group. */
  readonly addedCommands: Map<string, CommandSpan>;
}

/** One transaction's staged outcome: its results, once the group is written. */
export interface StagedTransaction {
  readonly results: AppendResult[];
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

  constructor(private readonly log: CommittedLog) {
    this.nextPosition = log.size;
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
    recordedAt: string,
    sink: SealedSink,
  ): E.Either<AppendError, StagedTransaction> {
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
      const commandId = append.events[0]?.commandId;
      if (commandId !== undefined) {
        const span = this.commandSpan(s, commandId);
        if (span !== undefined) {
          plans.push({ kind: "replay", s, commandId, span });
          continue;
        }
      }
      const from = lengthOf(s);
      const actual: StreamRevision = from === 0 ? "no_stream" : from - 1;
      if (!matchesExpectedRevision(expected, actual))
        return fail(wrongExpectedRevision(hazardId, expected, actual));
      const addedBefore = s.added.length;
      const hashBefore = s.lastHash;
      let prevHash = this.lastHashOf(s);
      for (let i = 0; i < append.events.length; i++) {
        const event = append.events[i] as (typeof append.events)[number];
        const sealed = sealEvent(event, {
          seq: lengthOf(s),
          recordedAt,
          prevHash,
          schemaVersion: CURRENT_SCHEMA_VERSIONS[event.type],
        }) as RecordedHazardEvent & { position: bigint };
        // A sealed event's keys are already in the order of the event-log line, so this is
        // `toEventLogLine` without building the object again; done before `position` exists.
        const text = JSON.stringify(sealed);
        sealed.position = BigInt(this.nextPosition++);
        const staged: StagedEvent = { event: sealed, flags: i === 0 ? FLAG_APPEND_START : 0 };
        s.added.push(staged);
        sink(staged, text);
        prevHash = sealed.hash;
      }
      s.lastHash = prevHash;
      const to = lengthOf(s) - 1;
      // A committed span wins over one added here (lookups ask the committed log first), so
      // adding never needs to load the committed command ids.
      const addedIds: string[] = [];
      for (let i = addedBefore; i < s.added.length; i++) {
        const id = (s.added[i] as StagedEvent).event.commandId;
        if (id !== undefined && !s.addedCommands.has(id)) {
          s.addedCommands.set(id, { from, to });
          addedIds.push(id);
        }
      }
      undo.push(() => {
        s.added.length = addedBefore;
        s.lastHash = hashBefore;
        for (const id of addedIds) s.addedCommands.delete(id);
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
        events: this.eventsOf(p.s, p.span.from, p.span.to).filter((e) => e.commandId === p.commandId),
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
        added: [],
        lastHash: undefined,
        committedCommands: undefined,
        addedCommands: new Map(),
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

  private commandSpan(s: StagedStream, commandId: string): CommandSpan | undefined {
    if (s.committedCommands === undefined)
      s.committedCommands = s.committedLength === 0 ? new Map() : this.log.commandSpans(s.hazardId);
    return s.committedCommands.get(commandId) ?? s.addedCommands.get(commandId);
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

const lengthOf = (s: StagedStream): number => s.committedLength + s.added.length;
