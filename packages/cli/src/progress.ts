import cliProgress from "cli-progress";
import type { CliIo } from "./io.js";

/** A progress display for long work: a bar on a terminal's stderr, nothing otherwise. */
export interface Progress {
  update(done: number): void;
  stop(): void;
}

const silent: Progress = { update: () => undefined, stop: () => undefined };

/** A bar on stderr when stderr is a terminal and `--quiet` was not given. */
export const progressBar = (io: CliIo, quiet: boolean, label: string, total: number): Progress => {
  if (quiet || io.stderr.isTTY !== true) return silent;
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total}`,
      stream: io.stderr as NodeJS.WriteStream,
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return { update: (done) => bar.update(done), stop: () => bar.stop() };
};
