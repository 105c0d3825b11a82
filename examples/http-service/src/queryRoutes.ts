import type { EventStore } from "@hazard-ledger/core";
import {
  OverdueKind,
  type ProjectionError,
  buildReport,
  hazardStatus,
  overdueList,
  renderOverdue,
  renderReport,
  renderStatus,
} from "@hazard-ledger/projections";
import * as E from "fp-ts/lib/Either.js";
import {
  COMMON_PARAMS,
  type Presentation,
  axesOf,
  groupByOf,
  presentationOf,
  queryParams,
} from "./queryParams.js";
import { type Reply, json, problem, text } from "./reply.js";

/** What a query route needs: the store, the ledger's zone, and the clock for a missing `asOf`. */
export interface QueryDeps {
  readonly store: EventStore;
  readonly timeZone: string;
  readonly now: () => string;
}

/** A projection's refusal as HTTP: a bad option is the client's, an unfoldable history the server's. */
const projectionProblem = (error: ProjectionError): Reply => {
  switch (error.code) {
    case "INVALID_OPTION":
      return problem(400, "BAD_REQUEST", error.message);
    case "UNKNOWN_HAZARD":
      return problem(404, error.code, error.message);
    default:
      return problem(500, error.code, error.message);
  }
};

const present = <A>(
  value: E.Either<ProjectionError, A>,
  how: Presentation,
  render: (a: A, options: Presentation) => string,
): Reply =>
  E.isLeft(value)
    ? projectionProblem(value.left)
    : how.format === "json"
      ? json(200, value.right)
      : text(200, render(value.right, how));

/** `GET /hazards/:id/status?asOf=&knownAt=`: one hazard's closed-loop state (now, by default). */
export const getStatus = async (
  deps: QueryDeps,
  hazardId: string,
  search: URLSearchParams,
): Promise<Reply> => {
  const params = queryParams(search, COMMON_PARAMS);
  if (E.isLeft(params)) return params.left;
  const how = presentationOf(params.right);
  if (E.isLeft(how)) return how.left;
  const events = await deps.store.readStream(hazardId);
  if (events.length === 0) return problem(404, "UNKNOWN_HAZARD", `hazard ${hazardId}: not in the ledger`);
  const { asOf, knownAt } = axesOf(params.right);
  const view = await hazardStatus(events, hazardId, {
    asOf: asOf ?? deps.now(),
    knownAt,
    timeZone: deps.timeZone,
  });
  return present(view, how.right, renderStatus);
};

/** `GET /overdue?asOf=&knownAt=&kind=`: overdue rectification and supervision, most overdue first. */
export const getOverdue = async (deps: QueryDeps, search: URLSearchParams): Promise<Reply> => {
  const params = queryParams(search, [...COMMON_PARAMS, "kind"]);
  if (E.isLeft(params)) return params.left;
  const how = presentationOf(params.right);
  if (E.isLeft(how)) return how.left;
  const kind = params.right.get("kind");
  if (kind !== undefined && !OverdueKind.is(kind))
    return problem(400, "BAD_REQUEST", `kind: ${JSON.stringify(kind)} is not rectification or supervision`);
  // #region overdue
  const { asOf, knownAt } = axesOf(params.right);
  const items = await overdueList(deps.store.readAll(), {
    asOf: asOf ?? deps.now(),
    knownAt,
    timeZone: deps.timeZone,
    ...(kind !== undefined ? { kinds: [kind] } : {}),
  });
  // #endregion overdue
  return present(items, how.right, renderOverdue);
};

/**
 * `GET /report?from=&to=&by=&asOf=&knownAt=&format=json|text&lang=zh|en`: the statistics of
 * hazards discovered on local days in [from, to); as of `to` when given, else now (as the
 * CLI's `report` does).
 */
export const getReport = async (deps: QueryDeps, search: URLSearchParams): Promise<Reply> => {
  const params = queryParams(search, [...COMMON_PARAMS, "from", "to", "by"]);
  if (E.isLeft(params)) return params.left;
  const how = presentationOf(params.right);
  if (E.isLeft(how)) return how.left;
  const by = groupByOf(params.right);
  if (E.isLeft(by)) return by.left;
  const { asOf, knownAt } = axesOf(params.right);
  const to = params.right.get("to") ?? null;
  const report = await buildReport(deps.store.readAll(), {
    period: { from: params.right.get("from") ?? null, to },
    asOf: asOf ?? (to === null ? deps.now() : null),
    knownAt,
    timeZone: deps.timeZone,
    ...(by.right !== undefined ? { by: by.right } : {}),
  });
  return present(report, how.right, renderReport);
};
