import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { buildReportAsync, overdueListAsync } from "@hazard-ledger/projections";
import { type CliIo, RejectedError, UsageError } from "../io.js";
import { loadRegionNames, stateCouncilCalendar } from "../referenceData.js";
import { openForRead, zoneOf } from "../storeLocation.js";
import { orFail } from "./queryCommands.js";

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
}

/**
 * `report --format html --out FILE`: one self-contained page with the report's text, its
 * groups (`--by`, default region) and the charts, the month-by-month figures and the overdue
 * list at the report's as-of. Three reads of the store, one per question.
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
    const report = orFail(
      await buildReportAsync(opened.store.readAll(), { ...options, by: flags.by ?? "region" }),
    );
    const byMonth = orFail(await buildReportAsync(opened.store.readAll(), { ...options, by: "month" }));
    const overdue = orFail(
      await overdueListAsync(opened.store.readAll(), {
        timeZone: options.timeZone,
        asOf: report.asOf,
        knownAt: report.knownAt,
        workingDays: stateCouncilCalendar(),
      }),
    );
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
