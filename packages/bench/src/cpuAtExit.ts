/**
 * Preloaded into a measured child (`node --import cpuAtExit.js script`): at exit it writes the
 * process's CPU time (user + system, every thread, start-up included) as the last line of
 * stderr, so a figure of a fresh process can be given per CPU-second as well as by the wall
 * clock (steadier on a shared machine).
 */
import { CPU_LINE } from "./childProcess.js";

process.on("exit", () => {
  const used = process.cpuUsage();
  process.stderr.write(`\n${CPU_LINE}${(used.user + used.system) / 1000}\n`);
});
