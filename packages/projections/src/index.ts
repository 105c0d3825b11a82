/**
 * @packageDocumentation
 * Projections of the hazard ledger: the closed-loop status of a hazard, overdue lists, the
 * statistics of interchange.md's `report` JSON with breakdowns, roll-ups and rankings, and
 * their rendering in Chinese and English, each as of an instant (business time) and known
 * at an instant (system time). Pure functions over any store's events, plus a runner that
 * keeps a read model up to date with checkpoints.
 */
export * from "./projectionError.js";
export * from "./time/ledgerCalendar.js";
export * from "./time/instantMillis.js";
export * from "./ledger/projectableEvent.js";
export * from "./ledger/timeAxes.js";
export * from "./ledger/ledger.js";
export * from "./ledger/hazardFacts.js";
export * from "./ledger/queryOptions.js";
export * from "./report/period.js";
export * from "./report/regionCode.js";
export * from "./report/reportCodec.js";
export { Backfill, BackfillTally, tallied } from "./report/backfills.js";
export * from "./report/reportOptions.js";
export * from "./report/figuresAccumulator.js";
export * from "./report/report.js";
export * from "./overdue/overdueCodec.js";
export * from "./overdue/overdue.js";
export * from "./status/statusCodec.js";
export * from "./status/status.js";
export * from "./render/labels.js";
export * from "./render/numbers.js";
export * from "./render/renderReport.js";
export * from "./render/renderOverdue.js";
export * from "./render/renderStatus.js";
export * from "./render/regionNames.js";
export * from "./render/reportColumns.js";
export * from "./runner/checkpointStore.js";
export * from "./runner/fileCheckpointStore.js";
export * from "./runner/ledgerSnapshot.js";
export * from "./runner/projectionRunner.js";
export * from "./report/ranking.js";
export * from "./report/sumFigures.js";
export * from "./render/renderRanking.js";
export * from "./list/hazardRowCodec.js";
export * from "./list/hazardList.js";
export * from "./list/hazardRowColumns.js";
export * from "./render/renderHazardList.js";
export * from "./render/reportColumns.js";
export * from "./render/asOfText.js";
export * from "./render/textTable.js";
