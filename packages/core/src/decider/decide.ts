import * as E from "fp-ts/lib/Either.js";
import { errorPath, formatErrors } from "../codecs/formatErrors.js";
import { govLevelRank } from "../codecs/primitives.js";
import {
  type HazardCommand,
  HazardCommandCodec,
  type HazardCommandInput,
  WORKING_DAY_DEADLINE_FIELDS,
} from "../commands/hazardCommand.js";
import type { NewHazardEvent } from "../events/hazardEvent.js";
import { type Instant, instantMillis, isInstant, isTimeZone, localDateOf } from "../time/instant.js";
import { type WorkingDayCalendar, workingDayCounter } from "../time/workingDays.js";
import { type DomainError, type DomainErrorCode, domainError } from "./domainError.js";
import { eventOfCommand } from "./eventOfCommand.js";
import type { HazardState, HazardStatus } from "./hazardState.js";
import { type AuthorizationPolicy, defaultPolicy } from "./policy.js";

/** What the decider is told besides the command and the state: time, zone and policy. */
export interface DecideContext {
  /** The time of recording: the `recordedAt` the event will get. */
  readonly now: Instant;
  /** IANA time zone of the ledger; deadlines and days are calendar dates there. */
  readonly timeZone: string;
  /** Who may do what; see {@link defaultPolicy}. */
  readonly policy: AuthorizationPolicy;
  /** How far occurredAt may lie after `now` (clocks of different machines disagree). */
  readonly maxClockSkewMs: number;
  /**
   * The working-day calendar that turns a deadline given in working days into a date. Without
   * one, such a command is refused (`NO_WORKING_DAY_CALENDAR`).
   */
  readonly workingDays?: WorkingDayCalendar;
}

/** The ledger's default time zone. */
export const DEFAULT_TIME_ZONE = "Asia/Shanghai";
/** Default tolerated clock skew: five minutes. */
export const DEFAULT_MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

/**
 * A {@link DecideContext} for a command recorded at `now`, with the defaults (Asia/Shanghai,
 * {@link defaultPolicy}, five minutes of skew) unless overridden. Throws a RangeError on a
 * `now` that is not an RFC 3339 instant or an unknown time zone: that is a programming error
 * at the edge of the system, not a refused command.
 */
export const decideContext = (
  now: Instant,
  overrides: Partial<Omit<DecideContext, "now">> = {},
): DecideContext => {
  const context: DecideContext = {
    now,
    timeZone: overrides.timeZone ?? DEFAULT_TIME_ZONE,
    policy: overrides.policy ?? defaultPolicy,
    maxClockSkewMs: overrides.maxClockSkewMs ?? DEFAULT_MAX_CLOCK_SKEW_MS,
    ...(overrides.workingDays !== undefined ? { workingDays: overrides.workingDays } : {}),
  };
  if (!isInstant(now))
    throw new RangeError(`decideContext: now ${JSON.stringify(now)} is not an RFC 3339 instant`);
  if (!isTimeZone(context.timeZone))
    throw new RangeError(
      `decideContext: timeZone ${JSON.stringify(context.timeZone)} is not an IANA time zone`,
    );
  if (!(context.maxClockSkewMs >= 0))
    throw new RangeError(
      `decideContext: maxClockSkewMs ${context.maxClockSkewMs} must be a non-negative number`,
    );
  return context;
};

/** Statuses in which the hazard is still open (not yet accepted, closed or voided). */
const OPEN: ReadonlySet<HazardStatus | "none"> = new Set([
  "reported",
  "rectifying",
  "long_term_control",
  "pending_acceptance",
]);
/** Statuses to which notices, enforcement and progress reports may attach. */
const ATTACHABLE: ReadonlySet<HazardStatus | "none"> = new Set([...OPEN, "accepted"]);

type Fail = (code: DomainErrorCode, message: string, field?: string) => DomainError;

/**
 * The lifecycle rules of domain.md for one command against a reported, non-voided hazard, in
 * the state the stream is in. Returns the first rule broken, or undefined.
 */
