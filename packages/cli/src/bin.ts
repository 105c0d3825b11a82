import { run } from "./run.js";

// A reader that stopped early (`export | head`) closes the pipe: that ends the command, as it
// ends `cat` or `git log`, and is no failure of ours to report with a stack trace. Anything the
// command was writing to the ledger was committed before its output began.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(0);
  throw e;
});

process.exitCode = await run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  now: () => new Date(),
  env: process.env,
  cwd: process.cwd(),
});
