import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { eventCatalogueMarkdown } from "./eventCatalogue.js";

const docs = (name: string) => fileURLToPath(new URL(`../../docs/${name}`, import.meta.url));
const sharedSpec = fileURLToPath(new URL("../../../shared/spec/interchange.md", import.meta.url));

describe("docs/event-log.md", () => {
  it("names every event type and every field the codecs decode", () => {
    const page = eventCatalogueMarkdown();
    expect(page).toContain("### `HazardReported`");
    expect(page).toContain("| `data.unit.name` | yes |");
    expect(page).toContain("| `data.level` | yes | one of `general`, `major` |");
    expect(page).toContain("| `data.fineFen` | no | money: a non-negative whole number of fen");
  });

  it("is the page the codecs generate today", () => {
    const generated = eventCatalogueMarkdown();
    if (process.env["UPDATE_DOCS"] === "1") writeFileSync(docs("event-log.md"), generated);
    expect(
      readFileSync(docs("event-log.md"), "utf8"),
      "docs/event-log.md is stale: UPDATE_DOCS=1 pnpm exec vitest run test/docs",
    ).toBe(generated);
  });
});

describe("docs/interchange.md", () => {
  // The binding contract is kept beside the repository (../shared/spec); the copy in docs/ is
  // what a user of the repository reads, and must not drift from it.
  it.runIf(existsSync(sharedSpec))("is the binding contract, word for word", () => {
    expect(
      readFileSync(docs("interchange.md"), "utf8"),
      "docs/interchange.md differs from ../shared/spec/interchange.md: copy the binding contract",
    ).toBe(readFileSync(sharedSpec, "utf8"));
  });
});
