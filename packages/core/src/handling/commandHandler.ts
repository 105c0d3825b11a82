import * as E from "fp-ts/lib/Either.js";
import type { Decider } from "../decider/decider.js";
import type { NewHazardEvent, RecordedHazardEvent } from "../events/hazardEvent.js";
import { commandFingerprint, commandIdReused, isRepeatOf } from "../store/commandReplay.js";
import type { AppendError, EventStore, StreamRevision, WrongExpectedRevision } from "../store/eventStore.js";

/** What the handler needs to know of a command: its stream, and its id if it has one. */
export interface AddressedCommand {
  readonly hazardId: string;
  readonly commandId?: string;
}

/** Every attempt met a concurrent write to the stream; the command was not applied. */
export interface RetryExhausted {
  readonly code: "RETRY_EXHAUSTED";
  readonly message: string;
  readonly hazardId: string;
  readonly attempts: number;
  /** The conflict of the last attempt. */
  readonly lastError: WrongExpectedRevision;
}

/** Why a command was not applied: the rules refused it, the store refused the append, or contention. */
export type CommandHandlingError<DomainError> = DomainError | AppendError | RetryExhausted;

/** The outcome of a command that was applied, now or the first time it was sent. */
export interface HandledCommand<State> {
  readonly hazardId: string;
  /** The events the command produced, as stored; the original ones for a repeated command. */
  readonly events: readonly RecordedHazardEvent[];
  /** The stream's revision after the command: what to expect when appending next. */
  readonly nextExpectedRevision: StreamRevision;
  /** True when the commandId was already in the stream: nothing was decided or written. */
  readonly idempotentReplay: boolean;
  /** The hazard's state after the command, folded from the stream as the handler saw it. */
  readonly state: State;
  /** How many times the stream was loaded (1 unless concurrent writes forced a retry). */
  readonly attempts: number;
}

/** The handler's outcome for one command. */
export type CommandResult<State, DomainError> = E.Either<
  CommandHandlingError<DomainError>,
  HandledCommand<State>
>;

/** Handles one command, with the context (time, zone, policy...) its caller gives it. */
export type CommandHandler<Command, State, DomainError, Context> = (
  command: Command,
  context: Context,
) => Promise<CommandResult<State, DomainError>>;

/** How a handler is put together. */
export interface CommandHandlerOptions<Command, State, DomainError, Context, Decoded = Command> {
  readonly store: EventStore;
  readonly decider: Decider<Decoded, NewHazardEvent, State, DomainError, Context>;
  /**
   * Turns the command as sent into what `decider.decide` takes (the hazard handler: the
   * codec, after working-day deadlines are resolved), or refuses it, against the state the
   * stream was first loaded in. The handler asks it once per command, at its first need, and
   * decides every attempt and the replay check with that one result. Default: the command as
   * sent, which is only right when `Decoded` is `Command`.
   */
  readonly decode?: (command: Command, state: State, context: Context) => E.Either<DomainError, Decoded>;
  /**
   * Folds a loaded stream into a state; default `events.reduce(decider.evolve, from)`. Give a
   * faster fold that returns the same state (the hazard decider's `replay`).
   */
  readonly fold?: (events: readonly RecordedHazardEvent[], from: State) => State;
  /** Attempts before giving up on a contended stream; default 5. */
  readonly maxAttempts?: number;
  /**
   * The `recordedAt` to give the decided events, from the context; default none (the store
   * stamps them). The hazard handler uses the context's `now`, the time the rules checked.
   */
  readonly recordedAt?: (context: Context) => string | undefined;
  /**
   * Whether a command whose `recordedAt` lies before the ledger's last commit (a context's
   * `now` in the past, or a commit that raced in between deciding and writing) is stored as a
   * backfill, marked as such (default true), or refused with the store's `BACKFILL_REFUSED`
   * (false). The caller chose the decision time; the mark keeps it visible to an auditor.
   */
  readonly backfill?: boolean;
}

/** Default number of attempts of a command on a contended stream. */
export const DEFAULT_MAX_ATTEMPTS = 5;

const revisionOf = (events: readonly RecordedHazardEvent[]): StreamRevision =>
  events.length === 0 ? "no_stream" : (events[events.length - 1] as RecordedHazardEvent).seq;

/**
 * Builds a command handler: load the stream, fold it, decide, append expecting the revision
 * that was loaded. A concurrent write makes the append fail, so the handler loads again and
 * decides again against the new state, at most `maxAttempts` times in all.
 *
 * A command whose `commandId` is already in the stream is answered with the events it
 * produced the first time, and not applied again, when it is the same command: a retry of a
 * command that succeeded must not be refused by the rules as they apply now (a second report
 * of the same hazard, say). It is the same command when, decided against the state the
 * stream was in before its first events, it gives those events again (see
 * `EventStore.appendToStream` for what "the same events" means); anything else under that
 * commandId is `COMMAND_ID_REUSED`. The store makes the same check atomically with the
 * append, for a duplicate that races in.
 *
 * The handler reads no clock: time comes with the context, from the caller.
 */
