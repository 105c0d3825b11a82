import type { GovLevel } from "@hazard-ledger/core";
import {
  BackfillTally,
  GroupBy,
  type Lang,
  type RankBy,
  type Report,
  buildReport,
  parsePeriodPreset,
  periodOf,
  rankGroups,
  renderRanking,
  renderReport,
  statutoryDueDate,
  tallied,
} from "@hazard-ledger/projections";
import { DateTime } from "luxon";
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { type Command, Option } from "commander";
import type { CommandKit } from "../commandKit.js";
import { type CliIo, RejectedError, UsageError } from "../io.js";
import { choiceFlag, dateFlag, decimalsFlag, instantFlag, zoneFlag } from "../options.js";
import { groupsTable, reportBook, totalsTable } from "../sheets/ledgerSheets.js";
import { type TableFormat, checkOut, emitCsv, emitText, emitXlsx } from "../sheets/sheetOutput.js";
import { openForRead, zoneOf } from "../storeLocation.js";
import { htmlReportCommand } from "./htmlReportCommand.js";
import { readLedger } from "./ledgerPrefix.js";
import { resumeReadModel } from "./readModel.js";
import { orFail, regionNamesFor } from "./queryCommands.js";

export interface ReportFlags {
  readonly store?: string;
  /** `--tz` as given; undefined: the ledger's zone. */
  readonly tz: string | undefined;
  readonly asOf?: string;
  readonly knownAt?: string;
  readonly format: TableFormat | "html";
  readonly lang: Lang;
  readonly decimals?: number;
  readonly from?: string;
  readonly to?: string;
  /** `--period 2023`, `2023-Q4` or `2023-11`: instead of from and to. */
  readonly period?: string;
  /** Each `--by`: text, JSON and CSV take one; XLSX makes a sheet of each. */
  readonly by?: readonly GroupBy[];
  readonly regionLevel?: GovLevel;
  /** Units or region codes expected to report (零报告), in order. */
  readonly roster?: readonly string[];
  /** Print a ranking (排名通报) of the groups instead of the report. */
  readonly rank?: RankBy;
  readonly out?: string;
  /** `--digest FILE`: only the log prefix that digest commits to, once proved unchanged. */
  readonly digest?: string;
  /** `--regions FILE`: the user's region names, before the dataset's. */
  readonly regions?: string;
}

/** The period of the flags, and the statistics' statutory due date when a preset names it. */
const periodOfFlags = (
  flags: ReportFlags,
): { from: string | null; to: string | null; due: string | null } => {
  if (flags.period === undefined) return { from: flags.from ?? null, to: flags.to ?? null, due: null };
  if (flags.from !== undefined || flags.to !== undefined)
    throw new UsageError("--period: give either --period or --from/--to, not both");
  const preset = orFail(parsePeriodPreset(flags.period));
  const period = orFail(periodOf(preset));
  return { ...period, due: orFail(statutoryDueDate(preset)) };
};

const dueLine = (due: string, lang: Lang): string => {
  const d = DateTime.fromISO(due, { zone: "utc" });
  return lang === "zh"
    ? `按规定，本期统计应于${d.year}年${d.month}月${d.day}日前报送。`
    : `These statistics are due by ${d.toFormat("d LLL yyyy")}.`;
};

/**
 * `report`: the statistics of interchange.md; as-of defaults to `--to`, else now. As text or
 * JSON, or as CSV (the groups, or the totals) or XLSX (a cover, the totals, a sheet per
 * `--by`); with `--rank`, the ranking of the groups instead.
 */
