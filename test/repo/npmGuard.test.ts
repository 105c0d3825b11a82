import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");
const scratch = mkdtempSync(join(tmpdir(), "hl-npm-guard-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// A newcomer's first reflex on a machine with Node alone is `npm install`. It used to end in
// `EUNSUPPORTEDPROTOCOL workspace:` with no word of pnpm.
describe("a plain npm install at the root", () => {
  it("is refused with the command to run instead, before anything is installed", () => {
    for (const file of ["package.json", ".npmrc"]) copyFileSync(join(root, file), join(scratch, file));
    const npm = spawnSync("npm", ["install", "--ignore-scripts", "--no-audit", "--no-fund"], {
      cwd: scratch,
      encoding: "utf8",
      // As from a bare shell: pnpm, which runs this suite, passes its own npm_config_* down.
      env: Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k))),
    });
    expect(npm.error, "npm must be on PATH beside node").toBeUndefined();
    expect(npm.status).not.toBe(0);
    expect(npm.stderr).not.toMatch(/EUNSUPPORTEDPROTOCOL/);
    expect(npm.stderr).toMatch(/npm install -g pnpm@10, then pnpm install/);
  });

  it("finds no workspace: range in package.json (npm stops at one before it reads engines)", () => {
    const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
      devDependencies?: Record<string, string>;
      dependencies?: Record<string, string>;
    };
    const ranges = Object.values({ ...manifest.dependencies, ...manifest.devDependencies });
    expect(ranges.filter((r) => r.startsWith("workspace:"))).toEqual([]);
  });
});
