import { type RecordedHazardEvent, getInMemoryEventStore } from "@hazard-ledger/core";
import type { Either } from "fp-ts/lib/Either.js";
import { describe, expect, expectTypeOf, it } from "vitest";
import * as projections from "./index.js";
import {
  type HazardStatusView,
  type OverdueItem,
  type ProjectionError,
  type Report,
  buildReport,
  hazardStatus,
  overdueList,
  projection,
  projectionRunner,
} from "./index.js";

describe("the public surface of @hazard-ledger/projections", () => {
  it("is curated: these runtime values and no others (add one on purpose, not through a barrel)", () => {
    expect(Object.keys(projections).sort()).toEqual(
      [
        "BackfillTally",
        "GOV_LEVEL_LABELS",
        "GROUP_HEADERS",
        "GroupBy",
        "HAZARD_ROW_COLUMNS",
        "LANGS",
        "LEVEL_LABELS",
        "OverdueKind",
        "REPORT_COLUMNS",
        "Report",
        "SOURCE_LABELS",
        "STATUS_LABELS",
        "asOfClause",
        "buildReport",
        "decodeReport",
        "fileCheckpointStore",
        "formatCount",
        "formatPercent",
        "formatYuan",
        "groupLabel",
        "hazardList",
        "hazardStatus",
        "inMemoryCheckpointStore",
        "labelOf",
        "overdueList",
        "parsePeriodPreset",
        "periodOf",
        "projection",
        "projectionRunner",
        "rankGroups",
        "rectifiedLateList",
        "regionLabel",
        "regionName",
        "regionNamesFromTable",
        "renderHazardList",
        "renderOverdue",
        "renderRanking",
        "renderRectifiedLate",
        "renderReport",
        "renderStatus",
        "sectorLabel",
        "statutoryDueDate",
        "tallied",
        "withOverrides",
      ].sort(),
    );
    expect(Object.keys(projections).length).toBeLessThanOrEqual(46);
  });

  it("has one way to get each answer: no synchronous twins, no folds or resolvers", () => {
    for (const name of [
      "buildReportAsync",
      "buildReportSync",
      "summarizeStates",
      "overdueListAsync",
      "hazardStatusAsync",
      "foldLedger",
      "foldLedgerAsync",
      "resolveReportOptions",
    ])
      expect([name, name in projections]).toEqual([name, false]);
  });

  it("answers from any event source, with errors as values", async () => {
    const store = getInMemoryEventStore();
    expectTypeOf(buildReport(store.readAll(), { period: { from: null, to: null } })).resolves.toEqualTypeOf<
      Either<ProjectionError, Report>
    >();
    expectTypeOf(overdueList([], { asOf: "2024-01-01T00:00:00Z" })).resolves.toEqualTypeOf<
      Either<ProjectionError, OverdueItem[]>
    >();
    expectTypeOf(
      hazardStatus(await store.readStream("HZ-1"), "HZ-1", { asOf: "2024-01-01T00:00:00Z" }),
    ).resolves.toEqualTypeOf<Either<ProjectionError, HazardStatusView>>();
    // @ts-expect-error: an overdue kind the contract does not know
    void overdueList([], { asOf: "2024-01-01T00:00:00Z", kinds: ["late"] });
    // @ts-expect-error: a report groups by the contract's keys only
    void buildReport([], { by: "colour" });
  });

  it("types a projection of one's own by its guard, its state by its initial state", () => {
    const reported = projection({
      name: "reported",
      canHandle: (e) => e.type === "HazardReported",
      evolve: (titles: readonly string[], e) => {
        // The guard narrowed the event: its data is a report's.
        expectTypeOf(e.data.title).toEqualTypeOf<string>();
        return [...titles, e.data.title];
      },
      initialState: [],
    });
    const runner = projectionRunner({ store: getInMemoryEventStore(), projections: [reported] });
    expectTypeOf(runner.stateOf(reported)).toEqualTypeOf<readonly string[]>();
    expectTypeOf(reported.evolve).parameter(1).toMatchTypeOf<RecordedHazardEvent>();

    projection({
      name: "wrong state",
      canHandle: () => true,
      // @ts-expect-error: evolve must return the state it is given
      evolve: (n: number) => `${n}`,
      initialState: 0,
    });
    projection({
      name: "unguarded",
      canHandle: () => true,
      evolve: (n: number, e) => {
        // @ts-expect-error: without a guard the event is any event, and not every event has a title
        void e.data.title;
        return n + 1;
      },
      initialState: 0,
    });
    expect(runner.stateOf(reported)).toEqual([]);
  });
});
