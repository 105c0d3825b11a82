import {
  type GroupBy,
  type ProjectionError,
  type Lang,
  buildReportAsync,
  hazardStatusAsync,
  overdueListAsync,
  renderOverdue,
  renderReport,
  renderStatus,
} from "@hazard-ledger/projections";
import { type Either, isLeft } from "fp-ts/lib/Either.js";
import { type CliIo, RejectedError, UsageError } from "../io.js";
import { openForRead, zoneOf } from "../storeLocation.js";

export interface QueryFlags {
  readonly store?: string;
  /** `--tz` as given; undefined: the ledger's zone. */
  readonly tz: string | undefined;
  readonly asOf?: string;
  readonly knownAt?: string;
  readonly format: "json" | "text";
  readonly lang: Lang;
  readonly decimals?: number;
}

export interface ReportFlags extends QueryFlags {
  readonly from?: string;
  readonly to?: string;
  readonly by?: GroupBy;
}

/** A bad option is a usage error; a history the projections cannot fold is a failed check. */
const orFail = <A>(result: Either<ProjectionError, A>): A => {
  if (isLeft(result))
    throw result.left.code === "INVALID_OPTION"
      ? new UsageError(result.left.message)
      : new RejectedError(result.left.message);
  return result.right;
};

/** `report`: the statistics of interchange.md; as-of defaults to `--to`, else now. */
export const reportCommand = async (io: CliIo, flags: ReportFlags): Promise<number> => {
  const opened = await openForRead(flags.store, io);
  try {
    const report = orFail(
      await buildReportAsync(opened.store.readAll(), {
        timeZone: zoneOf(opened, flags.tz),
        period: { from: flags.from ?? null, to: flags.to ?? null },
        asOf: flags.asOf ?? (flags.to === undefined ? io.now().toISOString() : null),
        knownAt: flags.knownAt ?? null,
        ...(flags.by !== undefined ? { by: flags.by } : {}),
      }),
    );
    io.stdout.write(
      renderReport(report, {
        format: flags.format,
        lang: flags.lang,
        ...(flags.decimals !== undefined ? { decimals: flags.decimals } : {}),
      }),
    );
    return 0;
  } finally {
    await opened.store.close();
  }
};

/** `overdue`: overdue rectification and supervision, most overdue first. */
export const overdueCommand = async (
  io: CliIo,
  flags: QueryFlags & { readonly kind?: "rectification" | "supervision" },
): Promise<number> => {
  const opened = await openForRead(flags.store, io);
  try {
    const asOf = flags.asOf ?? io.now().toISOString();
    const kinds = flags.kind !== undefined ? [flags.kind] : undefined;
    const items = orFail(
      await overdueListAsync(opened.store.readAll(), {
        timeZone: zoneOf(opened, flags.tz),
        asOf,
        knownAt: flags.knownAt ?? null,
        ...(kinds !== undefined ? { kinds } : {}),
      }),
    );
    io.stdout.write(
      renderOverdue(items, {
        format: flags.format,
        lang: flags.lang,
        asOf,
        knownAt: flags.knownAt ?? null,
        timeZone: zoneOf(opened, flags.tz),
        ...(kinds !== undefined ? { kinds } : {}),
      }),
    );
    return 0;
  } finally {
    await opened.store.close();
  }
};

/** `status ID`: one hazard's closed-loop state. */
export const statusCommand = async (io: CliIo, hazardId: string, flags: QueryFlags): Promise<number> => {
  const opened = await openForRead(flags.store, io);
  try {
    const events = await opened.store.readStream(hazardId);
    if (events.length === 0) throw new RejectedError(`status: no hazard ${hazardId} in the store`);
    const view = await hazardStatusAsync(events, hazardId, {
      timeZone: zoneOf(opened, flags.tz),
      asOf: flags.asOf ?? io.now().toISOString(),
      knownAt: flags.knownAt ?? null,
    });
    if (isLeft(view)) throw new RejectedError(`status: ${view.left.message}`);
    io.stdout.write(renderStatus(view.right, { format: flags.format, lang: flags.lang }));
    return 0;
  } finally {
    await opened.store.close();
  }
};
