import type { HazardState } from "@hazard-ledger/core";
import { type Either, isLeft, left, right } from "fp-ts/lib/Either.js";
import {
  deadlineInForce,
  discoveryDay,
  isRectificationOverdue,
  isRectifiedLate,
  isSupervisionOverdue,
} from "../ledger/hazardFacts.js";
import { type LedgerBuilder, emptyLedger, foldEvent } from "../ledger/ledger.js";
import type { EventSource, ProjectableEvent } from "../ledger/projectableEvent.js";
import { type QueryOptions, type ResolvedQueryOptions, resolveQueryOptions } from "../ledger/queryOptions.js";
import { type ProjectionError, projectionError } from "../projectionError.js";
import type { HazardStatusView } from "./statusCodec.js";

/**
 * The status view of one folded hazard at the as-of instant, or an error when no event of it
 * is visible on the axes (unknown, reported after the as-of instant, or recorded after the
 * known-at one).
 */
export const statusOfState = (
  hazardId: string,
  state: HazardState | undefined,
  options: ResolvedQueryOptions,
): Either<ProjectionError, HazardStatusView> => {
  if (state === undefined || state.status === "none") {
    const axes = [
      `as of ${options.asOf}`,
      ...(options.knownAt === null ? [] : [`known at ${options.knownAt}`]),
    ];
    return left(projectionError("UNKNOWN_HAZARD", `hazard ${hazardId}: no event ${axes.join(" and ")}`));
  }
  const { calendar, asOfMillis, asOfDate } = options;
  const rectificationOverdue = isRectificationOverdue(state, calendar, asOfMillis);
  const supervisionOverdue = isSupervisionOverdue(state, calendar, asOfMillis);
  const sup = state.supervision;
  const discoveredOn = discoveryDay(state, calendar);
  const deadline = deadlineInForce(state, calendar);
  return right({
    hazardId,
    status: state.status,
    level: state.level,
    deadline,
    originalDeadline: state.originalDeadline,
    supervision:
      sup === null
        ? null
        : {
            authority: sup.authority,
            authorityLevel: sup.authorityLevel,
            deadline: sup.deadline,
            active: sup.active,
          },
    overdue: { rectification: rectificationOverdue, supervision: supervisionOverdue },
    seq: state.seq,
    asOf: options.asOf,
    knownAt: options.knownAt,
    timezone: calendar.timeZone,
    title: state.title,
    sector: state.sector,
    region: state.region,
    unit: state.unit?.name ?? "",
    source: state.source,
    ...(discoveredOn === null ? {} : { discoveredOn }),
    daysOverdue: {
      rectification:
        rectificationOverdue && deadline !== null ? calendar.daysBetween(deadline, asOfDate) : null,
      supervision: supervisionOverdue && sup !== null ? calendar.daysBetween(sup.deadline, asOfDate) : null,
    },
    rectifiedLate: isRectifiedLate(state, calendar),
    reopenCount: state.reopenCount,
    ...(state.lastOccurredAt === null ? {} : { lastOccurredAt: state.lastOccurredAt }),
  });
};

const foldOne = (
  ledger: LedgerBuilder,
  hazardId: string,
  event: ProjectableEvent,
  o: ResolvedQueryOptions,
) => (event.hazardId === hazardId ? foldEvent(ledger, event, o.cutoff) : null);

/**
 * One hazard's status over events in global order (the hazard's own stream, or the whole
 * log: other hazards' events are skipped), as of and known at the chosen instants.
 */
export const hazardStatusSync = (
  events: Iterable<ProjectableEvent>,
  hazardId: string,
  options: QueryOptions,
): Either<ProjectionError, HazardStatusView> => {
  const resolved = resolveQueryOptions(options);
  if (isLeft(resolved)) return resolved;
  const ledger = emptyLedger();
  for (const event of events) {
    const problem = foldOne(ledger, hazardId, event, resolved.right);
    if (problem !== null) return left(projectionError("INVALID_HISTORY", problem));
  }
  return statusOfState(hazardId, ledger.hazards.get(hazardId)?.state, resolved.right);
};

/**
 * The closed-loop status of one hazard over any event source: an array, a generator, or a store's
 * `readStream(id)`.
 */
export const hazardStatus = async (
  events: EventSource,
  hazardId: string,
  options: QueryOptions,
): Promise<Either<ProjectionError, HazardStatusView>> => {
  const resolved = resolveQueryOptions(options);
  if (isLeft(resolved)) return resolved;
  const ledger = emptyLedger();
  for await (const event of events) {
    const problem = foldOne(ledger, hazardId, event, resolved.right);
    if (problem !== null) return left(projectionError("INVALID_HISTORY", problem));
  }
  return statusOfState(hazardId, ledger.hazards.get(hazardId)?.state, resolved.right);
};
