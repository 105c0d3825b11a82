import { type EventStore, importEventLog } from "@hazard-ledger/core";
import {
  type Lang,
  type RegionNames,
  type Report,
  buildReport,
  hazardList,
  overdueList,
  renderOverdue,
  renderReport,
} from "@hazard-ledger/projections";
import { loadRegionNames, stateCouncilCalendar } from "../referenceData.js";
import { isLeft } from "fp-ts/lib/Either.js";
import { DateTime } from "luxon";
import { DEMO_PERIOD, buildDemoLedger } from "../demo/demoLedger.js";
import { type CliIo, RejectedError } from "../io.js";
import { progressBar } from "../progress.js";
import { hazardRowsTable, overdueTable, reportBook } from "../sheets/ledgerSheets.js";
import { emitXlsx } from "../sheets/sheetOutput.js";
import { DEFAULT_STORE_DIR, openForWrite } from "../storeLocation.js";

export interface DemoFlags {
  readonly store?: string;
  /** `--tz` as given; undefined: the ledger's zone (a new ledger: the default). */
  readonly tz: string | undefined;
  readonly lang: Lang;
  readonly quiet: boolean;
  /** Also write the year's workbook here (XLSX): report by level, sector, region and source, overdue list, hazard list. */
  readonly out?: string;
}

/**
 * `demo`: writes the sample ledger into the embedded store (through the same import path as
 * any log, so every event passes the rules), then prints the year's report and the overdue
 * list as of the first moment of the next year. Running it again changes nothing: the
 * demo's commandIds are fixed, and repeated commands are no-ops. It writes only into a new
 * ledger or one that demo made: 240 sample hazards in a real ledger could never be taken out.
 */
export const demoCommand = async (io: CliIo, flags: DemoFlags): Promise<number> => {
  const location = flags.store ?? DEFAULT_STORE_DIR;
  const opened = await openForWrite(location, io, { tz: flags.tz, createdBy: "demo" });
  try {
    const kept = opened.settings;
    const hasEvents = async (): Promise<boolean> => {
      for await (const _ of opened.store.readAll()) return true;
      return false;
    };
    if (kept !== undefined ? kept.createdBy !== "demo" : await hasEvents())
      throw new RejectedError(
        `demo: ${opened.where} holds a ledger that demo did not make; demo writes only into a new ` +
          `ledger or its own (name another with --store)`,
      );
    const tz = opened.ledger.timeZone;
    const events = buildDemoLedger();
    const bar = progressBar(io, flags.quiet, "demo", events.length);
    const imported = await importEventLog(
      opened.store,
      events.map((e) => JSON.stringify(e)),
      { now: io.now().toISOString(), context: { timeZone: tz }, onProgress: (n) => bar.update(n) },
    );
    bar.stop();
    if (isLeft(imported))
      throw new RejectedError(`demo: line ${imported.left.line}: ${imported.left.message}`);
    if (imported.right.appended > 0) await opened.keepSettings();
    const asOf = DateTime.fromISO(`${DEMO_PERIOD.to}T00:00:00`, { zone: tz }).toISO()!;
    const report = await buildReport(opened.store.readAll(), {
      timeZone: tz,
      period: DEMO_PERIOD,
      asOf,
    });
    if (isLeft(report)) throw new RejectedError(`demo: ${report.left.message}`);
    const overdue = await overdueList(opened.store.readAll(), {
      timeZone: tz,
      asOf,
      workingDays: stateCouncilCalendar(),
    });
    if (isLeft(overdue)) throw new RejectedError(`demo: ${overdue.left.message}`);
    const where = opened.where;
    const s = imported.right;
    io.stdout.write(
      flags.lang === "zh"
        ? `演示台账：${where}（新写入事件${s.appended}条，已存在${s.duplicates}条）\n\n`
        : `Demo ledger: ${where} (${s.appended} events written, ${s.duplicates} already there)\n\n`,
    );
    const regionNames = loadRegionNames(io, undefined);
    if (flags.out !== undefined)
      await writeDemoBook(
        io,
        opened.store,
        { ...flags, out: flags.out, tz, regionNames },
        asOf,
        report.right,
        where,
      );
    io.stdout.write(renderReport(report.right, { lang: flags.lang, regionNames }) + "\n");
    io.stdout.write(renderOverdue(overdue.right, { lang: flags.lang, asOf, timeZone: tz, regionNames }));
    return 0;
  } finally {
    await opened.store.close();
  }
};

/** The demo year as one workbook: the report with a sheet per grouping, the overdue and hazard lists. */
const writeDemoBook = async (
  io: CliIo,
  store: EventStore,
  flags: {
    readonly tz: string;
    readonly lang: Lang;
    readonly out: string;
    readonly regionNames: RegionNames;
  },
  asOf: string,
  report: Report,
  location: string,
): Promise<void> => {
  const reports = [report];
  for (const by of ["level", "sector", "region", "source"] as const) {
    const grouped = await buildReport(store.readAll(), {
      timeZone: flags.tz,
      period: DEMO_PERIOD,
      asOf,
      by,
    });
    if (isLeft(grouped)) throw new RejectedError(`demo: ${grouped.left.message}`);
    reports.push(grouped.right);
  }
  const overdue = await overdueList(store.readAll(), { timeZone: flags.tz, asOf });
  if (isLeft(overdue)) throw new RejectedError(`demo: ${overdue.left.message}`);
  const rows = await hazardList(store.readAll(), { timeZone: flags.tz, asOf });
  if (isLeft(rows)) throw new RejectedError(`demo: ${rows.left.message}`);
  const book = reportBook(
    reports,
    { asOf, knownAt: null, timeZone: flags.tz, madeAt: io.now().toISOString(), store: location },
    flags.lang,
    flags.regionNames,
  );
  await emitXlsx(
    io,
    {
      ...book,
      tables: [
        ...book.tables,
        overdueTable(overdue.right, flags.lang, flags.regionNames),
        hazardRowsTable(rows.right, flags.lang, flags.regionNames),
      ],
    },
    flags.out,
  );
};