const checkLifecycle = (
  command: HazardCommand,
  state: HazardState,
  context: DecideContext,
  fail: Fail,
): DomainError | undefined => {
  const status = state.status;
  const zone = context.timeZone;
  // Local dates cost a time-zone lookup: computed only for the commands that need them.
  const commandDay = (): string => localDateOf(command.occurredAt, zone);
  const activeListing = state.supervision !== null && state.supervision.active ? state.supervision : null;
  const notBeforeDiscovery = (date: string, field: string): DomainError | undefined => {
    // A reported hazard always has reportedAt; the fallback only keeps the types honest.
    const discoveryDay = localDateOf(state.reportedAt ?? command.occurredAt, zone);
    return date < discoveryDay
      ? fail(
          "DEADLINE_BEFORE_DISCOVERY",
          `deadline ${date} is before the discovery date ${discoveryDay} (${zone})`,
          field,
        )
      : undefined;
  };

  switch (command.type) {
    case "ReportHazard":
      return undefined;

    case "AssignRectification": {
      const d = command.data;
      if (status !== "reported" && status !== "rectifying")
        return fail("INVALID_TRANSITION", `cannot assign rectification to a hazard that is ${status}`);
      // While rectifying with a deadline, an assignment is a re-assignment: the deadline stays.
      if (status === "rectifying" && state.deadline !== null) {
        if (d.deadline !== state.deadline)
          return fail(
            "DEADLINE_CHANGE_REQUIRES_EXTENSION",
            `a re-assignment keeps the deadline ${state.deadline}; moving it to ${d.deadline} is an extension`,
            "data.deadline",
          );
      } else {
        const early = notBeforeDiscovery(d.deadline, "data.deadline");
        if (early !== undefined) return early;
      }
      if (state.level === "major" && !state.hasPlan && d.plan === undefined)
        return fail(
          "PLAN_REQUIRED",
          "assigning a major hazard requires a governance plan (data.plan)",
          "data.plan",
        );
      return undefined;
    }

    case "ListSupervision": {
      const d = command.data;
      if (state.level !== "major")
        return fail("LISTING_REQUIRES_MAJOR", "only a major hazard may be listed for supervision");
      if (!OPEN.has(status))
        return fail("INVALID_TRANSITION", `cannot list a hazard that is ${status} for supervision`);
      if (
        activeListing !== null &&
        govLevelRank(d.authorityLevel) <= govLevelRank(activeListing.authorityLevel)
      )
        return fail(
          "LISTING_ALREADY_ACTIVE",
          `a ${activeListing.authorityLevel}-level listing is active; only a strictly higher level may take it over, not ${d.authorityLevel}`,
          "data.authorityLevel",
        );
      return notBeforeDiscovery(d.deadline, "data.deadline");
    }

    case "ExtendDeadline": {
      const d = command.data;
      let current: string;
      if (d.scope === "rectification") {
        if (status !== "rectifying")
          return fail(
            "NOT_RECTIFYING",
            `cannot extend the rectification deadline of a hazard that is ${status}`,
          );
        if (state.deadline === null)
          return fail("NO_DEADLINE", "no rectification deadline has been assigned yet; assign one instead");
        current = state.deadline;
      } else {
        if (activeListing === null)
          return fail("NO_ACTIVE_LISTING", "no active listing whose supervision deadline could be extended");
        current = activeListing.deadline;
      }
      const day = commandDay();
      if (day > current)
        return fail(
          "EXTENSION_AFTER_DEADLINE",
          `an extension must be made on or before the current ${d.scope} deadline ${current}, not on ${day} (${zone})`,
          "occurredAt",
        );
      if (d.newDeadline <= current)
        return fail(
          "EXTENSION_NOT_LATER",
          `the new ${d.scope} deadline ${d.newDeadline} is not later than the current ${current}`,
          "data.newDeadline",
        );
      return undefined;
    }

    case "ChangeLevel": {
      const d = command.data;
      if (!OPEN.has(status))
        return fail("INVALID_TRANSITION", `cannot change the level of a hazard that is ${status}`);
      if (d.to === state.level) return fail("LEVEL_UNCHANGED", `the hazard is already ${d.to}`, "data.to");
      if (d.to === "general" && activeListing !== null)
        return fail(
          "LISTING_ACTIVE",
          `cannot downgrade while the ${activeListing.authorityLevel}-level listing is active`,
          "data.to",
        );
      return undefined;
    }

    case "ApplyControlMeasures": {
      const allowed = command.data.longTerm
        ? status === "reported" || status === "rectifying" || status === "long_term_control"
        : OPEN.has(status);
      return allowed
        ? undefined
        : fail(
            "INVALID_TRANSITION",
            `cannot apply ${command.data.longTerm ? "long-term" : "interim"} control measures to a hazard that is ${status}`,
          );
    }

    case "CompleteRectification":
      if (status === "reported")
        return state.level === "general"
          ? undefined
          : fail(
              "IMMEDIATE_FIX_REQUIRES_GENERAL",
              "only a general hazard may be fixed at once (即查即改); assign the rectification of a major hazard",
            );
      return status === "rectifying" || status === "long_term_control"
        ? undefined
        : fail("NOT_RECTIFYING", `cannot complete the rectification of a hazard that is ${status}`);

    case "AcceptRectification":
      if (status !== "pending_acceptance")
        return fail("NOT_PENDING_ACCEPTANCE", `cannot accept a hazard that is ${status}`);
      if (state.level === "major" && !state.hasPlan)
        return fail(
          "PLAN_REQUIRED",
          "a major hazard cannot be accepted before a governance plan is given (reject, then re-assign with a plan)",
        );
      return undefined;

    case "RejectRectification":
      return status === "pending_acceptance"
        ? undefined
        : fail("NOT_PENDING_ACCEPTANCE", `cannot reject a hazard that is ${status}`);

    case "LiftSupervision":
      if (activeListing === null) return fail("NO_ACTIVE_LISTING", "no active listing to lift");
      return status === "accepted" || status === "closed"
        ? undefined
        : fail(
            "LIFT_REQUIRES_ACCEPTANCE",
            `a listing is lifted only after accepted rectification; the hazard is ${status}`,
          );

    case "CloseHazard":
      if (status !== "accepted")
        return fail("NOT_ACCEPTED", `only an accepted hazard may be closed; the hazard is ${status}`);
      return activeListing === null
        ? undefined
        : fail(
            "LISTING_ACTIVE",
            `cannot close while the ${activeListing.authorityLevel}-level listing is active`,
          );

    case "ReopenHazard": {
      const d = command.data;
      if (status !== "accepted" && status !== "closed")
        return fail(
          "INVALID_TRANSITION",
          `only an accepted or closed hazard may be reopened; the hazard is ${status}`,
        );
      const early = notBeforeDiscovery(d.deadline, "data.deadline");
      if (early !== undefined) return early;
      const day = commandDay();
      return d.deadline < day
        ? fail(
            "DEADLINE_BEFORE_REOPEN",
            `the new deadline ${d.deadline} is before the day of reopening ${day} (${zone})`,
            "data.deadline",
          )
        : undefined;
    }

    case "VoidHazard":
      // A reopened hazard was accepted once: the acceptance proved it real.
      if (status === "accepted" || status === "closed" || state.reopenCount > 0)
        return fail(
          "VOID_AFTER_ACCEPTANCE",
          "a hazard cannot be voided once its rectification has been accepted",
        );
      return activeListing === null
        ? undefined
        : fail(
            "LISTING_ACTIVE",
            `cannot void while the ${activeListing.authorityLevel}-level listing is active`,
          );

    case "RecordEnforcement":
      if (!ATTACHABLE.has(status))
        return fail("INVALID_TRANSITION", `cannot record enforcement on a hazard that is ${status}`);
      return command.data.action === "fine" && !((command.data.fineFen ?? 0) > 0)
        ? fail("FINE_AMOUNT_REQUIRED", "a fine needs a positive amount in fen (data.fineFen)", "data.fineFen")
        : undefined;

    case "IssueNotice":
    case "ReportProgress":
      return ATTACHABLE.has(status)
        ? undefined
        : fail(
            "INVALID_TRANSITION",
            `cannot attach ${command.type === "IssueNotice" ? "a notice" : "a progress report"} to a hazard that is ${status}`,
          );
  }
};