export const reportCommand = async (io: CliIo, flags: ReportFlags): Promise<number> => {
  checkOut(flags.format, flags.out);
  const bys = flags.by ?? [];
  if (bys.length > 1 && flags.format !== "xlsx")
    throw new UsageError("--by: give one grouping, or several with --format xlsx (a sheet each)");
  if (flags.rank !== undefined && (bys.length !== 1 || flags.format === "csv" || flags.format === "xlsx"))
    throw new UsageError("--rank: ranks the groups of one --by, as text or json");
  const period = periodOfFlags(flags);
  if (flags.format === "html") {
    if (bys.length > 1) throw new UsageError("--by: give one grouping with --format html");
    const { format: _html, by: _bys, ...rest } = flags;
    return htmlReportCommand(io, {
      ...rest,
      period: { from: period.from, to: period.to },
      ...(bys[0] !== undefined ? { by: bys[0] } : {}),
    });
  }
  const names = regionNamesFor(io, flags);
  const opened = await openForRead(flags.store, io);
  const tz = zoneOf(opened, flags.tz);
  try {
    const asOf = flags.asOf ?? (period.to === null ? io.now().toISOString() : null);
    // Each grouping reads the log once; the last read's digest and backfills anchor the report
    // (every read proves the same prefix, so they agree).
    let anchor: Pick<Report, "backfills" | "ledger"> = {};
    // The current ledger (no --digest prefix) is read from the read model and the log's tail,
    // which also keeps the backfills that amended a known-at view.
    const model = flags.digest === undefined ? await resumeReadModel(opened) : undefined;
    const build = async (by: GroupBy | undefined): Promise<Report> => {
      const options = {
        timeZone: tz,
        period: { from: period.from, to: period.to },
        asOf,
        knownAt: flags.knownAt ?? null,
        ...(by !== undefined ? { by } : {}),
        ...(by === "region" && flags.regionLevel !== undefined ? { regionLevel: flags.regionLevel } : {}),
        ...(by !== undefined && flags.roster !== undefined ? { roster: flags.roster } : {}),
      };
      if (model !== undefined) {
        anchor = { backfills: orFail(model.runner.backfills(options.knownAt)), ledger: model.ledger };
        return { ...orFail(await model.runner.report(options)), ...anchor };
      }
      const log = await readLedger(opened.store, io, flags.digest);
      const tally = new BackfillTally(flags.knownAt === undefined ? null : Date.parse(flags.knownAt));
      const built = orFail(await buildReport(tallied(log.events, tally), options));
      anchor = { backfills: tally.backfills(), ledger: log.ledger() };
      return { ...built, ...anchor };
    };
    const reports: Report[] = [];
    for (const by of bys.length === 0 ? [undefined] : bys) reports.push(await build(by));
    const report = reports[0] as Report;
    const render = {
      lang: flags.lang,
      ...(flags.decimals !== undefined ? { decimals: flags.decimals } : {}),
      ...names,
    };
    if (flags.format === "csv") {
      await emitCsv(
        io,
        report.by === undefined
          ? totalsTable(report, flags.lang)
          : groupsTable(report, flags.lang, names.regionNames),
        flags.out,
        flags.decimals,
      );
      return 0;
    }
    if (flags.format === "xlsx") {
      const book = reportBook(
        reports,
        {
          asOf: report.asOf,
          knownAt: report.knownAt,
          timeZone: report.timezone,
          madeAt: io.now().toISOString(),
          store: opened.where,
          ledger: anchor.ledger,
        },
        flags.lang,
        names.regionNames,
      );
      await emitXlsx(
        io,
        period.due === null
          ? book
          : {
              ...book,
              cover: [
                ...book.cover,
                { label: flags.lang === "zh" ? "报送期限" : "due by", value: period.due, kind: "date" },
              ],
            },
        flags.out,
      );
      return 0;
    }
    if (flags.rank !== undefined) {
      const ranked = orFail(rankGroups(report.groups ?? [], { by: flags.rank }));
      await emitText(
        io,
        renderRanking(report, ranked, flags.rank, { ...render, format: flags.format }),
        flags.out,
      );
      return 0;
    }
    const text = renderReport(report, { ...render, format: flags.format });
    await emitText(
      io,
      flags.format === "text" && period.due !== null ? `${text}${dueLine(period.due, flags.lang)}\n` : text,
      flags.out,
    );
    return 0;
  } finally {
    await opened.store.close();
  }
};

interface ReportOpts {
  store?: string;
  tz?: string;
  asOf?: string;
  knownAt?: string;
  format: string;
  lang: string;
  decimals?: string;
  from?: string;
  to?: string;
  period?: string;
  by: string[];
  regionLevel?: string;
  roster?: string;
  rank?: string;
  out?: string;
  digest?: string;
  regions?: string;
}

