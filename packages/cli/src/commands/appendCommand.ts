import { text } from "node:stream/consumers";
import {
  type NewHazardEvent,
  commandOfEvent,
  decideContext,
  decodeEventLogLine,
  hazardCommandHandler,
  toEventLogLine,
} from "@hazard-ledger/core";
import { isLeft } from "fp-ts/lib/Either.js";
import { type Command, Option } from "commander";
import type { CommandKit } from "../commandKit.js";
import { type CliIo, RejectedError, UsageError } from "../io.js";
import { choiceFlag, zoneFlag } from "../options.js";
import { openForWrite } from "../storeLocation.js";

export interface AppendFlags {
  readonly store?: string;
  /** `--tz` as given; undefined: the ledger's zone (a new ledger: the default). */
  readonly tz: string | undefined;
  readonly format: "text" | "json";
}

/** Fields the store sets when it decides an event now: an `append` input may not carry them. */
const STORE_FIELDS = ["seq", "recordedAt", "prevHash", "hash", "schemaVersion"] as const;

/** The inputs, each a parsed JSON value with where it came from ("event 2", "line 3"). */
const parseInput = (source: string, raw: string): { where: string; value: unknown }[] => {
  const body = raw.replace(/^\uFEFF/, "").trim();
  if (body === "") throw new RejectedError(`append: ${source}: no event given`);
  // One JSON value (an event or an array of events), else NDJSON, one event a line.
  try {
    const value: unknown = JSON.parse(body);
    const values = Array.isArray(value) ? (value as unknown[]) : [value];
    return values.map((v, i) => ({ where: `${source}: event ${i + 1}`, value: v }));
  } catch {
    return body.split(/\r?\n/).flatMap((line, i) => {
      if (line.trim() === "") return [];
      try {
        return [{ where: `${source}: line ${i + 1}`, value: JSON.parse(line) as unknown }];
      } catch (e) {
        throw new RejectedError(`append: ${source}: line ${i + 1}: broken JSON: ${(e as Error).message}`);
      }
    });
  }
};

/** Decodes every input once, at the boundary, before anything is decided. */
const decodeAll = (
  inputs: readonly { where: string; value: unknown }[],
): { where: string; event: NewHazardEvent }[] =>
  inputs.map(({ where, value }) => {
    if (value !== null && typeof value === "object")
      for (const field of STORE_FIELDS)
        if (field in value)
          throw new RejectedError(
            `append: ${where}: ${field}: set by the store when the event is decided now (import takes a log that carries it)`,
          );
    const decoded = decodeEventLogLine(value);
    if (isLeft(decoded)) throw new RejectedError(`append: ${where}: ${decoded.left}`);
    return { where, event: decoded.right.event };
  });

/**
 * `append [EVENT_JSON|-]`: one or more events (import lines without seq or recordedAt),
 * each decided now through the command handler as a live command and stored, in the order
 * given. Every input is decoded before any is decided; a refusal stops there with the rule's
 * code and message (exit 1), the events before it stay stored (each is its own command), and
 * a repeated commandId is a no-op.
 */
export const appendCommand = async (
  io: CliIo,
  input: string | undefined,
  flags: AppendFlags,
): Promise<number> => {
  if (input === undefined)
    throw new UsageError("append: give an event as JSON, or - to read events from stdin");
  const source = input === "-" ? "stdin" : "argument";
  const raw = input === "-" ? await text(io.stdin) : input;
  const events = decodeAll(parseInput(source, raw));
  const opened = await openForWrite(flags.store, io, { tz: flags.tz, createdBy: "append" });
  try {
    const handle = hazardCommandHandler(opened.store);
    const stored: unknown[] = [];
    for (const [i, { where, event }] of events.entries()) {
      const result = await handle(
        commandOfEvent(event),
        decideContext(io.now().toISOString(), { timeZone: opened.ledger.timeZone }),
      );
      if (isLeft(result)) {
        if (flags.format === "json" && stored.length > 0) io.stdout.write(`${JSON.stringify(stored)}\n`);
        const kept = i === 0 ? "nothing was stored" : `the ${i} before it ${i === 1 ? "was" : "were"} stored`;
        throw new RejectedError(
          `append: ${where} (${event.hazardId} ${event.type}): ${result.left.code}: ${result.left.message}; ${kept}`,
        );
      }
      const handled = result.right;
      if (!handled.idempotentReplay && handled.events.length > 0) await opened.keepSettings();
      for (const e of handled.events) {
        if (flags.format === "json") stored.push(JSON.parse(toEventLogLine(e)));
        else if (handled.idempotentReplay)
          io.stdout.write(
            `${e.hazardId} seq ${e.seq} ${e.type}: commandId ${e.commandId ?? ""} already recorded, nothing written\n`,
          );
        else io.stdout.write(`${e.hazardId} seq ${e.seq} ${e.type} recorded ${e.recordedAt}\n`);
      }
    }
    if (flags.format === "json") io.stdout.write(`${JSON.stringify(stored)}\n`);
    return 0;
  } finally {
    await opened.store.close();
  }
};

/** Registers `append` on the program. */
export const registerAppendCommand = (cmd: Command, kit: CommandKit): void => {
  cmd
    .command("append")
    .description(
      "decide and store events now, as live commands (JSON: an event, an array, or - for NDJSON on stdin; no seq or recordedAt)",
    )
    .argument("[event]", "an event as JSON, or - to read events from standard input")
    .addOption(kit.storeOption())
    .addOption(kit.tzOption())
    .addOption(new Option("--format <format>", "json or text").default("text"))
    .action(
      kit.act(async (event: string | undefined, o: { store?: string; tz?: string; format: string }) =>
        appendCommand(kit.io, event, {
          ...(o.store !== undefined ? { store: o.store } : {}),
          tz: o.tz === undefined ? undefined : zoneFlag(o.tz),
          format: choiceFlag("--format", o.format, ["json", "text"] as const) ?? "text",
        }),
      ),
    );
};
