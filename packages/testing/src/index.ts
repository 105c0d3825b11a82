export * from "./conformance/describeEventStoreConformance.js";
export * from "./conformance/sampleEvents.js";
export {};
export * from "./arbitraries/index.js";
