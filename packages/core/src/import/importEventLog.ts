import * as E from "fp-ts/lib/Either.js";
import { commandOfEvent } from "../commands/commandOfEvent.js";
import { type DecideContext, decideContext, decideDecoded } from "../decider/decide.js";
import { applyEvent, replay } from "../decider/evolve.js";
import type { DomainErrorCode } from "../decider/domainError.js";
import type { HazardState } from "../decider/hazardState.js";
import { DEFAULT_HASH_ALGORITHM } from "../digest/hashAlgorithm.js";
import { type DecodedLogLine, decodeEventLogLine } from "../events/eventLogLine.js";
import { GENESIS_HASH, type NewHazardEvent, type StoredHazardEvent } from "../events/hazardEvent.js";
import { deepFreeze } from "../hashing/deepFreeze.js";
import { type Seal, sealEvent, sealEventWithHash } from "../hashing/hashChain.js";
import { commandFingerprint, keepFingerprint } from "../store/commandReplay.js";
import {
  type CommandHashes,
  NO_COMMAND_HASHES,
  commandHashValue,
  commandIdHash,
  withCommandHash,
} from "../store/commandHashes.js";
import type { AppendError, EventStore, StreamAppend } from "../store/eventStore.js";
import { TextInputError, type TextInputErrorCode } from "../text/utf8Lines.js";
import {
  type LinePreparerOptions,
  type PreparedEvent,
  type PreparedLine,
  type RefusedLine,
  ownHashMismatch,
} from "./preparedLine.js";
import { type Instant, instantMillis } from "../time/instant.js";
import {
  CURRENT_SCHEMA_VERSIONS,
  type UpcasterRegistry,
  defaultUpcasters,
} from "../upcasting/schemaVersions.js";

/** Why a line of an event log was refused, beside the decider's and the store's own codes. */
export type ImportLineCode =
  | "BROKEN_JSON"
  | "INVALID_LINE"
  | "RECORDED_AT_IN_FUTURE"
  | "RECORDED_AT_BACKWARDS"
  | "SEQ_ALREADY_STORED"
  | "SEQ_MISMATCH"
  | "HAZARD_EXISTS"
  | "PREV_HASH_MISMATCH"
  | "HASH_UNVERIFIABLE"
  | "HASH_MISMATCH";

/** A refused event log: the 1-based line, a stable code and why, in one line. */
export interface ImportError {
  readonly code: ImportLineCode | DomainErrorCode | AppendError["code"] | TextInputErrorCode;
  readonly line: number;
  readonly message: string;
}

export interface ImportSummary {
  /** Non-blank lines read. */
  readonly lines: number;
  /** Events appended. */
  readonly appended: number;
  /** Lines skipped as identical repeats of a `commandId` already recorded (a repeated command is a no-op). */
  readonly duplicates: number;
  /** Hazards that received events. */
  readonly hazards: number;
  /**
   * Lines skipped because the ledger already holds them: at their seq, the same event,
   * recorded at the same time (a file, or its first part, imported again).
   */
  readonly alreadyStored: number;
}

export interface ImportOptions {
  /** The import time: the `recordedAt` of lines that carry none. */
  readonly now: Instant;
  /**
   * The decide context of every line but its `now` (zone, policy, skew, working days); the
   * defaults of {@link decideContext} otherwise. Each line is decided at its `recordedAt`.
   */
  readonly context?: Partial<Omit<DecideContext, "now">>;
  readonly upcasters?: UpcasterRegistry;
  /** Called now and then with the number of lines read so far. */
  readonly onProgress?: (lines: number) => void;
  /**
   * Called with each refused line; `"continue"` skips the line (as if it were not in the
   * file) and reads on, to list every error of a file (see {@link checkEventLog}). Without
   * it, or on `"stop"`, the first refused line ends the import.
   */
  readonly onLineError?: (error: ImportError) => "continue" | "stop";
  /**
   * Allows lines whose `recordedAt` lies before the ledger's last commit time (a backfill:
   * they change what earlier known-at views showed); they are stored marked as backfills.
   * Without it the first such line refuses the import (`BACKFILL_REFUSED`). Changes nothing
   * for an import that is not a backfill.
   */
  readonly backfill?: boolean;
}

