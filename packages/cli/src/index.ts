/**
 * @packageDocumentation
 * The `hazard-ledger` command line, also callable in-process with {@link run}.
 */
export { run } from "./run.js";
export type { CliIo } from "./io.js";
export { buildDemoLedger } from "./demo/demoLedger.js";
