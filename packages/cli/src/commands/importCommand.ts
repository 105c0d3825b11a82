import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import type { Readable } from "node:stream";
import {
  DEFAULT_TIME_ZONE,
  checkEventLog,
  getInMemoryEventStore,
  importEventLog,
  utf8Lines,
} from "@hazard-ledger/core";
import {
  type LinePreparerOptions,
  type PreparedLine,
  importPreparedLines,
} from "@hazard-ledger/core/store-kit";
import { isLeft } from "fp-ts/lib/Either.js";
import { type CliIo, RejectedError, UsageError } from "../io.js";
import { heapGuarded } from "../heapGuard.js";
import { preparedBatches } from "../lineWorker/preparedBatches.js";
import { progressBar } from "../progress.js";
import { type OpenedStore, openForRead, openForWrite } from "../storeLocation.js";
import { LedgerPathError } from "@hazard-ledger/store-file";

export interface ImportFlags {
  readonly store?: string;
  /** `--tz` as given; undefined: the ledger's zone (a new ledger: the default). */
  readonly tz: string | undefined;
  readonly quiet: boolean;
  readonly lockTimeout?: string;
  /** Check only: list up to this many errors of the file, write nothing. */
  readonly check?: { readonly limit: number };
  /** Allow lines recorded before the ledger's last commit (`--backfill`). */
  readonly backfill?: boolean;
}

const openInput = async (
  io: CliIo,
  file: string,
): Promise<{ input: Readable; size: number | null; path: string | null }> => {
  if (file === "-") return { input: io.stdin, size: null, path: null };
  const path = resolve(io.cwd, file);
  const info = await stat(path).catch((e: NodeJS.ErrnoException) => {
    throw new RejectedError(`${file}: cannot read (${e.code ?? e.message})`);
  });
  if (!info.isFile()) throw new RejectedError(`${file}: not a file`);
  return { input: createReadStream(path), size: info.size, path };
};

/**
 * From this size on, a file's lines are parsed, decoded and sealed on a worker thread while the
 * import checks them in order on this one (see `lineWorker/`). Below it the worker does not
 * pay: 20k events (7 MB) took 1.4-2.3 s with it and 1.6-2.0 s without, with 35 MB more RSS;
 * 2k events, 0.1 s more.
 */
const WORKER_FROM_BYTES = 8 * 2 ** 20;

/**
 * Whether to prepare the lines on a worker thread: for a file of {@link WORKER_FROM_BYTES} or
 * more on a machine with two cores or more, unless `HAZARD_LEDGER_IMPORT_WORKER` says `off` (or
 * `on`: any file). It pays where a second core is free: at 1M events the import took a third
 * less wall-clock time for the same CPU; on cores already busy with other work it gained
 * nothing and cost 5-13% more CPU (docs/performance.md, "Both cores for import").
 */
const useLineWorker = (io: CliIo, path: string | null, size: number | null): path is string => {
  const asked = io.env["HAZARD_LEDGER_IMPORT_WORKER"];
  if (asked !== undefined && asked !== "" && asked !== "on" && asked !== "off")
    throw new UsageError(`HAZARD_LEDGER_IMPORT_WORKER=${asked}: say on or off (or leave it unset)`);
  if (path === null || asked === "off") return false;
  return asked === "on" || (size !== null && size >= WORKER_FROM_BYTES && availableParallelism() >= 2);
};

/**
 * `import FILE|-`: streams the log line by line (a 1 GB file is never held as text), each line
 * decoded as UTF-8 or refused with its number (a leading BOM is skipped), replays
 * every line through the rules, and appends it all as one atomic batch, or nothing.
 */
