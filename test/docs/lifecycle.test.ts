import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { exploreLifecycle, lifecycleMarkdown } from "./lifecycleDiagram.js";

const page = fileURLToPath(new URL("../../docs/lifecycle.md", import.meta.url));

describe("docs/lifecycle.md", () => {
  const edges = exploreLifecycle();

  it("finds the main path of domain.md among the decider's steps", () => {
    const step = (from: string, command: string, to: string) =>
      edges.some((e) => e.from === from && e.command === command && e.to === to);
    expect(step("[*]", "ReportHazard", "reported")).toBe(true);
    expect(step("reported", "AssignRectification", "rectifying")).toBe(true);
    expect(step("rectifying", "CompleteRectification", "pending_acceptance")).toBe(true);
    expect(step("pending_acceptance", "AcceptRectification", "accepted")).toBe(true);
    expect(step("accepted", "CloseHazard", "closed")).toBe(true);
    expect(step("closed", "ReopenHazard", "rectifying")).toBe(true);
    // Voiding is possible until acceptance, never after.
    expect(step("accepted", "VoidHazard", "voided")).toBe(false);
  });

  it("is the page the rules generate today", () => {
    const generated = lifecycleMarkdown(edges);
    if (process.env["UPDATE_DOCS"] === "1") writeFileSync(page, generated);
    expect(
      readFileSync(page, "utf8"),
      "docs/lifecycle.md is stale: UPDATE_DOCS=1 pnpm exec vitest run test/docs",
    ).toBe(generated);
  });
});
