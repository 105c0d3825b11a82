import type { Option } from "commander";
import type { CliIo } from "./io.js";

/**
 * What a command's registration needs from the program: the world it runs in, the wrapper
 * that records an action's exit code, and the options every command spells the same way.
 * Each command registers itself in its own module, so the program lists commands, not flags.
 */
export interface CommandKit {
  readonly io: CliIo;
  readonly act: <A extends unknown[]>(f: (...args: A) => Promise<number>) => (...args: A) => Promise<void>;
  readonly storeOption: () => Option;
  readonly tzOption: () => Option;
  readonly asOfOption: () => Option;
  readonly knownAtOption: () => Option;
  readonly langOption: () => Option;
  readonly quietOption: () => Option;
}