/** What the import knows of one hazard while it reads: state, chain and commands seen. */
interface StreamCursor {
  /**
   * The hazard's id, once: every event of it this import stores carries this very string, so
   * the store's per-event columns hold one string per hazard, not one per line.
   */
  readonly hazardId: string;
  state: HazardState;
  /** The seq of the first event this import adds to the hazard. */
  readonly firstNewSeq: number;
  /** Hash of the hazard's last event (the genesis hash before its first). */
  lastHash: string;
  lastRecordedAtMillis: number;
  /**
   * The hazard's commandIds by hash, each with a hash of the {@link commandFingerprint} of its
   * events: numbers, since an import keeps them for millions of hazards (see `CommandHashes`).
   */
  commands: CommandHashes;
}

/** The number a cursor keeps for a command's events: a hash of their fingerprint. */
const fingerprintHash = (events: readonly NewHazardEvent[]): number =>
  commandIdHash(commandFingerprint(events));

const fingerprintsByCommand = (events: readonly NewHazardEvent[]): CommandHashes => {
  const byCommand = new Map<string, NewHazardEvent[]>();
  for (const e of events)
    if (e.commandId !== undefined) {
      const list = byCommand.get(e.commandId);
      if (list === undefined) byCommand.set(e.commandId, [e]);
      else list.push(e);
    }
  let seen = NO_COMMAND_HASHES;
  for (const [id, list] of byCommand) seen = withCommandHash(seen, commandIdHash(id), fingerprintHash(list));
  return seen;
};

/**
 * True when the line is the event the ledger already holds at the line's seq: the same
 * content, recordedAt, ids and (when the line gives it) hash. A line without recordedAt was
 * never stored, so it is never the same.
 */
const isStoredAlready = async (store: EventStore, line: DecodedLogLine): Promise<boolean> => {
  const e = line.event;
  if (line.seq === undefined || e.recordedAt === undefined) return false;
  const [stored] = await store.readStream(e.hazardId, { fromRevision: line.seq, toRevision: line.seq });
  return (
    stored !== undefined &&
    stored.recordedAt === e.recordedAt &&
    stored.commandId === e.commandId &&
    stored.eventId === e.eventId &&
    (line.hash === undefined || line.hash === stored.hash) &&
    commandFingerprint([stored]) === commandFingerprint([e])
  );
};

const loadCursor = async (store: EventStore, hazardId: string): Promise<StreamCursor> => {
  const events = await store.readStream(hazardId);
  const last = events[events.length - 1];
  return {
    hazardId,
    state: replay(events),
    firstNewSeq: last === undefined ? 0 : last.seq + 1,
    lastHash: last?.hash ?? GENESIS_HASH,
    lastRecordedAtMillis: last === undefined ? -Infinity : instantMillis(last.recordedAt),
    commands: fingerprintsByCommand(events),
  };
};

/**
 * The line's event with the cursor's hazardId string (every event of a hazard this import
 * stores carries that one string) and its recordedAt (last, as a spread would put it). The
 * decoded event is this import's own (the decoder builds one per line), so it is completed in
 * place rather than copied.
 */
const completed = (line: DecodedLogLine, hazardId: string, recordedAt: string): NewHazardEvent => {
  const own: { hazardId: string; recordedAt?: string } = line.event;
  own.hazardId = hazardId;
  own.recordedAt = recordedAt;
  return line.event;
};

/** At most this many events of one hazard go to the store as one append. */
const RUN_LIMIT = 1000;

/** Ends the batch from inside its source on a bad line; never leaves this module. */
class ImportAbort extends Error {
  constructor(readonly importError: ImportError) {
    super(`line ${importError.line}: ${importError.message}`);
  }
}

