import { type HazardFilter, type Lang, renderHazardList } from "@hazard-ledger/projections";
import { HazardStatus } from "@hazard-ledger/core";
import { type Command, Option } from "commander";
import type { CommandKit } from "../commandKit.js";
import { type CliIo, UsageError } from "../io.js";
import { choiceFlag, instantFlag, zoneFlag } from "../options.js";
import { coverEntries, hazardRowsTable } from "../sheets/ledgerSheets.js";
import { type TableFormat, checkOut, emitCsv, emitText, emitXlsx } from "../sheets/sheetOutput.js";
import { openForRead, zoneOf } from "../storeLocation.js";
import { resumeReadModel } from "./readModel.js";
import { orFail, regionNamesFor } from "./queryCommands.js";

export interface ListFlags {
  readonly store?: string;
  /** `--tz` as given; undefined: the ledger's zone. */
  readonly tz: string | undefined;
  readonly asOf?: string;
  readonly knownAt?: string;
  readonly format: TableFormat;
  readonly lang: Lang;
  readonly out?: string;
  readonly filter: HazardFilter;
  /** `--regions FILE`: the user's region names, before the dataset's. */
  readonly regions?: string;
}

/**
 * `list`: one row per hazard (id, title, level, status, sector, region, unit, deadline,
 * days overdue, listing) as of and known at the chosen instants, filtered; as a text table,
 * JSON, CSV or XLSX.
 */
export const listCommand = async (io: CliIo, flags: ListFlags): Promise<number> => {
  checkOut(flags.format, flags.out);
  const names = regionNamesFor(io, flags);
  const opened = await openForRead(flags.store, io);
  const tz = zoneOf(opened, flags.tz);
  try {
    const asOf = flags.asOf ?? io.now().toISOString();
    const knownAt = flags.knownAt ?? null;
    const options = { timeZone: tz, asOf, knownAt, filter: flags.filter };
    // From the read model and the log's tail (a past instant reads only the hazards it cuts).
    const rows = orFail(await (await resumeReadModel(opened)).runner.list(options));
    if (flags.format === "csv") {
      await emitCsv(io, hazardRowsTable(rows, flags.lang, names.regionNames), flags.out);
      return 0;
    }
    if (flags.format === "xlsx") {
      const axes = {
        asOf,
        knownAt,
        timeZone: tz,
        madeAt: io.now().toISOString(),
        store: opened.where,
      };
      await emitXlsx(
        io,
        {
          coverName: flags.lang === "zh" ? "封面" : "cover",
          cover: coverEntries(flags.lang === "zh" ? "隐患清单" : "Hazard list", axes, flags.lang, [
            { label: flags.lang === "zh" ? "隐患数" : "hazards", value: rows.length, kind: "count" },
          ]),
          tables: [hazardRowsTable(rows, flags.lang, names.regionNames)],
        },
        flags.out,
      );
      return 0;
    }
    await emitText(
      io,
      renderHazardList(rows, {
        format: flags.format,
        lang: flags.lang,
        asOf,
        knownAt,
        timeZone: tz,
        ...names,
      }),
      flags.out,
    );
    return 0;
  } finally {
    await opened.store.close();
  }
};

/** A comma-separated flag value as a list (`--status reported,rectifying`). */
const listFlag = (value: string | undefined): string[] | undefined =>
  value === undefined
    ? undefined
    : value
        .split(",")
        .map((v) => v.trim())
        .filter((v) => v !== "");

interface ListOpts {
  store?: string;
  tz?: string;
  asOf?: string;
  knownAt?: string;
  format: string;
  lang: string;
  out?: string;
  status?: string;
  level?: string;
  sector?: string;
  region?: string;
  source?: string;
  unit?: string;
  overdue?: boolean;
  regions?: string;
}

/** Registers `list` on the program. */
export const registerListCommand = (cmd: Command, kit: CommandKit): void => {
  cmd
    .command("list")
    .description(
      "one row per hazard (id, title, level, status, sector, region, unit, deadline, days overdue, listing), filtered",
    )
    .addOption(kit.storeOption())
    .option("--status <status>", `only these statuses (comma-separated): ${HazardStatus.values.join(", ")}`)
    .option("--level <level>", "general or major")
    .option("--sector <sector>", "only these sectors (comma-separated codes, e.g. fire,gas)")
    .option("--region <prefix>", "only regions under this code (430111 keeps its townships)")
    .option("--source <source>", "only these sources (comma-separated)")
    .option("--unit <text>", "only units whose name or credit code contains this text")
    .option("--overdue", "only hazards overdue on rectification or supervision")
    .addOption(kit.asOfOption())
    .addOption(kit.knownAtOption())
    .addOption(new Option("--format <format>", "text, json, csv or xlsx").default("text"))
    .option("--out <file>", "write to this file (required for xlsx)")
    .option("--regions <file>", 'JSON {"code": "name"}: region names that override the dataset\'s')
    .addOption(kit.langOption())
    .addOption(kit.tzOption())
    .action(
      kit.act(async (o: ListOpts) => {
        const statuses = listFlag(o.status)?.map(
          (s) => choiceFlag("--status", s, HazardStatus.values) as HazardStatus,
        );
        const levels = listFlag(o.level)?.map(
          (l) => choiceFlag("--level", l, ["general", "major"] as const) as string,
        );
        if (o.region !== undefined && !/^\d{1,12}$/.test(o.region))
          throw new UsageError(`--region: ${JSON.stringify(o.region)} is not a region code prefix (digits)`);
        const filter: HazardFilter = {
          ...(statuses !== undefined ? { statuses } : {}),
          ...(levels !== undefined ? { levels } : {}),
          ...(o.sector !== undefined ? { sectors: listFlag(o.sector) ?? [] } : {}),
          ...(o.source !== undefined ? { sources: listFlag(o.source) ?? [] } : {}),
          ...(o.region !== undefined ? { region: o.region } : {}),
          ...(o.unit !== undefined ? { unit: o.unit } : {}),
          ...(o.overdue === true ? { overdue: true } : {}),
        };
        return listCommand(kit.io, {
          ...(o.store !== undefined ? { store: o.store } : {}),
          tz: o.tz === undefined ? undefined : zoneFlag(o.tz),
          ...(o.asOf !== undefined ? { asOf: instantFlag("--as-of", o.asOf) } : {}),
          ...(o.knownAt !== undefined ? { knownAt: instantFlag("--known-at", o.knownAt) } : {}),
          format: choiceFlag("--format", o.format, ["text", "json", "csv", "xlsx"] as const) ?? "text",
          lang: choiceFlag("--lang", o.lang, ["zh", "en"] as const) ?? "zh",
          ...(o.out !== undefined ? { out: o.out } : {}),
          ...(o.regions !== undefined ? { regions: o.regions } : {}),
          filter,
        });
      }),
    );
};
