/**
 * The code of docs/getting-started.md. Each `#region` is one snippet of the page, word for
 * word (a test checks it): the page cannot show code that does not compile or run.
 */
// #region imports
import {
  type Actor,
  type HazardCommand,
  decideContext,
  hazardCommandHandler,
  hazardDecider,
} from "@hazard-ledger/core";
import { buildReport, hazardStatus, overdueList, renderReport } from "@hazard-ledger/projections";
import { openFileEventStore } from "@hazard-ledger/store-file";
import * as E from "fp-ts/lib/Either.js";
// #endregion imports

/** What the walk-through produced, for its test. */
export interface Tour {
  readonly refusal: string;
  readonly statusAfterAssignment: string;
  readonly overdue: readonly string[];
  readonly reportText: string;
  readonly rate: number | null;
}

/** Runs the guide against an embedded store in `dir` (a new, empty directory). */
export const gettingStarted = async (dir: string): Promise<Tour> => {
  // #region decide
  const inspector: Actor = { id: "u-1001", role: "inspector", org: "区应急管理局", level: "county" };
  const report: HazardCommand = {
    type: "ReportHazard",
    hazardId: "HZ-2023-000001",
    occurredAt: "2023-03-01T09:30:00+08:00",
    actor: inspector,
    data: {
      title: "配电箱未接地",
      level: "general",
      sector: "industry_trade",
      region: "430104001",
      unit: { name: "某某机械厂" },
      source: "department_inspection",
    },
  };
  // The decider is pure: the state, the time of recording and the zone come in as arguments.
  const context = decideContext("2023-03-01T10:05:00+08:00", { timeZone: "Asia/Shanghai" });
  const decided = hazardDecider.decide(report, hazardDecider.initialState, context);
  if (E.isRight(decided)) console.log(decided.right[0]?.type); // HazardReported
  // #endregion decide

  // #region refuse
  const closeTooEarly: HazardCommand = {
    type: "CloseHazard",
    hazardId: "HZ-2023-000001",
    occurredAt: "2023-03-01T09:40:00+08:00",
    actor: inspector,
    data: {},
  };
  const refused = hazardDecider.decide(closeTooEarly, hazardDecider.initialState, context);
  if (E.isLeft(refused)) console.log(refused.left.code, refused.left.message);
  // HAZARD_NOT_FOUND hazard HZ-2023-000001 has not been reported
  // #endregion refuse

  // #region handle
  // The embedded store: a directory, no server. The handler reads the stream, decides,
  // appends at the expected revision and retries on a concurrent write.
  const store = await openFileEventStore(dir);
  const handle = hazardCommandHandler(store);
  const assign: HazardCommand = {
    type: "AssignRectification",
    hazardId: "HZ-2023-000001",
    occurredAt: "2023-03-01T10:00:00+08:00",
    actor: inspector,
    data: { responsibleUnit: "某某机械厂", deadline: "2023-03-15" },
  };
  for (const command of [report, assign]) {
    const handled = await handle(command, decideContext("2023-03-01T10:05:00+08:00"));
    if (E.isLeft(handled)) throw new Error(`${handled.left.code}: ${handled.left.message}`);
  }
  // #endregion handle

  // #region query
  const asOf = "2023-04-01T00:00:00+08:00";
  const history = await store.readStream("HZ-2023-000001");
  const status = await hazardStatus(history, "HZ-2023-000001", { asOf });
  const overdue = await overdueList(store.readAll(), { asOf });
  const figures = await buildReport(store.readAll(), {
    period: { from: "2023-01-01", to: "2024-01-01" },
    asOf,
  });
  if (E.isRight(figures)) console.log(renderReport(figures.right, { lang: "zh" }));
  await store.close();
  // #endregion query

  if (E.isLeft(refused) && E.isRight(status) && E.isRight(overdue) && E.isRight(figures))
    return {
      refusal: refused.left.code,
      statusAfterAssignment: status.right.status,
      overdue: overdue.right.map((o) => `${o.hazardId} ${o.kind} ${o.daysOverdue}`),
      reportText: renderReport(figures.right, { lang: "zh" }),
      rate: figures.right.totals.rectificationRate.rate,
    };
  throw new Error("the walk-through did not go as the guide says");
};