/**
 * Validates an event log (NDJSON lines) against the store's current contents and the rules,
 * and appends it as one atomic batch: on the first bad line nothing is stored and the error
 * names that line and the field or rule.
 *
 * Every line is replayed through the decider exactly as a live command would be (with its
 * `recordedAt` as the decision time); its `seq`, `prevHash` and `hash`, when given, must
 * match; an identical repeat of a `commandId` is skipped, a different event under it refused;
 * a line naming a seq the ledger already holds is skipped when it is that very event (same
 * content, recordedAt, ids and hash: the file was imported before) and refused otherwise;
 * a `recordedAt` later than `now` plus the tolerated clock skew is refused; the global order of the file is kept, so an
 * export imported into a new store exports byte-identically.
 *
 * The lines are validated as the store pulls them: the batch's source is a generator that
 * yields a run of one hazard's events (up to `RUN_LIMIT`) when the hazard changes, so
 * memory holds the hazards' cursors, not the file's events. A bad line makes the source
 * throw, which the store answers by storing nothing. The source reads the store (a hazard's
 * stream, the first time it appears): it sees what was committed before the import.
 */
export const importEventLog = (
  store: EventStore,
  lines: AsyncIterable<string> | Iterable<string>,
  options: ImportOptions,
): Promise<E.Either<ImportError, ImportSummary>> => importLines(store, { text: lines }, options);

/**
 * {@link importEventLog} of lines prepared ahead by a {@link linePreparer} (on another thread),
 * in batches, in file order: the same checks in the same order, the same errors at the same
 * lines, the same events stored. Each line was parsed and decoded once, by the preparer; the
 * import takes its fingerprint and, where its seal is the one the import gives the line, its
 * hash, and does the rest (the rules, the chain, the store) as {@link importEventLog} does.
 * `prepare` starts the preparer with the import's time and the ledger's hash algorithm, and
 * answers its batches; the import stops pulling them (`return`) when it ends early.
 */
export const importPreparedLines = (
  store: EventStore,
  prepare: (preparer: LinePreparerOptions) => AsyncIterable<readonly PreparedLine[]>,
  options: Omit<ImportOptions, "upcasters">,
): Promise<E.Either<ImportError, ImportSummary>> => importLines(store, { prepare }, options);

/** The lines of an import: text, or prepared ahead (see {@link importPreparedLines}). */
type ImportSource =
  | { readonly text: AsyncIterable<string> | Iterable<string>; readonly prepare?: undefined }
  | { readonly prepare: (preparer: LinePreparerOptions) => AsyncIterable<readonly PreparedLine[]> };

