import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it, vi } from "vitest";
import { gettingStarted } from "./gettingStarted.js";

const source = readFileSync(fileURLToPath(new URL("./gettingStarted.ts", import.meta.url)), "utf8");
const page = readFileSync(
  fileURLToPath(new URL("../../../docs/getting-started.md", import.meta.url)),
  "utf8",
);

/** The lines of `#region name`, without the indentation they have in the function. */
const region = (name: string): string => {
  const match = new RegExp(`// #region ${name}\\n([\\s\\S]*?)\\n\\s*// #endregion ${name}`).exec(source);
  if (match?.[1] === undefined) throw new Error(`no region ${name} in gettingStarted.ts`);
  const lines = match[1].split("\n");
  const indent = Math.min(...lines.filter((l) => l.trim() !== "").map((l) => /^ */.exec(l)![0].length));
  return lines.map((l) => l.slice(indent)).join("\n");
};

const dir = mkdtempSync(join(tmpdir(), "hazard-ledger-getting-started-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("docs/getting-started.md", () => {
  it.each(["imports", "decide", "refuse", "handle", "query"])("shows the region %s word for word", (name) => {
    expect(page, `docs/getting-started.md lacks the code of region ${name}`).toContain(
      "```ts\n" + region(name) + "\n```",
    );
  });

  it("runs as the page says", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    const tour = await gettingStarted(join(dir, "ledger"));
    log.mockRestore();
    expect(tour.refusal).toBe("HAZARD_NOT_FOUND");
    expect(tour.statusAfterAssignment).toBe("rectifying");
    // Deadline 2023-03-15, as of 2023-04-01: 17 days overdue.
    expect(tour.overdue).toEqual(["HZ-2023-000001 rectification 17"]);
    expect(tour.rate).toBe(0);
    expect(tour.reportText).toContain("排查隐患1处");
  });
});