const isRecord = (u: unknown): u is Record<string, unknown> =>
  typeof u === "object" && u !== null && !Array.isArray(u);

/** Longest deadline in working days a command may give: ten years of them. */
const MAX_WORKING_DAYS = 2500;

/**
 * The command with its deadline in working days (`data.deadlineWorkingDays`,
 * `data.newDeadlineWorkingDays`) turned into the date it falls on: the nth working day after
 * the local day of occurredAt, on the context's calendar. Anything else passes unchanged,
 * for the codec to judge.
 */
const resolveWorkingDayDeadline = (
  command: HazardCommandInput,
  state: HazardState,
  context: DecideContext,
): E.Either<DomainError, unknown> => {
  const raw: unknown = command;
  if (!isRecord(raw) || !isRecord(raw["data"])) return E.right(raw);
  const type = raw["type"];
  if (typeof type !== "string" || !Object.prototype.hasOwnProperty.call(WORKING_DAY_DEADLINE_FIELDS, type))
    return E.right(raw);
  const field = WORKING_DAY_DEADLINE_FIELDS[type as keyof typeof WORKING_DAY_DEADLINE_FIELDS];
  const daysField = `${field}WorkingDays`;
  const { [daysField]: n, ...data } = raw["data"];
  if (n === undefined) return E.right(raw);
  const hazardId = typeof raw["hazardId"] === "string" ? raw["hazardId"] : "";
  const fail = (code: DomainErrorCode, message: string, at: string) =>
    E.left(domainError(code, message, hazardId, state, at));
  if (data[field] !== undefined)
    return fail(
      "INVALID_COMMAND",
      `data: give the deadline as data.${field} or as data.${daysField}, not both`,
      `data.${daysField}`,
    );
  if (typeof n !== "number" || !Number.isSafeInteger(n) || n < 1 || n > MAX_WORKING_DAYS)
    return fail(
      "INVALID_COMMAND",
      `data.${daysField}: ${JSON.stringify(n)} is not a whole number of working days from 1 to ${MAX_WORKING_DAYS}`,
      `data.${daysField}`,
    );
  const occurredAt = raw["occurredAt"];
  // An occurredAt that is no instant is left for the codec to name.
  if (typeof occurredAt !== "string" || !isInstant(occurredAt)) return E.right(raw);
  if (context.workingDays === undefined)
    return fail(
      "NO_WORKING_DAY_CALENDAR",
      `data.${daysField} needs a working-day calendar, and none was given to the decider`,
      `data.${daysField}`,
    );
  const day = localDateOf(occurredAt, context.timeZone);
  const due = workingDayCounter(context.workingDays).addWorkingDays(day, n);
  if (E.isLeft(due)) return fail("OUTSIDE_WORKING_DAY_CALENDAR", due.left.message, `data.${daysField}`);
  return E.right({ ...raw, data: { ...data, [field]: due.right } });
};

