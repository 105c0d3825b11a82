import type * as t from "io-ts";
import { oneOf } from "../codecs/primitives.js";
import type { HazardState } from "./hazardState.js";

/**
 * Every way a command can be refused, as a stable string code. Embedders and auditors match
 * on these codes (the message is for people and may be reworded), so a code is never renamed.
 */
export const DOMAIN_ERROR_CODES = [
  /** The command's data breaks its codec (an impossible date, an empty reason...). */
  "INVALID_COMMAND",
  /** The command names another hazard than the stream it is decided against. */
  "HAZARD_ID_MISMATCH",
  /** occurredAt is later than the time of recording plus the tolerated clock skew. */
  "OCCURRED_AFTER_RECORDED",
  /** occurredAt is earlier than the last event of the stream. */
  "OCCURRED_AT_DECREASED",
  /** The hazard has not been reported. */
  "HAZARD_NOT_FOUND",
  /** A report for a hazard that already exists. */
  "HAZARD_ALREADY_REPORTED",
  /** The hazard is closed (销号); only reopening applies. */
  "HAZARD_CLOSED",
  /** The hazard is voided; it is final. */
  "HAZARD_VOIDED",
  /** The command does not apply to the hazard's current status. */
  "INVALID_TRANSITION",
  /** Completion or a rectification-deadline extension of a hazard that is not under rectification. */
  "NOT_RECTIFYING",
  /** Acceptance or rejection of a hazard whose rectification is not pending acceptance. */
  "NOT_PENDING_ACCEPTANCE",
  /** Closing a hazard whose rectification has not been accepted. */
  "NOT_ACCEPTED",
  /** A major hazard without a governance plan (治理方案): on its assignment, or at acceptance. */
  "PLAN_REQUIRED",
  /** A deadline before the discovery date (the local date of the report). */
  "DEADLINE_BEFORE_DISCOVERY",
  /** A reopening whose new deadline is before the day of the reopening. */
  "DEADLINE_BEFORE_REOPEN",
  /** A re-assignment that would move the deadline: that is an extension. */
  "DEADLINE_CHANGE_REQUIRES_EXTENSION",
  /** A rectification-deadline extension while no deadline has been assigned. */
  "NO_DEADLINE",
  /** An extension whose new deadline is not later than the current one. */
  "EXTENSION_NOT_LATER",
  /** An extension made after the current deadline day: overdue time is never erased. */
  "EXTENSION_AFTER_DEADLINE",
  /** A level change to the level the hazard already has. */
  "LEVEL_UNCHANGED",
  /** An immediate fix (即查即改) of a major hazard. */
  "IMMEDIATE_FIX_REQUIRES_GENERAL",
  /** Listing a general hazard for supervision. */
  "LISTING_REQUIRES_MAJOR",
  /** Listing while a listing at the same or a higher level is active. */
  "LISTING_ALREADY_ACTIVE",
  /** Lifting, or extending the supervision deadline, without an active listing. */
  "NO_ACTIVE_LISTING",
  /** Closing, downgrading or voiding while a listing is active. */
  "LISTING_ACTIVE",
  /** Lifting a listing before the rectification is accepted. */
  "LIFT_REQUIRES_ACCEPTANCE",
  /** Voiding a hazard that has been accepted (even if reopened since). */
  "VOID_AFTER_ACCEPTANCE",
  /** A fine recorded without a positive amount. */
  "FINE_AMOUNT_REQUIRED",
  /** The authorization policy refuses this actor. */
  "NOT_PERMITTED",
  /** A deadline given in working days, but the context carries no working-day calendar. */
  "NO_WORKING_DAY_CALENDAR",
  /** A deadline in working days that falls outside the days the working-day calendar knows. */
  "OUTSIDE_WORKING_DAY_CALENDAR",
] as const;

/** One of {@link DOMAIN_ERROR_CODES}. */
/** The codes a command is refused with; `DomainErrorCode.values` lists them. */
export const DomainErrorCode = oneOf("DomainErrorCode", DOMAIN_ERROR_CODES);
export type DomainErrorCode = t.TypeOf<typeof DomainErrorCode>;

/** A refused command, as a value. */
export interface DomainError {
  readonly code: DomainErrorCode;
  /** One line of English naming what was refused and why. */
  readonly message: string;
  readonly hazardId: string;
  /** The position the rejected event would have taken in its stream: `state.seq + 1`. */
  readonly seq: number;
  /** The field of the command at fault, dotted (`data.deadline`, `occurredAt`, `actor`). */
  readonly field?: string;
}

/** Builds a {@link DomainError} for a command on the stream whose state is `state`. */
export const domainError = (
  code: DomainErrorCode,
  message: string,
  hazardId: string,
  state: Pick<HazardState, "seq">,
  field?: string,
): DomainError => ({
  code,
  message,
  hazardId,
  seq: state.seq + 1,
  ...(field !== undefined ? { field } : {}),
});

/** The error as one line: `HZ-1 seq 3: EXTENSION_NOT_LATER (data.newDeadline): …`. */
export const formatDomainError = (e: DomainError): string =>
  `${e.hazardId} seq ${e.seq}: ${e.code}${e.field !== undefined ? ` (${e.field})` : ""}: ${e.message}`;
