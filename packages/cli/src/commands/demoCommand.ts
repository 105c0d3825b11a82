import { importEventLog } from "@hazard-ledger/core";
import {
  type Lang,
  buildReportAsync,
  overdueListAsync,
  renderOverdue,
  renderReport,
} from "@hazard-ledger/projections";
import { isLeft } from "fp-ts/lib/Either.js";
import { DateTime } from "luxon";
import { DEMO_PERIOD, buildDemoLedger } from "../demo/demoLedger.js";
import { type CliIo, RejectedError } from "../io.js";
import { progressBar } from "../progress.js";
import { DEFAULT_STORE_DIR, openForWrite } from "../storeLocation.js";

export interface DemoFlags {
  readonly store?: string;
  /** `--tz` as given; undefined: the ledger's zone (a new ledger: the default). */
  readonly tz: string | undefined;
  readonly lang: Lang;
  readonly quiet: boolean;
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
      { now: io.now().toISOString(), rules: { timezone: tz }, onProgress: (n) => bar.update(n) },
    );
    bar.stop();
    if (isLeft(imported))
      throw new RejectedError(`demo: line ${imported.left.line}: ${imported.left.message}`);
    if (imported.right.appended > 0) await opened.keepSettings();
    const asOf = DateTime.fromISO(`${DEMO_PERIOD.to}T00:00:00`, { zone: tz }).toISO()!;
    const report = await buildReportAsync(opened.store.readAll(), {
      timeZone: tz,
      period: DEMO_PERIOD,
      asOf,
    });
    if (isLeft(report)) throw new RejectedError(`demo: ${report.left.message}`);
    const overdue = await overdueListAsync(opened.store.readAll(), { timeZone: tz, asOf });
    if (isLeft(overdue)) throw new RejectedError(`demo: ${overdue.left.message}`);
    const where = opened.where;
    const s = imported.right;
    io.stdout.write(
      flags.lang === "zh"
        ? `演示台账：${where}（新写入事件${s.appended}条，已存在${s.duplicates}条）\n\n`
        : `Demo ledger: ${where} (${s.appended} events written, ${s.duplicates} already there)\n\n`,
    );
    io.stdout.write(renderReport(report.right, { lang: flags.lang }) + "\n");
    io.stdout.write(renderOverdue(overdue.right, { lang: flags.lang, asOf, timeZone: tz }));
    return 0;
  } finally {
    await opened.store.close();
  }
};