export const importCommand = async (io: CliIo, file: string, flags: ImportFlags): Promise<number> => {
  if (flags.check !== undefined) return checkCommand(io, file, flags, flags.check.limit);
  const { input, size, path } = await openInput(io, file);
  // Asked before the ledger is opened: a mistyped setting creates nothing.
  const worker = useLineWorker(io, path, size) ? path : null;
  const opened = await openForWrite(flags.store, io, {
    tz: flags.tz,
    createdBy: "import",
    ...(flags.lockTimeout !== undefined ? { lockTimeout: flags.lockTimeout } : {}),
  });
  const name = file === "-" ? "stdin" : file;
  try {
    let bytes = 0;
    async function* counted(): AsyncGenerator<Buffer | string> {
      for await (const chunk of heapGuarded(input as AsyncIterable<Buffer | string>, name)) {
        bytes += chunk.length;
        yield chunk;
      }
    }
    const bar = progressBar(io, flags.quiet, "import", size ?? 0);
    const options = {
      now: io.now().toISOString(),
      context: { timeZone: opened.ledger.timeZone },
      onProgress: () => bar.update(bytes),
      backfill: flags.backfill === true,
    };
    let result;
    if (worker !== null) {
      // The worker reads the file itself.
      input.destroy();
      const file = worker;
      async function* prepared(preparer: LinePreparerOptions): AsyncGenerator<readonly PreparedLine[]> {
        for await (const batch of heapGuarded(preparedBatches(file, preparer), name)) {
          bytes += batch.length;
          yield batch.lines;
        }
      }
      result = await importPreparedLines(opened.store, prepared, options);
    } else {
      // Bytes become text here, strictly: a GBK or UTF-16 file is refused, never stored as U+FFFD.
      result = await importEventLog(opened.store, utf8Lines(counted()), options);
    }
    bar.stop();
    if (isLeft(result))
      throw new RejectedError(
        `${name}: line ${result.left.line}: ${result.left.message}` +
          (result.left.code === "BACKFILL_REFUSED" ? "; import it with --backfill to record it as one" : ""),
      );
    const s = result.right;
    // An empty log is most likely the wrong file: say so, and store nothing (not even a ledger).
    if (s.lines === 0)
      throw new RejectedError(
        `${name}: no events (the file is empty or holds only blank lines); nothing was stored`,
      );
    if (s.appended > 0) await opened.keepSettings();
    io.stdout.write(
      `imported ${s.appended} events of ${s.hazards} hazards from ${s.lines} lines` +
        (s.duplicates > 0 ? ` (${s.duplicates} repeated commands skipped)` : "") +
        (s.alreadyStored > 0 ? ` (${s.alreadyStored} events already in the ledger skipped)` : "") +
        "\n",
    );
    return 0;
  } finally {
    await opened.store.close();
  }
};

/**
 * `import FILE --check`: every refused line of the file (up to `limit`), checked against the
 * store as an import would be, and nothing written. A store that does not exist yet is
 * checked as the empty ledger it would be, and is not created.
 */
const checkCommand = async (io: CliIo, file: string, flags: ImportFlags, limit: number): Promise<number> => {
  const { input } = await openInput(io, file);
  // A path with no ledger yet is checked as the empty ledger an import would create; the
  // check never creates it.
  const opened: Pick<OpenedStore, "store" | "settings"> = await openForRead(flags.store, io).catch(
    (e: unknown) => {
      if (e instanceof LedgerPathError && e.code === "NO_LEDGER")
        return { store: getInMemoryEventStore({ now: io.now }), settings: undefined };
      throw e;
    },
  );
  const name = file === "-" ? "stdin" : file;
  try {
    const lines = utf8Lines(heapGuarded(input as AsyncIterable<Buffer | string>, name));
    const result = await checkEventLog(opened.store, lines, {
      now: io.now().toISOString(),
      context: { timeZone: flags.tz ?? opened.settings?.timeZone ?? DEFAULT_TIME_ZONE },
      limit,
    });
    if (result.errors.length === 0) {
      io.stdout.write(`${name}: ${result.lines ?? 0} lines checked, no error; nothing written\n`);
      return 0;
    }
    const messages = result.errors.map((e) => `${name}: line ${e.line}: ${e.message}`);
    for (const m of messages.slice(0, -1)) io.stderr.write(`hazard-ledger: ${m}\n`);
    const tail = result.truncated
      ? ` (stopped after ${limit} errors)`
      : ` (${result.errors.length} ${result.errors.length === 1 ? "error" : "errors"}; nothing written)`;
    throw new RejectedError(`${messages[messages.length - 1] ?? name}${tail}`);
  } finally {
    await opened.store.close();
  }
};