const importLines = async (
  store: EventStore,
  source: ImportSource,
  options: ImportOptions,
): Promise<E.Either<ImportError, ImportSummary>> => {
  const baseContext = decideContext(options.now, options.context);
  const latestRecordedAt = instantMillis(options.now) + baseContext.maxClockSkewMs;
  let alreadyStored = 0;
  // The lines' hashes are checked, and the waiting events sealed, as the store will seal them.
  const hashAlgorithm = (await store.ledgerSettings())?.hashAlgorithm ?? DEFAULT_HASH_ALGORITHM;
  const cursors = new Map<string, StreamCursor>();
  let lineNo = 0;
  let lines_ = 0;
  let appended = 0;
  let duplicates = 0;
  let hazards = 0;

  const abort = (code: ImportError["code"], message: string): never => {
    throw new ImportAbort({ code, line: lineNo, message });
  };
  // Checked here to name the line; the store checks again, atomically with the write.
  const lastCommittedAt = options.backfill === true ? undefined : await store.lastCommittedAt();
  const lastCommitMillis = lastCommittedAt === undefined ? undefined : instantMillis(lastCommittedAt);

  /**
   * What a line comes to: an event to store; a repeat of a command the hazard has, by the hashes
   * the cursor keeps, for the store to judge exactly (`repeat`); or nothing (a line skipped).
   */
  type Checked =
    | { event: NewHazardEvent; seq: number; cursor: StreamCursor; repeat?: undefined }
    | { repeat: NewHazardEvent }
    | undefined;

  /**
   * One line checked and applied to its hazard's cursor: the event to store, if any. A
   * promise only when the store must be read (a hazard's first line, a line the ledger may
   * hold already): an import is millions of lines, and a promise and a microtask for each
   * cost more than many of the checks.
   */
  const validate = (text: string): Checked | Promise<Checked> => {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (e) {
      return abort("BROKEN_JSON", `broken JSON: ${(e as Error).message}`);
    }
    const decoded = decodeEventLogLine(raw, options.upcasters ?? defaultUpcasters);
    if (E.isLeft(decoded)) return abort("INVALID_LINE", decoded.left);
    return validateDecoded(decoded.right, raw, undefined);
  };

  /** {@link validate} of a line prepared ahead: parsed, decoded, fingerprinted and sealed. */
  const validatePrepared = (item: RefusedLine | PreparedEvent): Checked | Promise<Checked> => {
    if ("refused" in item) return abort(item.refused.code, item.refused.message);
    return validateDecoded(item.decoded, undefined, item);
  };

  /**
   * The checks of a decoded line: `raw` is the line as parsed (here), or `prepared` what a
   * preparer made of it; one of them is given.
   */
  const validateDecoded = (
    line: DecodedLogLine,
    raw: unknown,
    prepared: PreparedEvent | undefined,
  ): Checked | Promise<Checked> => {
    // A recordedAt in the future would freeze the hazard: every later event would be refused
    // as going back in time until then.
    if (line.event.recordedAt !== undefined && instantMillis(line.event.recordedAt) > latestRecordedAt)
      return abort(
        "RECORDED_AT_IN_FUTURE",
        `recordedAt: ${line.event.recordedAt} is later than the time of import ${options.now} (tolerated clock skew ${baseContext.maxClockSkewMs / 1000} s)`,
      );
    const cursor = cursors.get(line.event.hazardId);
    if (cursor !== undefined) return check(line, raw, prepared, cursor);
    return loadCursor(store, line.event.hazardId).then((loaded) => {
      cursors.set(loaded.hazardId, loaded);
      return check(line, raw, prepared, loaded);
    });
  };

  /** The event sealed: by the preparer's hash when its seal is this one, else here. */
  const sealOf = (
    event: NewHazardEvent,
    seal: Seal,
    prepared: PreparedEvent | undefined,
  ): StoredHazardEvent =>
    prepared !== undefined && prepared.seal.seq === seal.seq && prepared.seal.prevHash === seal.prevHash
      ? sealEventWithHash(event, seal, prepared.seal.hash)
      : sealEvent(event, seal);

  /**
   * Whether a line's own content hashes to the `hash` it gives (a line whose hash is not the
   * seal's: an older schema's, or a wrong one): undefined when it does, else the hint to add to
   * the refusal. A preparer answered it for every line whose hash is not its seal's, and its
   * seal of such a line is the import's (the line's own seq and prevHash).
   */
  const ownHashOf = (hash: string, raw: unknown, prepared: PreparedEvent | undefined): string | undefined => {
    if (prepared === undefined) return ownHashMismatch(raw, hash, hashAlgorithm);
    const own = prepared.seal.ownHash;
    if (own === undefined)
      throw new Error(`importPreparedLines: line ${lineNo}: the preparer did not check the line's own hash`);
    return own.matches ? undefined : own.hint;
  };

  /** The checks of a decoded line against its hazard's cursor (see {@link validate}). */
  const check = (
    line: DecodedLogLine,
    raw: unknown,
    prepared: PreparedEvent | undefined,
    cursor: StreamCursor,
  ): Checked | Promise<Checked> => {
    const hazardId = cursor.hazardId;
    // Only an identical repeat of a command is a no-op: another event under a commandId the
    // hazard already has would be lost as a "repeat". The cursor keeps hashes: a different
    // fingerprint is surely another event, and an equal one is handed to the store, whose rule
    // is exact (an identical repeat writes nothing; anything else refuses the batch), so no
    // line is ever skipped on a hash alone.
    const commandId = line.event.commandId;
    const idHash = commandId === undefined ? 0 : commandIdHash(commandId);
    const known = commandId === undefined ? undefined : commandHashValue(cursor.commands, idHash);
    if (known !== undefined) {
      const fingerprint = prepared?.fingerprint ?? commandFingerprint([line.event]);
      if (known === commandIdHash(fingerprint)) {
        return { repeat: completed(line, hazardId, line.event.recordedAt ?? options.now) };
      }
      return abort(
        "COMMAND_ID_REUSED",
        `commandId: ${JSON.stringify(commandId)} is already used by another event of ${hazardId} (COMMAND_ID_REUSED; only an identical repeat is a no-op)`,
      );
    }

    const seq = cursor.state.seq + 1;
    // Nothing of this file added to the hazard yet: what the line names is all in the ledger.
    const untouched = seq === cursor.firstNewSeq;
    if (line.seq !== undefined && line.seq < cursor.firstNewSeq && untouched)
      return isStoredAlready(store, line).then((stored) => {
        if (!stored)
          return abort(
            "SEQ_ALREADY_STORED",
            `${hazardId} seq ${line.seq} is already in the ledger with a different event (was another version of this file imported?)`,
          );
        alreadyStored += 1;
        return undefined;
      });
    if (line.seq !== undefined && line.seq !== seq)
      return abort(
        "SEQ_MISMATCH",
        `seq: ${line.seq} is not the next position of ${hazardId} (expected ${seq})`,
      );
    if (line.event.type === "HazardReported" && cursor.firstNewSeq > 0 && untouched)
      return abort(
        "HAZARD_EXISTS",
        `hazard ${hazardId} already exists in the ledger (was this file imported already?)`,
      );

    const recordedAt = line.event.recordedAt ?? options.now;
    const recordedMillis = instantMillis(recordedAt);
    if (recordedMillis < cursor.lastRecordedAtMillis)
      return abort(
        "RECORDED_AT_BACKWARDS",
        untouched
          ? `recordedAt: ${recordedAt} is earlier than the last event of ${hazardId} already in the ledger (seq ${seq - 1}); was this file imported already?`
          : `recordedAt: ${recordedAt} is earlier than the previous event of ${hazardId}`,
      );
    if (lastCommitMillis !== undefined && recordedMillis < lastCommitMillis)
      return abort(
        "BACKFILL_REFUSED",
        `${hazardId} seq ${seq}: BACKFILL_REFUSED: recordedAt ${recordedAt} is before the ledger's last commit ` +
          `${lastCommittedAt}; importing it would change earlier known-at views`,
      );

    if (line.prevHash !== undefined && line.prevHash !== cursor.lastHash)
      return abort("PREV_HASH_MISMATCH", `prevHash: does not match the hash of ${hazardId} seq ${seq - 1}`);
    // Frozen, so that the store appending this very object reuses its seal and fingerprint
    // instead of computing them again (see sealEvent).
    const event: NewHazardEvent = deepFreeze(completed(line, hazardId, recordedAt));
    if (prepared?.fingerprint !== undefined) keepFingerprint(event, prepared.fingerprint);
    const schemaVersion = CURRENT_SCHEMA_VERSIONS[event.type];
    const seal: Seal = { seq, recordedAt, prevHash: cursor.lastHash, schemaVersion, hashAlgorithm };
    let hash: string | undefined;
    let sealed: StoredHazardEvent | undefined;
    if (line.hash !== undefined) {
      if (line.seq === undefined || line.prevHash === undefined)
        return abort("HASH_UNVERIFIABLE", "hash: cannot be verified without seq and prevHash");
      // A line in the current schema is sealed as the store will seal it: when that is its
      // hash, the line's content is proved without hashing it a second time.
      if (line.schemaVersion === schemaVersion) {
        sealed = sealOf(event, seal, prepared);
        hash = sealed.hash;
      }
      if (hash !== line.hash) {
        const mismatch = ownHashOf(line.hash, raw, prepared);
        if (mismatch !== undefined)
          return abort(
            "HASH_MISMATCH",
            `hash: does not match the content of ${hazardId} seq ${seq}${mismatch}`,
          );
        // A line in the current schema brings the hash the store computes; an older one's is
        // over its old form.
        if (line.schemaVersion === schemaVersion) hash = line.hash;
        else hash = undefined;
      }
    }

    const context: DecideContext = { ...baseContext, now: recordedAt };
    const decided = decideDecoded(commandOfEvent(line.event), cursor.state, context);
    if (E.isLeft(decided))
      return abort(
        decided.left.code,
        `${hazardId} seq ${seq}: ${decided.left.code}: ${decided.left.message}`,
      );

    const state = cursor.state as Parameters<typeof applyEvent>[0];
    if (hash === undefined) {
      sealed = sealOf(event, seal, prepared);
      hash = sealed.hash;
    }
    // The sealed event is the event with its seq, which is all the fold reads.
    applyEvent(state, sealed ?? { ...event, seq });
    cursor.lastHash = hash;
    cursor.lastRecordedAtMillis = recordedMillis;
    if (commandId !== undefined)
      cursor.commands = withCommandHash(cursor.commands, idHash, fingerprintHash([event]));
    return { event, seq, cursor };
  };

  async function* appendsOf(): AsyncGenerator<StreamAppend> {
    let run:
      { hazardId: string; events: NewHazardEvent[]; expectedRevision: number | "no_stream" } | undefined;
    // A text line at a time, or a batch of prepared lines at a time.
    const chunks: AsyncIterable<string | readonly PreparedLine[]> | Iterable<string> =
      source.prepare === undefined ? source.text : source.prepare({ now: options.now, hashAlgorithm });
    for await (const chunk of chunks) {
      const count = typeof chunk === "string" ? 1 : chunk.length;
      for (let i = 0; i < count; i++) {
        const item = typeof chunk === "string" ? chunk : (chunk[i] as PreparedLine);
        if (typeof item === "string") {
          lineNo += 1;
          if (item.trim() === "") continue;
        } else {
          if (item !== null && "unreadable" in item)
            // Where the line reader stopped: as if it threw here (see utf8Lines).
            throw new TextInputError(item.unreadable.line, item.unreadable.reason, item.unreadable.code);
          lineNo += 1;
          if (item === null) continue;
        }
        lines_ += 1;
        if (options.onProgress !== undefined && lines_ % 1000 === 0) options.onProgress(lines_);
        let valid: Checked;
        try {
          const checked = typeof item === "string" ? validate(item) : validatePrepared(item);
          valid = checked instanceof Promise ? await checked : checked;
        } catch (e) {
          if (e instanceof ImportAbort && options.onLineError?.(e.importError) === "continue") continue;
          throw e;
        }
        if (valid === undefined) continue;
        if (valid.repeat !== undefined) {
          // After the run before it, alone, expecting a stream that cannot be: the store answers
          // an identical repeat before it looks at the revision, so the append writes nothing;
          // any other answer refuses the batch.
          if (run !== undefined) yield run;
          run = undefined;
          yield { hazardId: valid.repeat.hazardId, events: [valid.repeat], expectedRevision: "no_stream" };
          duplicates += 1;
          continue;
        }
        const { event, seq, cursor } = valid;
        if (run !== undefined && (run.hazardId !== event.hazardId || run.events.length >= RUN_LIMIT)) {
          yield run;
          run = undefined;
        }
        run ??= { hazardId: event.hazardId, events: [], expectedRevision: seq === 0 ? "no_stream" : seq - 1 };
        run.events.push(event);
        if (seq === cursor.firstNewSeq) hazards += 1;
        appended += 1;
      }
    }
    if (run !== undefined) yield run;
    // The store commits (and indexes the batch) after the source ends: the cursors, a
    // hazard's state each, need not outlive the last line.
    cursors.clear();
  }

  try {
    const result = await store.appendBatch(appendsOf(), { backfill: options.backfill === true });
    if (E.isLeft(result))
      return E.left({
        code: result.left.code,
        line: lineNo,
        message: `the store refused the batch: ${result.left.message}`,
      });
  } catch (e) {
    if (e instanceof ImportAbort) return E.left(e.importError);
    // The lines' source refused its bytes (not UTF-8, a line too long): a refused line too.
    if (e instanceof TextInputError) return E.left({ code: e.code, line: e.line, message: e.reason });
    throw e;
  }
  return E.right({ lines: lines_, appended, duplicates, hazards, alreadyStored });
};
