import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// docs/guides/property-tests.md shows only code that compiles and runs: every `ts` block of
// the page is a region of propertyTestsGuide.test.ts, word for word.

const source = readFileSync(fileURLToPath(new URL("./propertyTestsGuide.test.ts", import.meta.url)), "utf8");
const page = readFileSync(
  fileURLToPath(new URL("../../../docs/guides/property-tests.md", import.meta.url)),
  "utf8",
);

const REGIONS = ["policy-property", "more-imports", "near-valid", "given-when-then", "model", "conformance"];

/** The lines of `#region name` in the test file. */
const region = (name: string): string => {
  const match = new RegExp(`// #region ${name}\\n([\\s\\S]*?)\\n// #endregion ${name}`).exec(source);
  if (match?.[1] === undefined) throw new Error(`no region ${name} in propertyTestsGuide.test.ts`);
  return match[1];
};

describe("docs/guides/property-tests.md", () => {
  it.each(REGIONS)("shows the region %s word for word", (name) => {
    expect(page, `docs/guides/property-tests.md lacks the code of region ${name}`).toContain(
      "```ts\n" + region(name) + "\n```",
    );
  });

  it("shows no other code", () => {
    const blocks = [...page.matchAll(/```ts\n([\s\S]*?)\n```/g)].map((m) => m[1]);
    expect(blocks).toEqual(REGIONS.map(region));
  });

  it("packages/testing/README.md shows the policy's property test word for word", () => {
    const readme = readFileSync(
      fileURLToPath(new URL("../../../packages/testing/README.md", import.meta.url)),
      "utf8",
    );
    expect(readme).toContain("```ts\n" + region("policy-property") + "\n```");
  });

  it("tests a policy of one's own in under 20 lines", () => {
    expect(region("policy-property").split("\n").length).toBeLessThan(20);
  });
});
