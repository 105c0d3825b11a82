import * as t from "io-ts";

/**
 * An object codec with required and optional properties that strips unknown keys, so
 * what is stored (and hashed) is exactly what the contract names.
 */
export const struct = <R extends t.Props, O extends t.Props>(name: string, required: R, optional: O) =>
  t.exact(t.intersection([t.type(required), t.partial(optional)]), name);
