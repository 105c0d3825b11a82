export * from "./conformance/describeEventStoreConformance.js";
export * from "./samples/sampleEvents.js";
export {};
export * from "./arbitraries/index.js";
