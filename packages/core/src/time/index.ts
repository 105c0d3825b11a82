export * from "./calendarDate.js";
export * from "./instant.js";
