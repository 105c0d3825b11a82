import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join, relative, resolve } from "node:path";

/** The repository's root, where every snippet's source path starts. */
export const repoRoot = resolve(import.meta.dirname, "../..");

/**
 * A code block of a page that claims to be a region of a compiled, tested source file:
 * the line `<!-- snippet: examples/x/src/file.ts#name -->` right above a fenced block (a blank line between allowed).
 */
export interface Snippet {
  /** The page, relative to the repository's root. */
  readonly page: string;
  /** Its 1-based line in the page. */
  readonly line: number;
  readonly source: string;
  readonly region: string;
  /** The code the page shows. */
  readonly shown: string;
}

// Prettier puts a blank line between the comment and the block: one is allowed, no more.
const MARKER = /^<!-- snippet: ([^#\s]+)#([\w-]+) -->\n\n?```\w*\n([\s\S]*?)\n```/gm;

/** Every snippet a page claims, in page order. */
export const snippetsOf = (page: string): Snippet[] => {
  const text = readFileSync(join(repoRoot, page), "utf8");
  return [...text.matchAll(MARKER)].map((m) => ({
    page,
    line: text.slice(0, m.index).split("\n").length,
    source: m[1] as string,
    region: m[2] as string,
    shown: m[3] as string,
  }));
};

/**
 * The lines between `// #region name` and `// #endregion name` of a source file, without the
 * indentation they share (so a region inside a function reads as it would at top level).
 * Undefined when the file has no such region.
 */
export const regionOf = (source: string, name: string): string | undefined => {
  const text = readFileSync(join(repoRoot, source), "utf8");
  const match = new RegExp(`// #region ${name}\\n([\\s\\S]*?)\\n[ \\t]*// #endregion ${name}\\b`).exec(text);
  if (match?.[1] === undefined) return undefined;
  const lines = match[1].split("\n");
  const indent = Math.min(...lines.filter((l) => l.trim() !== "").map((l) => /^ */.exec(l)?.[0].length ?? 0));
  return lines.map((l) => l.slice(indent)).join("\n");
};

/** The pages that may hold snippets: docs/ (any depth) and every README. */
export const documentationPages = (): string[] => {
  const pages: string[] = ["README.md"];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(join(repoRoot, dir), { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".md")) pages.push(path);
    }
  };
  walk("docs");
  for (const group of ["packages", "examples"])
    for (const entry of readdirSync(join(repoRoot, group), { withFileTypes: true })) {
      const readme = join(group, entry.name, "README.md");
      if (entry.isDirectory() && existsSync(join(repoRoot, readme))) pages.push(readme);
    }
  return pages.map((p) => relative(repoRoot, join(repoRoot, p)));
};
