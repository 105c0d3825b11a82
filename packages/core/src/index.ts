/**
 * @packageDocumentation
 * The hazard ledger core: the event and command codecs of the interchange contract, the
 * hazard decider, the event store contract with its in-memory store, the per-hazard hash
 * chain, upcasting, and the command handler. Pure: no clock, file or network is touched here
 * except by the stores, and time comes in as an argument.
 */
export * from "./codecs/index.js";
export * from "./time/index.js";
export * from "./events/index.js";
export * from "./commands/hazardCommand.js";
export * from "./decider/hazardState.js";
export * from "./decider/evolve.js";
export * from "./decider/decider.js";
export * from "./store/eventStore.js";
export * from "./store/ledgerSettings.js";
export * from "./store/appendChecks.js";
export * from "./store/commandReplay.js";
export * from "./store/batchSource.js";
export * from "./store/catchUpSubscription.js";
export * from "./store/settle.js";
export * from "./store/storeDigest.js";
export * from "./store/inMemoryEventStore.js";
export * from "./handling/commandHandler.js";
export * from "./handling/hazardCommandHandler.js";
export * from "./hashing/hashChain.js";
export * from "./hashing/canonicalEvent.js";
export * from "./digest/index.js";
export * from "./upcasting/schemaVersions.js";
export * from "./decider/domainError.js";
export * from "./decider/policy.js";
export * from "./decider/eventOfCommand.js";
export * from "./decider/decide.js";
export * from "./decider/hazardDecider.js";
export * from "./commands/commandOfEvent.js";
export * from "./import/importEventLog.js";
export * from "./text/index.js";
export * from "./import/checkEventLog.js";
