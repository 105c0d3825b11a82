export * from "./primitives.js";
export * from "./struct.js";
export * from "./formatErrors.js";
export * from "./stringCodec.js";
