import { Command, CommanderError, Option } from "commander";
import { DEFAULT_TIME_ZONE } from "@hazard-ledger/core";
import type { CommandKit } from "./commandKit.js";
import { registerAppendCommand } from "./commands/appendCommand.js";
import { demoCommand } from "./commands/demoCommand.js";
import { digestCommand } from "./commands/digestCommand.js";
import { exportCommand } from "./commands/exportCommand.js";
import { historyCommand } from "./commands/historyCommand.js";
import { importCommand } from "./commands/importCommand.js";
import { initCommand } from "./commands/initCommand.js";
import { registerListCommand } from "./commands/listCommand.js";
import { overdueCommand, statusCommand } from "./commands/queryCommands.js";
import { registerRectifiedLateCommand } from "./commands/rectifiedLateCommand.js";
import { registerReportCommand } from "./commands/reportCommand.js";
import { verifyCommand } from "./commands/verifyCommand.js";
import { type CliIo, RejectedError, UsageError } from "./io.js";
import { choiceFlag, decimalsFlag, instantFlag, limitFlag, zoneFlag } from "./options.js";
import { DEFAULT_STORE_DIR } from "./storeLocation.js";
import { storeFailure } from "./storeErrors.js";

const STORE_HELP = `a directory (the embedded store; default ${DEFAULT_STORE_DIR}), memory:, or esdb://…`;

interface CommonOpts {
  store?: string;
  /** Undefined when not given: the ledger's own zone (a new ledger: the default). */
  tz?: string;
  lockTimeout?: string;
  asOf?: string;
  knownAt?: string;
  format?: string;
  lang?: string;
  decimals?: string;
  quiet?: boolean;
  digest?: string;
  regions?: string;
}

const TABLE_FORMATS = ["text", "json", "csv", "xlsx"] as const;

const queryFlags = <F extends string = "json" | "text">(
  o: CommonOpts,
  formats: readonly F[] = ["json", "text"] as readonly string[] as readonly F[],
) => ({
  ...(o.store !== undefined ? { store: o.store } : {}),
  tz: o.tz === undefined ? undefined : zoneFlag(o.tz),
  ...(o.asOf !== undefined ? { asOf: instantFlag("--as-of", o.asOf) as string } : {}),
  ...(o.knownAt !== undefined ? { knownAt: instantFlag("--known-at", o.knownAt) as string } : {}),
  format: choiceFlag("--format", o.format, formats) ?? ("text" as F),
  lang: choiceFlag("--lang", o.lang, ["zh", "en"] as const) ?? "zh",
  ...(o.decimals !== undefined ? { decimals: decimalsFlag(o.decimals) as number } : {}),
  ...(o.regions !== undefined ? { regions: o.regions } : {}),
});

const proofFlag = (hazard: string | undefined, proof: string): string => {
  if (hazard === undefined)
    throw new UsageError("--proof: needs --hazard (a proof covers one hazard's events)");
  return proof;
};