/**
 * Decides one command against the state of its hazard's stream: the events to append, or the
 * rule it breaks. A deadline given in working days is first resolved to its date on the
 * context's calendar (the event stores the date). Checks, in order: the command's codec; that it names the stream's hazard;
 * occurredAt not after `now` + skew and not before the stream's last event; that the hazard
 * exists (or not, for a report), is not voided and not closed (except to reopen it); the
 * lifecycle rules of domain.md; then the policy. Pure: time and zone come from `context`.
 *
 * Each accepted command yields exactly one event, without `recordedAt` (the store sets it,
 * normally to `context.now`).
 */
export const decide = (
  command: HazardCommandInput,
  state: HazardState,
  context: DecideContext,
): E.Either<DomainError, NewHazardEvent[]> => {
  const decoded = decodeCommand(command, state, context);
  return E.isLeft(decoded) ? decoded : decideDecoded(decoded.right, state, context);
};

/**
 * The first checks of {@link decide}, which make a command of what was sent: a deadline in
 * working days resolved to its date, then the command's codec. The command handler asks it
 * once per command and decides each attempt with {@link decideDecoded}.
 */
export const decodeCommand = (
  command: HazardCommandInput,
  state: HazardState,
  context: DecideContext,
): E.Either<DomainError, HazardCommand> => {
  const resolved = resolveWorkingDayDeadline(command, state, context);
  if (E.isLeft(resolved)) return resolved;
  const decoded = HazardCommandCodec.decode(resolved.right);
  if (E.isRight(decoded)) return decoded;
  const first = decoded.left[0];
  return E.left(
    domainError(
      "INVALID_COMMAND",
      formatErrors(decoded.left),
      command.hazardId,
      state,
      first !== undefined ? errorPath(first) : undefined,
    ),
  );
};

