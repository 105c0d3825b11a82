export * from "./conformance/describeEventStoreConformance.js";
export { describeAppendConformance } from "./conformance/appendConformance.js";
export { describeBatchConformance } from "./conformance/batchConformance.js";
export { describeReadConformance } from "./conformance/readConformance.js";
export { describeSubscriptionConformance } from "./conformance/subscriptionConformance.js";
export { describeCommitTimeConformance } from "./conformance/commitTimeConformance.js";
export { describeLedgerConformance } from "./conformance/ledgerConformance.js";
export * from "./samples/sampleEvents.js";
export * from "./arbitraries/index.js";