/** The commander program; each action stores its exit code in `exit`. */
const program = (io: CliIo, exit: { code: number }) => {
  const storeOption = () => new Option("--store <store>", STORE_HELP).env("HAZARD_LEDGER_STORE");
  const tzOption = () =>
    new Option(
      "--tz <zone>",
      `IANA time zone of the ledger's calendar (default: the ledger's own; a new ledger: ${DEFAULT_TIME_ZONE})`,
    );
  const lockTimeoutOption = () =>
    new Option(
      "--lock-timeout <seconds>",
      "how long to wait while another process writes the ledger (default 10; env HAZARD_LEDGER_LOCK_TIMEOUT)",
    );
  const asOfOption = () =>
    new Option(
      "--as-of <time>",
      "keep events that occurred at or before this RFC 3339 time; judge deadlines then",
    );
  const knownAtOption = () =>
    new Option("--known-at <time>", "keep events recorded at or before this RFC 3339 time");
  const formatOption = () => new Option("--format <format>", "json or text").default("text");
  const langOption = () => new Option("--lang <lang>", "zh or en").default("zh");
  const quietOption = () => new Option("--quiet", "no progress bar");
  const digestOption = () =>
    new Option(
      "--digest <file>",
      "read only the log prefix this digest (JSON printed earlier, or - for stdin) commits to, once proved unchanged",
    );
  const digestFlag = (o: CommonOpts) => (o.digest !== undefined ? { digest: o.digest } : {});
  const regionsOption = () =>
    new Option("--regions <file>", 'JSON {"code": "name"}: region names that override the dataset\'s');

  const cmd = new Command("hazard-ledger")
    .description(
      "Hazard ledgers (隐患台账) as an event-sourced engine: exact, reproducible, auditable figures.",
    )
    .version("0.1.0")
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: (s, write) =>
        write(
          `hazard-ledger: ${s
            .replace(/^error: /, "")
            .trim()
            .replace(/\s*\n\s*/g, " ")}\n`,
        ),
    });

  const act =
    <A extends unknown[]>(f: (...args: A) => Promise<number>) =>
    async (...args: A) => {
      exit.code = await f(...args);
    };
  const kit: CommandKit = {
    io,
    act,
    storeOption,
    tzOption,
    asOfOption,
    knownAtOption,
    langOption,
    quietOption,
  };

  cmd
    .command("demo")
    .description(
      "build a realistic sample ledger in the embedded store and print its report and overdue list",
    )
    .addOption(
      new Option("--store <dir>", `directory of the embedded store (default ${DEFAULT_STORE_DIR})`).env(
        "HAZARD_LEDGER_STORE",
      ),
    )
    .addOption(tzOption())
    .addOption(langOption())
    .addOption(quietOption())
    .option("--out <file>", "also write the year's workbook (XLSX) to this file")
    .action(
      act(async (o: CommonOpts & { out?: string }) =>
        demoCommand(io, {
          ...queryFlags(o),
          quiet: o.quiet === true,
          ...(o.out !== undefined ? { out: o.out } : {}),
        }),
      ),
    );

  cmd
    .command("import")
    .description(
      "validate an event log (NDJSON, FILE or - for stdin) through the rules and append it, all or nothing",
    )
    .argument("<file>", "the event log, or - for standard input")
    .addOption(storeOption())
    .addOption(tzOption())
    .addOption(quietOption())
    .addOption(lockTimeoutOption())
    .option("--check", "list every refused line (up to --limit) and write nothing")
    .option("--limit <n>", "with --check: stop after this many errors", "100")
    .option("--backfill", "allow lines recorded before the ledger's last commit (recorded as a backfill)")
    .action(
      act(async (file: string, o: CommonOpts & { check?: boolean; limit: string; backfill?: boolean }) =>
        importCommand(io, file, {
          ...(o.store !== undefined ? { store: o.store } : {}),
          tz: o.tz === undefined ? undefined : zoneFlag(o.tz),
          quiet: o.quiet === true,
          ...(o.check === true ? { check: { limit: limitFlag(o.limit) } } : {}),
          ...(o.lockTimeout !== undefined ? { lockTimeout: o.lockTimeout } : {}),
          backfill: o.backfill === true,
        }),
      ),
    );

  cmd
    .command("init")
    .description("create an empty ledger that keeps its time zone (and hash) for life")
    .addOption(storeOption())
    .addOption(tzOption())
    .option(
      "--hash <algorithm>",
      "the hash of its chains and digest: sha256 (default) or sm3 (GB/T 32905, 国密)",
    )
    .action(
      act(async (o: CommonOpts & { hash?: string }) =>
        initCommand(io, {
          ...(o.store !== undefined ? { store: o.store } : {}),
          tz: o.tz === undefined ? undefined : zoneFlag(o.tz),
          ...(o.hash !== undefined ? { hash: choiceFlag("--hash", o.hash, ["sha256", "sm3"] as const) } : {}),
        }),
      ),
    );

  cmd
    .command("export")
    .description("write the event log (NDJSON) with seq, recordedAt and the hash chain")
    .addOption(storeOption())
    .option("--hazard <id>", "only this hazard")
    .option(
      "--proof <file>",
      "with --hazard: write the proof that its events are in the ledger at its digest",
    )
    .addOption(asOfOption())
    .addOption(knownAtOption())
    .addOption(digestOption())
    .action(
      act(async (o: CommonOpts & { hazard?: string; proof?: string }) =>
        exportCommand(io, {
          ...digestFlag(o),
          ...(o.store !== undefined ? { store: o.store } : {}),
          ...(o.hazard !== undefined ? { hazard: o.hazard } : {}),
          ...(o.proof !== undefined ? { proof: proofFlag(o.hazard, o.proof) } : {}),
          ...(o.asOf !== undefined ? { asOf: instantFlag("--as-of", o.asOf) } : {}),
          ...(o.knownAt !== undefined ? { knownAt: instantFlag("--known-at", o.knownAt) } : {}),
        }),
      ),
    );

  cmd
    .command("overdue")
    .description("overdue rectification and supervision, most overdue first")
    .addOption(storeOption())
    .addOption(asOfOption())
    .addOption(knownAtOption())
    .option("--kind <kind>", "rectification or supervision")
    .addOption(new Option("--format <format>", "text, json, csv or xlsx").default("text"))
    .option("--out <file>", "write to this file (required for xlsx)")
    .addOption(langOption())
    .addOption(tzOption())
    .addOption(digestOption())
    .addOption(regionsOption())
    .action(
      act(async (o: CommonOpts & { kind?: string; out?: string }) =>
        overdueCommand(io, {
          ...queryFlags(o, TABLE_FORMATS),
          ...(o.out !== undefined ? { out: o.out } : {}),
          ...digestFlag(o),
          ...(o.kind !== undefined
            ? {
                kind: choiceFlag("--kind", o.kind, ["rectification", "supervision"] as const),
              }
            : {}),
        }),
      ),
    );

  cmd
    .command("status")
    .description("one hazard's closed-loop state")
    .argument("<id>", "hazard id")
    .addOption(storeOption())
    .addOption(asOfOption())
    .addOption(knownAtOption())
    .addOption(formatOption())
    .addOption(langOption())
    .addOption(tzOption())
    .addOption(regionsOption())
    .action(act(async (id: string, o: CommonOpts) => statusCommand(io, id, queryFlags(o))));

  cmd
    .command("history")
    .description("one hazard's timeline: both times, the actor, the status after each event and every field")
    .argument("<id>", "hazard id")
    .addOption(storeOption())
    .addOption(formatOption())
    .addOption(
      new Option("--lang <lang>", "en or zh (with the status after each event, money in 元)").default("en"),
    )
    .addOption(tzOption())
    .action(
      act(async (id: string, o: CommonOpts) =>
        historyCommand(io, id, {
          ...(o.store !== undefined ? { store: o.store } : {}),
          format: choiceFlag("--format", o.format, ["json", "text"] as const) ?? "text",
          lang: choiceFlag("--lang", o.lang, ["zh", "en"] as const) ?? "en",
          tz: o.tz === undefined ? undefined : zoneFlag(o.tz),
        }),
      ),
    );

  cmd
    .command("verify")
    .description(
      "check every record and hash chain, and with --digest that the log extends that digest; exit 1 names each break",
    )
    .addOption(storeOption())
    .option("--digest <file>", "a digest printed earlier (JSON, or - for stdin) the log must extend")
    .option("--public-key <file>", "the office's Ed25519 public key (PEM) that must have signed the digest")
    .action(
      act(async (o: CommonOpts & { digest?: string; publicKey?: string }) =>
        verifyCommand(io, {
          ...(o.store !== undefined ? { store: o.store } : {}),
          ...(o.digest !== undefined ? { digest: o.digest } : {}),
          ...(o.publicKey !== undefined ? { publicKey: o.publicKey } : {}),
        }),
      ),
    );

  cmd
    .command("digest")
    .description("print the ledger digest: a commitment to the whole log, its order and its hash chains")
    .addOption(storeOption())
    .addOption(formatOption())
    .option(
      "--with-leaves",
      "also list every event's hash, so a later verify --digest names the event that changed",
    )
    .option("--sign <file>", "sign the digest with the office's Ed25519 private key (PEM)")
    .action(
      act(async (o: CommonOpts & { withLeaves?: boolean; sign?: string }) =>
        digestCommand(io, {
          ...(o.store !== undefined ? { store: o.store } : {}),
          format: choiceFlag("--format", o.format, ["json", "text"] as const) ?? "text",
          withLeaves: o.withLeaves === true,
          ...(o.sign !== undefined ? { sign: o.sign } : {}),
        }),
      ),
    );

  registerReportCommand(cmd, kit);
  registerAppendCommand(cmd, kit);
  registerListCommand(cmd, kit);
  registerRectifiedLateCommand(cmd, kit);

  return cmd;
};

