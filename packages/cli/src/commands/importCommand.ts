import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import type { Readable } from "node:stream";
import { importEventLog, utf8Lines } from "@hazard-ledger/core";
import { isLeft } from "fp-ts/lib/Either.js";
import { type CliIo, RejectedError } from "../io.js";
import { progressBar } from "../progress.js";
import { openForWrite } from "../storeLocation.js";

export interface ImportFlags {
  readonly store?: string;
  /** `--tz` as given; undefined: the ledger's zone (a new ledger: the default). */
  readonly tz: string | undefined;
  readonly quiet: boolean;
  readonly lockTimeout?: string;
}

const openInput = async (io: CliIo, file: string): Promise<{ input: Readable; size: number | null }> => {
  if (file === "-") return { input: io.stdin, size: null };
  const path = resolve(io.cwd, file);
  const info = await stat(path).catch((e: NodeJS.ErrnoException) => {
    throw new RejectedError(`${file}: cannot read (${e.code ?? e.message})`);
  });
  if (!info.isFile()) throw new RejectedError(`${file}: not a file`);
  return { input: createReadStream(path), size: info.size };
};

/**
 * `import FILE|-`: streams the log line by line (a 1 GB file is never held as text), each line
 * decoded as UTF-8 or refused with its number (a leading BOM is skipped), replays
 * every line through the rules, and appends it all as one atomic batch, or nothing.
 */
export const importCommand = async (io: CliIo, file: string, flags: ImportFlags): Promise<number> => {
  const { input, size } = await openInput(io, file);
  const opened = await openForWrite(flags.store, io, {
    tz: flags.tz,
    createdBy: "import",
    ...(flags.lockTimeout !== undefined ? { lockTimeout: flags.lockTimeout } : {}),
  });
  const name = file === "-" ? "stdin" : file;
  try {
    let bytes = 0;
    async function* counted(): AsyncGenerator<Buffer | string> {
      for await (const chunk of input as AsyncIterable<Buffer | string>) {
        bytes += chunk.length;
        yield chunk;
      }
    }
    const bar = progressBar(io, flags.quiet, "import", size ?? 0);
    // Bytes become text here, strictly: a GBK or UTF-16 file is refused, never stored as U+FFFD.
    const lines = utf8Lines(counted());
    const result = await importEventLog(opened.store, lines, {
      now: io.now().toISOString(),
      rules: { timezone: opened.ledger.timeZone },
      onProgress: () => bar.update(bytes),
    });
    bar.stop();
    if (isLeft(result)) throw new RejectedError(`${name}: line ${result.left.line}: ${result.left.message}`);
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
