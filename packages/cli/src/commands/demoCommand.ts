import { resolve } from "node:path";
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
import { DEFAULT_STORE_DIR, openStore } from "../storeLocation.js";

export interface DemoFlags {
  readonly store?: string;
  readonly tz: string;
  readonly lang: Lang;
  readonly quiet: boolean;
}

/**
 * `demo`: writes the sample ledger into the embedded store (through the same import path as
 * any log, so every event passes the rules), then prints the year's report and the overdue
 * list as of the first moment of the next year. Running it again changes nothing: the
 * demo's commandIds are fixed, and repeated commands are no-ops.
 */
export const demoCommand = async (io: CliIo, flags: DemoFlags): Promise<number> => {
  const location = flags.store ?? DEFAULT_STORE_DIR;
  const opened = await openStore(location, io.cwd, io.now);
  try {
    const events = buildDemoLedger();
    const bar = progressBar(io, flags.quiet, "demo", events.length);
    const imported = await importEventLog(
      opened.store,
      events.map((e) => JSON.stringify(e)),
      { now: io.now().toISOString(), rules: { timezone: flags.tz }, onProgress: (n) => bar.update(n) },
    );
    bar.stop();
    if (isLeft(imported))
      throw new RejectedError(`demo: line ${imported.left.line}: ${imported.left.message}`);
    const asOf = DateTime.fromISO(`${DEMO_PERIOD.to}T00:00:00`, { zone: flags.tz }).toISO()!;
    const report = await buildReportAsync(opened.store.readAll(), {
      timeZone: flags.tz,
      period: DEMO_PERIOD,
      asOf,
    });
    if (isLeft(report)) throw new RejectedError(`demo: ${report.left.message}`);
    const overdue = await overdueListAsync(opened.store.readAll(), { timeZone: flags.tz, asOf });
    if (isLeft(overdue)) throw new RejectedError(`demo: ${overdue.left.message}`);
    const where = opened.kind === "file" ? resolve(io.cwd, location) : location;
    const s = imported.right;
    io.stdout.write(
      flags.lang === "zh"
        ? `演示台账：${where}（新写入事件${s.appended}条，已存在${s.duplicates}条）\n\n`
        : `Demo ledger: ${where} (${s.appended} events written, ${s.duplicates} already there)\n\n`,
    );
    io.stdout.write(renderReport(report.right, { lang: flags.lang }) + "\n");
    io.stdout.write(renderOverdue(overdue.right, { lang: flags.lang, asOf, timeZone: flags.tz }));
    return 0;
  } finally {
    await opened.store.close();
  }
};
