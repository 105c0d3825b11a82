import { describe, expect, it } from "vitest";
import { documentationPages, regionOf, snippetsOf } from "./snippets.js";

// A page's code is either a region of a source file that tsc builds and a test runs, or it is
// not marked as one: a marked snippet that drifts from its source fails here.
const snippets = documentationPages().flatMap(snippetsOf);

describe("the snippets of the documentation", () => {
  it("include the getting-started page's (the checker finds what it checks)", () => {
    expect(snippets.filter((s) => s.page === "docs/getting-started.md").length).toBeGreaterThanOrEqual(5);
  });

  it.each(snippets.map((s) => [`${s.page}:${s.line} ${s.source}#${s.region}`, s] as const))(
    "%s shows its region word for word",
    (_, snippet) => {
      const region = regionOf(snippet.source, snippet.region);
      expect(region, `${snippet.source} has no region ${snippet.region}`).toBeDefined();
      expect(snippet.shown, `${snippet.page}:${snippet.line} differs from ${snippet.source}`).toBe(region);
    },
  );
});