/**
 * `decide` for a command its caller has already decoded with the command codecs at
 * its own boundary (the import decodes every line), so it is not decoded twice: every
 * rule but the codec's.
 */
export const decideDecoded = (
  cmd: HazardCommand,
  state: HazardState,
  context: DecideContext,
): E.Either<DomainError, NewHazardEvent[]> => {
  const fail: Fail = (code, message, field) => domainError(code, message, cmd.hazardId, state, field);

  if (state.hazardId !== null && cmd.hazardId !== state.hazardId)
    return E.left(
      fail(
        "HAZARD_ID_MISMATCH",
        `the command is for ${cmd.hazardId}, the stream is ${state.hazardId}`,
        "hazardId",
      ),
    );

  const occurred = instantMillis(cmd.occurredAt);
  if (occurred > instantMillis(context.now) + context.maxClockSkewMs)
    return E.left(
      fail(
        "OCCURRED_AFTER_RECORDED",
        `occurredAt ${cmd.occurredAt} is later than the time of recording ${context.now} (skew tolerated: ${context.maxClockSkewMs} ms)`,
        "occurredAt",
      ),
    );
  if (state.lastOccurredAt !== null && occurred < instantMillis(state.lastOccurredAt))
    return E.left(
      fail(
        "OCCURRED_AT_DECREASED",
        `occurredAt ${cmd.occurredAt} is before ${state.lastOccurredAt}, the time of the hazard's last event`,
        "occurredAt",
      ),
    );

  if (cmd.type === "ReportHazard") {
    if (state.status !== "none")
      return E.left(
        fail("HAZARD_ALREADY_REPORTED", `hazard ${cmd.hazardId} has already been reported`, "hazardId"),
      );
  } else if (state.status === "none") {
    return E.left(fail("HAZARD_NOT_FOUND", `hazard ${cmd.hazardId} has not been reported`, "hazardId"));
  } else if (state.status === "voided") {
    return E.left(fail("HAZARD_VOIDED", `hazard ${cmd.hazardId} is voided; nothing more may happen to it`));
  } else if (state.status === "closed" && cmd.type !== "ReopenHazard" && cmd.type !== "VoidHazard") {
    return E.left(fail("HAZARD_CLOSED", `hazard ${cmd.hazardId} is closed; reopen it first`));
  }

  const broken = checkLifecycle(cmd, state, context, fail);
  if (broken !== undefined) return E.left(broken);

  const verdict = context.policy(cmd, state);
  if (E.isLeft(verdict)) return E.left(fail("NOT_PERMITTED", verdict.left, "actor"));

  return E.right([eventOfCommand(cmd)]);
};
