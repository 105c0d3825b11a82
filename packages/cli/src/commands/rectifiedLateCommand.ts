import { type Lang, renderRectifiedLate } from "@hazard-ledger/projections";
import { type Command, Option } from "commander";
import type { CommandKit } from "../commandKit.js";
import type { CliIo } from "../io.js";
import { choiceFlag, instantFlag, zoneFlag } from "../options.js";
import { openForRead, zoneOf } from "../storeLocation.js";
import { orFail } from "./queryCommands.js";
import { resumeReadModel } from "./readModel.js";

export interface RectifiedLateFlags {
  readonly store?: string;
  /** `--tz` as given; undefined: the ledger's zone. */
  readonly tz: string | undefined;
  readonly asOf?: string;
  readonly knownAt?: string;
  readonly format: "text" | "json";
  readonly lang: Lang;
}

/** `rectified-late`: the hazards rectified after their deadline (超期已整改), latest first. */
export const rectifiedLateCommand = async (io: CliIo, flags: RectifiedLateFlags): Promise<number> => {
  const opened = await openForRead(flags.store, io);
  const tz = zoneOf(opened, flags.tz);
  try {
    const asOf = flags.asOf ?? io.now().toISOString();
    const knownAt = flags.knownAt ?? null;
    // From the read model and the log's tail (a past instant reads only the hazards it cuts).
    const items = orFail(
      await (await resumeReadModel(opened)).runner.rectifiedLate({ timeZone: tz, asOf, knownAt }),
    );
    io.stdout.write(
      renderRectifiedLate(items, {
        format: flags.format,
        lang: flags.lang,
        asOf,
        knownAt,
        timeZone: tz,
      }),
    );
    return 0;
  } finally {
    await opened.store.close();
  }
};

/** Registers `rectified-late` on the program. */
export const registerRectifiedLateCommand = (cmd: Command, kit: CommandKit): void => {
  cmd
    .command("rectified-late")
    .description("hazards rectified after their deadline (超期已整改), most days late first")
    .addOption(kit.storeOption())
    .addOption(kit.asOfOption())
    .addOption(kit.knownAtOption())
    .addOption(new Option("--format <format>", "json or text").default("text"))
    .addOption(kit.langOption())
    .addOption(kit.tzOption())
    .action(
      kit.act(
        async (o: {
          store?: string;
          tz?: string;
          asOf?: string;
          knownAt?: string;
          format: string;
          lang: string;
        }) =>
          rectifiedLateCommand(kit.io, {
            ...(o.store !== undefined ? { store: o.store } : {}),
            tz: o.tz === undefined ? undefined : zoneFlag(o.tz),
            ...(o.asOf !== undefined ? { asOf: instantFlag("--as-of", o.asOf) } : {}),
            ...(o.knownAt !== undefined ? { knownAt: instantFlag("--known-at", o.knownAt) } : {}),
            format: choiceFlag("--format", o.format, ["json", "text"] as const) ?? "text",
            lang: choiceFlag("--lang", o.lang, ["zh", "en"] as const) ?? "zh",
          }),
      ),
    );
};
