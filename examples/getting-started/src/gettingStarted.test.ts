import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { gettingStarted } from "./gettingStarted.js";

const dir = mkdtempSync(join(tmpdir(), "hazard-ledger-getting-started-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// The page shows this file's regions word for word: test/docs/snippets.test.ts checks them.
describe("docs/getting-started.md", () => {
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
