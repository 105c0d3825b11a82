export * from "./pools.js";
export * from "./reportData.js";
export * from "./stepMaterial.js";
export * from "./hazardCommand.js";
export * from "./commandSequence.js";
export * from "./ledger.js";
export type { CommandSetting } from "./commandBuilder.js";
