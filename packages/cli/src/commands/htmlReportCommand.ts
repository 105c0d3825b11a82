import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import type { RecordedHazardEvent } from "@hazard-ledger/core";
import {
  BackfillTally,
  type OverdueItem,
  type Report,
  buildReport,
  overdueList,
  tallied,
} from "@hazard-ledger/projections";
import { type CliIo, RejectedError, UsageError } from "../io.js";
import { loadRegionNames, stateCouncilCalendar } from "../referenceData.js";
import { openForRead, zoneOf } from "../storeLocation.js";
import { readLedger } from "./ledgerPrefix.js";
import { orFail } from "./queryCommands.js";
import { resumeReadModel } from "./readModel.js";

/** What `report --format html` needs of the report's flags. */
export interface HtmlReportFlags {
  readonly store?: string;
  readonly tz: string | undefined;
  readonly asOf?: string;
  readonly knownAt?: string;
  readonly lang: "zh" | "en";
  readonly decimals?: number;
  readonly period: { readonly from: string | null; readonly to: string | null };
  readonly by?: "level" | "sector" | "region" | "source" | "unit" | "month";
  readonly regions?: string;
  readonly out?: string;
  /** `--digest FILE`: only the log prefix that digest commits to, once proved unchanged. */
  readonly digest?: string;
}

/** The first `count` events of the log: the prefix the page's first read covered. */
async function* firstEvents(
  events: AsyncIterable<RecordedHazardEvent>,
  count: number,
): AsyncGenerator<RecordedHazardEvent> {
  if (count === 0) return;
  let n = 0;
  for await (const e of events) {
    yield e;
    if (++n >= count) return;
  }
}

/** The page's three questions answered. */
interface PageFigures {
  readonly report: Report;
  readonly byMonth: Report;
  readonly overdue: OverdueItem[];
}

/**
 * `report --format html --out FILE`: one self-contained page with the report's text, its
 * groups (`--by`, default region) and the charts, the month-by-month figures and the overdue
 * list at the report's as-of. Of the current log, from the read model and the log's tail, as
 * the text report reads them. With `--digest`, three reads of the prefix it commits to, one per
 * question: the first gives the ledger digest and backfills the page names, as the text report
 * does; the other two read the same events.
 */
export const htmlReportCommand = async (io: CliIo, flags: HtmlReportFlags): Promise<number> => {
  if (flags.out === undefined) throw new UsageError("--format html needs --out FILE (the page is a file)");
  const regionNames = loadRegionNames(io, flags.regions);
  const opened = await openForRead(flags.store, io);
  try {
    const options = {
      timeZone: zoneOf(opened, flags.tz),
      period: flags.period,
      asOf: flags.asOf ?? (flags.period.to === null ? io.now().toISOString() : null),
      knownAt: flags.knownAt ?? null,
    };
    const by = flags.by ?? "region";
    const overdueAt = (report: Report) => ({
      timeZone: options.timeZone,
      asOf: report.asOf,
      knownAt: report.knownAt,
      workingDays: stateCouncilCalendar(),
    });
    const fromReadModel = async (): Promise<PageFigures> => {
      const { runner, ledger } = await resumeReadModel(opened);
      const built = orFail(await runner.report({ ...options, by }));
      const report = { ...built, backfills: orFail(runner.backfills(options.knownAt)), ledger };
      return {
        report,
        byMonth: orFail(await runner.report({ ...options, by: "month" })),
        overdue: orFail(await runner.overdue(overdueAt(report))),
      };
    };
    const fromLog = async (): Promise<PageFigures> => {
      const log = await readLedger(opened.store, io, flags.digest);
      const tally = new BackfillTally(flags.knownAt === undefined ? null : Date.parse(flags.knownAt));
      const built = orFail(await buildReport(tallied(log.events, tally), { ...options, by }));
      const ledger = log.ledger();
      const report = { ...built, backfills: tally.backfills(), ledger };
      const sameEvents = () => firstEvents(opened.store.readAll(), ledger.events);
      return {
        report,
        byMonth: orFail(await buildReport(sameEvents(), { ...options, by: "month" })),
        overdue: orFail(await overdueList(sameEvents(), overdueAt(report))),
      };
    };
    const { report, byMonth, overdue } = flags.digest === undefined ? await fromReadModel() : await fromLog();
    // Loaded here, not at start-up: its charts cost every other command most of a second of CPU.
    const { renderReportHtml } = await import("@hazard-ledger/report-html");
    const html = renderReportHtml({
      report,
      byMonth,
      overdue,
      lang: flags.lang,
      regionNames,
      ...(flags.decimals !== undefined ? { decimals: flags.decimals } : {}),
    });
    try {
      writeFileSync(resolve(io.cwd, flags.out), html);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      throw new RejectedError(`--out ${flags.out}: cannot write (${err.code ?? err.message})`);
    }
    return 0;
  } finally {
    await opened.store.close();
  }
};
