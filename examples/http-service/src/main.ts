import * as E from "fp-ts/lib/Either.js";
import { startLedgerServer } from "./ledgerServer.js";
import { openConfiguredStore, serviceConfig } from "./serviceConfig.js";

const config = serviceConfig(process.argv.slice(2), process.env);
if (E.isLeft(config)) {
  console.error(config.left);
  process.exit(2);
}
const { store: location, host, port, timeZone } = config.right;
/** Ends the process with one line on stderr: a store that cannot be opened, a port in use. */
const fail = (what: string) => (e: unknown) => {
  console.error(`${what}: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
};
const store = await openConfiguredStore(location).catch(fail(`store ${location}`));
const running = await startLedgerServer({ store, host, port, timeZone }).catch(
  fail(`listen ${host}:${port}`),
);
console.log(`hazard ledger service on ${running.url} (store: ${location}, zone: ${timeZone})`);

const stop = async (signal: string) => {
  console.log(`${signal}: stopping`);
  await running.close();
  await store.close();
};
process.once("SIGINT", () => void stop("SIGINT"));
process.once("SIGTERM", () => void stop("SIGTERM"));