/**
 * Runs the CLI with `argv` (without node and the script) and returns the exit code:
 * 0 success, 1 rejected input or failed check, 2 usage error. Errors are one line on stderr.
 */
export const run = async (argv: readonly string[], io: CliIo): Promise<number> => {
  const exit = { code: 0 };
  try {
    const cli = program(io, exit);
    if (argv.length === 0) {
      cli.outputHelp({ error: true });
      return 2;
    }
    await cli.parseAsync([...argv], { from: "user" });
    return exit.code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (
        e.code === "commander.helpDisplayed" ||
        e.code === "commander.version" ||
        e.code === "commander.help"
      )
        return 0;
      // commander printed its one-line message through outputError already.
      return 2;
    }
    if (e instanceof UsageError) {
      io.stderr.write(`hazard-ledger: ${e.message}\n`);
      return 2;
    }
    if (e instanceof RejectedError) {
      io.stderr.write(`hazard-ledger: ${e.message}\n`);
      return 1;
    }
    const failure = storeFailure(e);
    if (failure !== undefined) {
      io.stderr.write(`hazard-ledger: ${failure.message}\n`);
      return failure.exit;
    }
    const err = e as NodeJS.ErrnoException;
    io.stderr.write(`hazard-ledger: ${err.message ?? String(e)}\n`);
    if (io.env["HAZARD_LEDGER_DEBUG"] !== undefined && err.stack !== undefined)
      io.stderr.write(err.stack + "\n");
    return 1;
  }
};
