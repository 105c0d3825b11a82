import type { CliIo } from "./io.js";

/**
 * Writes many lines to stdout in large chunks, waiting for the stream to drain when it asks
 * to, so exporting millions of events neither floods memory nor crawls.
 */
export const lineWriter = (io: CliIo) => {
  const out = io.stdout as { write(s: string): boolean; once?: (e: "drain", f: () => void) => unknown };
  let buffer: string[] = [];
  let size = 0;
  const flush = async (): Promise<void> => {
    if (buffer.length === 0) return;
    const chunk = buffer.join("");
    buffer = [];
    size = 0;
    if (!out.write(chunk) && out.once !== undefined) await new Promise<void>((r) => out.once?.("drain", r));
  };
  return {
    async line(s: string): Promise<void> {
      buffer.push(s, "\n");
      size += s.length + 1;
      if (size >= 1 << 20) await flush();
    },
    flush,
  };
};
