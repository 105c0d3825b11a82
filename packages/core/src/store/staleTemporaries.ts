import { readdirSync, unlinkSync } from "node:fs";
import * as path from "node:path";

/** Whether process `pid` is alive on this machine (EPERM: it is, but not ours to signal). */
export const isProcessAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
};

/**
 * Removes the temporaries `FILE.PID.tmp` beside `file` left by processes that died between
 * writing and renaming them (killed, or the machine lost power). Each is as large as the file
 * it was to replace, and nothing else would ever remove it. A temporary of a process still
 * alive is left alone: it may be renamed in a moment. A reused pid only keeps a leftover a
 * little longer.
 */
export const removeStaleTemporaries = (file: string): void => {
  const dir = path.dirname(file);
  const prefix = `${path.basename(file)}.`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith(".tmp")) continue;
    const pid = Number(name.slice(prefix.length, -".tmp".length));
    if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid || isProcessAlive(pid)) continue;
    try {
      unlinkSync(path.join(dir, name));
    } catch {
      // Another process swept it first, or the directory is read-only: nothing is lost.
    }
  }
};
