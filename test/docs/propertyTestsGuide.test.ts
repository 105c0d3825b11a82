import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { regionOf, repoRoot, snippetsOf } from "./snippets.js";

// The guide to the testing kit shows only code that runs: snippets.test.ts checks each marked
// block word for word; here, that no block goes unmarked and that the promise of its first
// section (a policy's property test in under 20 lines) is kept.
const PAGE = "docs/guides/property-tests.md";

describe(PAGE, () => {
  it("marks every ts block as a snippet of a tested file", () => {
    const blocks = [...readFileSync(join(repoRoot, PAGE), "utf8").matchAll(/^```ts\n/gm)].length;
    expect(snippetsOf(PAGE)).toHaveLength(blocks);
    expect(blocks).toBeGreaterThanOrEqual(6);
  });

  it("tests a policy of one's own in under 20 lines", () => {
    const [first] = snippetsOf(PAGE);
    expect(first?.region).toBe("policy-property");
    const region = regionOf(first?.source ?? "", "policy-property");
    expect(region?.split("\n").length).toBeLessThan(20);
  });
});