/** A roster file: one unit name or region code a line; blank lines and # comments skipped. */
const readRoster = async (io: CliIo, file: string): Promise<string[]> => {
  const body = await readFile(resolve(io.cwd, file), "utf8").catch((e: NodeJS.ErrnoException) => {
    throw new RejectedError(`--roster ${file}: cannot read (${e.code ?? e.message})`);
  });
  return body
    .replace(/^\uFEFF/, "")
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"));
};

/** Registers `report` on the program. */
export const registerReportCommand = (cmd: Command, kit: CommandKit): void => {
  cmd
    .command("report")
    .description("ledger statistics over a period (hazards discovered in [from, to))")
    .addOption(kit.storeOption())
    .option("--from <date>", "first day of the period (YYYY-MM-DD)")
    .option("--to <date>", "day after the period (YYYY-MM-DD); the default as-of")
    .option("--period <preset>", "a year, quarter or month instead of --from/--to: 2023, 2023-Q4, 2023-11")
    .addOption(kit.asOfOption())
    .addOption(kit.knownAtOption())
    .option(
      "--by <key>",
      "level, sector, region, source, unit or month (repeat with --format xlsx for a sheet each)",
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option("--region-level <level>", "with --by region: roll codes up to province, city, county or township")
    .option(
      "--roster <file>",
      "with --by unit or region: who must report, one a line (零报告 lists those with no major hazard)",
    )
    .option("--rank <by>", "with --by: a ranking (排名通报) by rate or overdue instead of the report")
    .addOption(new Option("--format <format>", "text, json, csv, xlsx or html").default("text"))
    .option("--out <file>", "write to this file (required for xlsx and html)")
    .addOption(kit.langOption())
    .option("--decimals <n>", "decimal places of percentages in text")
    .addOption(kit.tzOption())
    .option(
      "--digest <file>",
      "read only the log prefix this digest (JSON, or - for stdin) commits to, once proved unchanged",
    )
    .option("--regions <file>", 'JSON {"code": "name"}: region names that override the dataset\'s')
    .action(
      kit.act(async (o: ReportOpts) => {
        const by = o.by.map((b) => choiceFlag("--by", b, GroupBy.values) as GroupBy);
        return reportCommand(kit.io, {
          ...(o.store !== undefined ? { store: o.store } : {}),
          tz: o.tz === undefined ? undefined : zoneFlag(o.tz),
          ...(o.asOf !== undefined ? { asOf: instantFlag("--as-of", o.asOf) } : {}),
          ...(o.knownAt !== undefined ? { knownAt: instantFlag("--known-at", o.knownAt) } : {}),
          format:
            choiceFlag("--format", o.format, ["text", "json", "csv", "xlsx", "html"] as const) ?? "text",
          lang: choiceFlag("--lang", o.lang, ["zh", "en"] as const) ?? "zh",
          ...(o.decimals !== undefined ? { decimals: decimalsFlag(o.decimals) } : {}),
          ...(o.from !== undefined ? { from: dateFlag("--from", o.from) } : {}),
          ...(o.to !== undefined ? { to: dateFlag("--to", o.to) } : {}),
          ...(o.period !== undefined ? { period: o.period } : {}),
          ...(by.length > 0 ? { by } : {}),
          ...(o.regionLevel !== undefined
            ? {
                regionLevel: choiceFlag("--region-level", o.regionLevel, [
                  "province",
                  "city",
                  "county",
                  "township",
                ] as const),
              }
            : {}),
          ...(o.roster !== undefined ? { roster: await readRoster(kit.io, o.roster) } : {}),
          ...(o.rank !== undefined
            ? { rank: choiceFlag("--rank", o.rank, ["rate", "overdue"] as const) }
            : {}),
          ...(o.out !== undefined ? { out: o.out } : {}),
          ...(o.digest !== undefined ? { digest: o.digest } : {}),
          ...(o.regions !== undefined ? { regions: o.regions } : {}),
        });
      }),
    );
};
