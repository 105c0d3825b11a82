/**
 * @packageDocumentation
 * Projections of the hazard ledger: the closed-loop status of a hazard, overdue lists, the
 * statistics of interchange.md's `report` JSON with breakdowns, roll-ups and rankings, and
 * their rendering in Chinese and English, each as of an instant (business time) and known
 * at an instant (system time). Pure functions over any store's events, plus a runner that
 * keeps read models (the ledger's, and your own {@link projection}s) up to date with
 * checkpoints.
 */

/** Queries over a store's events: one function per question, each as of and known at any instant. */
export { buildReport } from "./report/report.js";
export { overdueList, rectifiedLateList, type OverdueOptions } from "./overdue/overdue.js";
export { hazardStatus } from "./status/status.js";
export { hazardList, type HazardFilter, type HazardListOptions } from "./list/hazardList.js";
export type { ReportOptions } from "./report/reportOptions.js";
export type { QueryOptions } from "./ledger/queryOptions.js";
export type { TimeAxes } from "./ledger/timeAxes.js";
export type { EventSource, ProjectableEvent } from "./ledger/projectableEvent.js";
export type { ProjectionError } from "./projectionError.js";

/** Read models kept up to date: the runner, your own projections beside the ledger's, checkpoints. */
export {
  projectionRunner,
  type ProjectionRunner,
  type ProjectionRunnerOptions,
  type RunnerStore,
} from "./runner/projectionRunner.js";
export { projection, type Projection, type ProjectionDefinition } from "./runner/projection.js";
export { inMemoryCheckpointStore, type CheckpointStore } from "./runner/checkpointStore.js";
export { fileCheckpointStore } from "./runner/fileCheckpointStore.js";
export type { Ledger, LedgerBuilder, LedgerEntry } from "./ledger/ledger.js";

/** Report periods, rankings, and the backfills a known-at report counts. */
export {
  periodOf,
  parsePeriodPreset,
  statutoryDueDate,
  type Period,
  type PeriodPreset,
} from "./report/period.js";
export { rankGroups, type RankBy, type RankingOptions, type RankedGroup } from "./report/ranking.js";
export { BackfillTally, tallied, type Backfill, type BackfillCommits } from "./report/backfills.js";

/** The JSON shapes of interchange.md: codecs, and the types derived from them. */
export {
  Report,
  decodeReport,
  type ReportFigures,
  type ReportGroup,
  type Rate,
  GroupBy,
} from "./report/reportCodec.js";
export { OverdueKind, type OverdueItem, type RectifiedLateItem } from "./overdue/overdueCodec.js";
export type { HazardStatusView } from "./status/statusCodec.js";
export type { HazardRow } from "./list/hazardRowCodec.js";

/** Rendering as text, in Chinese or English. */
export { renderReport, groupLabel, GROUP_HEADERS, type RenderOptions } from "./render/renderReport.js";
export { renderOverdue, renderRectifiedLate, type OverdueRenderOptions } from "./render/renderOverdue.js";
export { renderStatus } from "./render/renderStatus.js";
export { renderHazardList, type HazardListRenderOptions } from "./render/renderHazardList.js";
export { renderRanking } from "./render/renderRanking.js";
export { asOfClause } from "./render/asOfText.js";

/** Labels, numbers and columns, for renderers of other forms (HTML, sheets). */
export {
  type Lang,
  type Labels,
  LANGS,
  LEVEL_LABELS,
  GOV_LEVEL_LABELS,
  SOURCE_LABELS,
  STATUS_LABELS,
  sectorLabel,
  labelOf,
} from "./render/labels.js";
export { formatCount, formatPercent, formatYuan } from "./render/numbers.js";
export { REPORT_COLUMNS, type ReportColumn, type ReportColumnKind } from "./render/reportColumns.js";
export {
  HAZARD_ROW_COLUMNS,
  type HazardRowColumn,
  type RowColumnKind,
  type RowColumnForms,
} from "./list/hazardRowColumns.js";

/** Region names: from a table of codes and names, with local overrides. */
export {
  type RegionNames,
  regionName,
  regionLabel,
  regionNamesFromTable,
  withOverrides,
} from "./render/regionNames.js";
