import {
  type EventStore,
  type ImportError,
  type ImportSummary,
  importEventLog,
  instantMillis,
  toEventLogLine,
} from "@hazard-ledger/core";
import { type ProjectionError, type Report, buildReport } from "@hazard-ledger/projections";
import type { Either } from "fp-ts/lib/Either.js";
import { FILING } from "./auditLedger.js";

/**
 * The filed statistics (hazards discovered in the filing's period, as of its end) as the
 * ledger said them at `knownAt`, or, with `null`, as the ledger says them today. Only the
 * known-at axis moves: the business facts asked about are the same.
 */
export const filedReport = (
  store: EventStore,
  knownAt: string | null,
): Promise<Either<ProjectionError, Report>> =>
  buildReport(store.readAll(), { period: FILING.period, knownAt });

/**
 * Puts into `target` the events of `source` recorded at or before `knownAt`: the store as it
 * stood at that instant. The events travel as the event log an auditor would be handed
 * (hashes included), and the import checks every hash and every rule again on the way in.
 */
export const copyRecordedUpTo = async (
  source: EventStore,
  knownAt: string,
  target: EventStore,
): Promise<Either<ImportError, ImportSummary>> => {
  const limit = instantMillis(knownAt);
  const lines: string[] = [];
  for await (const event of source.readAll())
    if (instantMillis(event.recordedAt) <= limit) lines.push(toEventLogLine(event));
  return importEventLog(target, lines, { now: knownAt });
};
