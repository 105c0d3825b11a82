import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { CalendarDate, type WorkingDayCalendar, formatErrors, weekdayCalendar } from "@hazard-ledger/core";
import * as t from "io-ts";

/*
 * The State Council's holiday arrangement (国务院办公厅关于部分节假日安排的通知), year by year
 * with its 调休 make-up working days, as the `chinese-days` package publishes it in its
 * documented JSON file: `holidays` (days off, by date) and `workdays` (weekend days worked
 * in lieu). A new arrangement arrives with a new release of the package, so the calendar's
 * version names the release and the years it covers.
 */

const DayTable = t.record(t.string, t.string);
const ChineseDaysJson = t.type({ holidays: DayTable, workdays: DayTable }, "chinese-days.json");
const PackageJson = t.type({ version: t.string }, "package.json");

const require = createRequire(import.meta.url);

const readJson = <A>(codec: t.Decoder<unknown, A>, path: string): A => {
  const decoded = codec.decode(JSON.parse(readFileSync(path, "utf8")));
  // A broken install is a programming-environment error, not a refused input.
  if (decoded._tag === "Left") throw new Error(`${path}: ${formatErrors(decoded.left)}`);
  return decoded.right;
};

const checkDays = (table: Record<string, string>, file: string): string[] => {
  const days = Object.keys(table);
  const bad = days.find((day) => !CalendarDate.is(day));
  if (bad !== undefined) throw new Error(`${file}: ${JSON.stringify(bad)} is not a date YYYY-MM-DD`);
  return days;
};

let loaded: WorkingDayCalendar | undefined;

/**
 * The working days of mainland China: Monday to Friday, except the State Council's holidays,
 * plus its make-up working days (调休上班, a Saturday or Sunday). From `chinese-days`; it
 * knows 1 January of its first year to 31 December of the last year published (2004–2026 in
 * release 1.5.7). Read once per process.
 */
export const stateCouncilCalendar = (): WorkingDayCalendar => {
  if (loaded !== undefined) return loaded;
  const dataFile = require.resolve("chinese-days/dist/chinese-days.json");
  const { version } = readJson(PackageJson, require.resolve("chinese-days/package.json"));
  const data = readJson(ChineseDaysJson, dataFile);
  const holidays = new Set(checkDays(data.holidays, dataFile));
  const workdays = new Set(checkDays(data.workdays, dataFile));
  const years = [...holidays, ...workdays].map((day) => day.slice(0, 4)).sort();
  const first = years[0];
  const last = years[years.length - 1];
  if (first === undefined || last === undefined) throw new Error(`${dataFile}: no holidays at all`);
  const weekdays = weekdayCalendar(`${first}-01-01`, `${last}-12-31`);
  loaded = {
    version: `chinese-days@${version} (State Council holiday arrangement ${first}–${last})`,
    firstDay: `${first}-01-01`,
    lastDay: `${last}-12-31`,
    isWorkingDay: (date) => workdays.has(date) || (!holidays.has(date) && weekdays.isWorkingDay(date)),
  };
  return loaded;
};
