export * from "./calendarDate.js";
export * from "./instant.js";
export * from "./workingDays.js";
