import {
  type ProjectionError,
  type Lang,
  hazardStatus,
  overdueList,
  renderOverdue,
  renderStatus,
} from "@hazard-ledger/projections";
import { type Either, isLeft } from "fp-ts/lib/Either.js";
import { type CliIo, RejectedError, UsageError } from "../io.js";
import { coverEntries, overdueTable } from "../sheets/ledgerSheets.js";
import { type TableFormat, checkOut, emitCsv, emitText, emitXlsx } from "../sheets/sheetOutput.js";
import { loadRegionNames, stateCouncilCalendar } from "../referenceData.js";
import { openForRead, zoneOf } from "../storeLocation.js";
import { readLedger } from "./ledgerPrefix.js";
import { resumeReadModel } from "./readModel.js";

export interface QueryFlags {
  readonly store?: string;
  /** `--tz` as given; undefined: the ledger's zone. */
  readonly tz: string | undefined;
  readonly asOf?: string;
  readonly knownAt?: string;
  readonly format: "json" | "text";
  readonly lang: Lang;
  readonly decimals?: number;
  /** `--digest FILE`: only the log prefix that digest commits to, once proved unchanged. */
  readonly digest?: string;
  /** `--regions FILE`: the user's region names, before the dataset's. */
  readonly regions?: string;
}

/** Region names for text (JSON prints codes only); a given `--regions` file is checked either way. */
export const regionNamesFor = (io: CliIo, flags: { format: string; regions?: string }) =>
  flags.format !== "json" || flags.regions !== undefined
    ? { regionNames: loadRegionNames(io, flags.regions) }
    : {};

/** A bad option is a usage error; a history the projections cannot fold is a failed check. */
export const orFail = <A>(result: Either<ProjectionError, A>): A => {
  if (isLeft(result))
    throw result.left.code === "INVALID_OPTION"
      ? new UsageError(result.left.message)
      : new RejectedError(result.left.message);
  return result.right;
};

/** `overdue`: overdue rectification and supervision, most overdue first; text, JSON, CSV or XLSX. */
export const overdueCommand = async (
  io: CliIo,
  flags: Omit<QueryFlags, "format"> & {
    readonly format: TableFormat;
    readonly out?: string;
    readonly kind?: "rectification" | "supervision";
  },
): Promise<number> => {
  checkOut(flags.format, flags.out);
  const names = regionNamesFor(io, flags);
  const opened = await openForRead(flags.store, io);
  try {
    const asOf = flags.asOf ?? io.now().toISOString();
    const knownAt = flags.knownAt ?? null;
    const kinds = flags.kind !== undefined ? [flags.kind] : undefined;
    const options = {
      timeZone: zoneOf(opened, flags.tz),
      asOf,
      knownAt,
      ...(kinds !== undefined ? { kinds } : {}),
      workingDays: stateCouncilCalendar(),
    };
    // From the read model and the log's tail (a past instant reads only the hazards it cuts);
    // a --digest prefix reads the log.
    const items = orFail(
      flags.digest === undefined
        ? await (await resumeReadModel(opened)).runner.overdue(options)
        : await overdueList((await readLedger(opened.store, io, flags.digest)).events, options),
    );
    if (flags.format === "csv") {
      await emitCsv(io, overdueTable(items, flags.lang, names.regionNames), flags.out);
      return 0;
    }
    if (flags.format === "xlsx") {
      const zh = flags.lang === "zh";
      const axes = {
        asOf,
        knownAt,
        timeZone: zoneOf(opened, flags.tz),
        madeAt: io.now().toISOString(),
        store: opened.where,
      };
      const hazards = new Set(items.map((i) => i.hazardId)).size;
      await emitXlsx(
        io,
        {
          coverName: zh ? "封面" : "cover",
          cover: coverEntries(zh ? "超期隐患清单" : "Overdue hazards", axes, flags.lang, [
            {
              label: zh ? "超期类型" : "kinds",
              value: (kinds ?? ["rectification", "supervision"])
                .map((k) => (zh ? (k === "rectification" ? "超期未整改" : "超期督办") : k))
                .join(zh ? "、" : ", "),
              kind: "text",
            },
            { label: zh ? "超期隐患数" : "hazards overdue", value: hazards, kind: "count" },
          ]),
          tables: [overdueTable(items, flags.lang, names.regionNames)],
        },
        flags.out,
      );
      return 0;
    }
    await emitText(
      io,
      renderOverdue(items, {
        format: flags.format,
        lang: flags.lang,
        asOf,
        knownAt,
        timeZone: zoneOf(opened, flags.tz),
        ...(kinds !== undefined ? { kinds } : {}),
        ...names,
      }),
      flags.out,
    );
    return 0;
  } finally {
    await opened.store.close();
  }
};

/** `status ID`: one hazard's closed-loop state. */
export const statusCommand = async (io: CliIo, hazardId: string, flags: QueryFlags): Promise<number> => {
  const names = regionNamesFor(io, flags);
  const opened = await openForRead(flags.store, io);
  try {
    const events = await opened.store.readStream(hazardId);
    if (events.length === 0) throw new RejectedError(`status: no hazard ${hazardId} in the store`);
    const view = await hazardStatus(events, hazardId, {
      timeZone: zoneOf(opened, flags.tz),
      asOf: flags.asOf ?? io.now().toISOString(),
      knownAt: flags.knownAt ?? null,
    });
    if (isLeft(view)) throw new RejectedError(`status: ${view.left.message}`);
    io.stdout.write(renderStatus(view.right, { format: flags.format, lang: flags.lang, ...names }));
    return 0;
  } finally {
    await opened.store.close();
  }
};
