export * from "./eventData.js";
export * from "./hazardEvent.js";
export * from "./eventLogLine.js";