export const commandHandler = <
  Command extends AddressedCommand,
  State,
  DomainError,
  Context,
  Decoded = Command,
>(
  options: CommandHandlerOptions<Command, State, DomainError, Context, Decoded>,
): CommandHandler<Command, State, DomainError, Context> => {
  const { store, decider } = options;
  const decode =
    options.decode ??
    ((command: Command): E.Either<DomainError, Decoded> => E.right(command as unknown as Decoded));
  const fold = options.fold ?? ((events, from) => events.reduce<State>(decider.evolve, from));
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (!Number.isSafeInteger(maxAttempts) || maxAttempts < 1)
    throw new RangeError(`commandHandler: maxAttempts ${maxAttempts} must be a whole number ≥ 1`);

  const replayed = async (
    hazardId: string,
    events: readonly RecordedHazardEvent[],
    attempts: number,
  ): Promise<CommandResult<State, DomainError>> => {
    const stream = await store.readStream(hazardId);
    return E.right({
      hazardId,
      events,
      nextExpectedRevision: revisionOf(stream),
      idempotentReplay: true,
      state: fold(stream, decider.initialState),
      attempts,
    });
  };

  return async (command, context) => {
    const { hazardId, commandId } = command;
    // Decoded at its first need, against the state then loaded, and never again: a decode
    // refusal ends the call at once, so a later attempt only ever sees a decoded command.
    let decoded: E.Either<DomainError, Decoded> | undefined;
    const decodedAgainst = (state: State): E.Either<DomainError, Decoded> =>
      (decoded ??= decode(command, state, context));
    let lastError: WrongExpectedRevision | undefined;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const stream = await store.readStream(hazardId);
      const revision = revisionOf(stream);
      const state = fold(stream, decider.initialState);
      const stamp = (decided: readonly NewHazardEvent[]): NewHazardEvent[] => {
        const recordedAt = options.recordedAt?.(context);
        return decided.map((e) => ({
          ...e,
          ...(e.commandId === undefined && commandId !== undefined ? { commandId } : {}),
          ...(e.recordedAt === undefined && recordedAt !== undefined ? { recordedAt } : {}),
        }));
      };
      if (commandId !== undefined) {
        const original = stream.filter((e) => e.commandId === commandId);
        const firstSeq = original[0]?.seq;
        if (firstSeq !== undefined) {
          // Decided again against the state before its first events, the same command gives
          // the same events; the stream is seq-indexed from 0, so the prefix is a slice.
          const before = fold(stream.slice(0, firstSeq), decider.initialState);
          const ready = decodedAgainst(before);
          const again = E.isLeft(ready) ? ready : decider.decide(ready.right, before, context);
          if (E.isLeft(again) || !isRepeatOf(stamp(again.right), commandId, commandFingerprint(original)))
            return E.left(commandIdReused(hazardId, commandId));
          return E.right({
            hazardId,
            events: original,
            nextExpectedRevision: revision,
            idempotentReplay: true,
            state,
            attempts: attempt,
          });
        }
      }
      const ready = decodedAgainst(state);
      if (E.isLeft(ready)) return ready;
      const decided = decider.decide(ready.right, state, context);
      if (E.isLeft(decided)) return decided;
      if (decided.right.length === 0)
        return E.right({
          hazardId,
          events: [],
          nextExpectedRevision: revision,
          idempotentReplay: false,
          state,
          attempts: attempt,
        });
      const events = stamp(decided.right);
      const appended = await store.appendToStream(hazardId, events, {
        expectedRevision: revision,
        backfill: options.backfill ?? true,
      });
      if (E.isRight(appended)) {
        if (appended.right.idempotentReplay) return replayed(hazardId, appended.right.events, attempt);
        return E.right({
          hazardId,
          events: appended.right.events,
          nextExpectedRevision: appended.right.nextExpectedRevision,
          idempotentReplay: false,
          state: fold(appended.right.events, state),
          attempts: attempt,
        });
      }
      if (appended.left.code !== "WRONG_EXPECTED_REVISION") return appended;
      lastError = appended.left;
    }
    const last = lastError as WrongExpectedRevision;
    return E.left({
      code: "RETRY_EXHAUSTED",
      message: `${hazardId}: gave up after ${maxAttempts} attempts, each met a concurrent write (last: ${last.message})`,
      hazardId,
      attempts: maxAttempts,
      lastError: last,
    });
  };
};

/** Handles one command with a handler built for the occasion; see {@link commandHandler}. */
export const handleCommand = <Command extends AddressedCommand, State, DomainError, Context>(
  store: EventStore,
  decider: Decider<Command, NewHazardEvent, State, DomainError, Context>,
  command: Command,
  context: Context,
  options: Omit<CommandHandlerOptions<Command, State, DomainError, Context>, "store" | "decider"> = {},
): Promise<CommandResult<State, DomainError>> =>
  commandHandler({ ...options, store, decider })(command, context);
