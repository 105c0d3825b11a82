import * as E from "fp-ts/lib/Either.js";

/** What a location names: the in-memory store, an EventStoreDB/KurrentDB server, or a directory. */
export type StoreLocation =
  | { readonly kind: "memory" }
  | { readonly kind: "eventstoredb"; readonly connection: string }
  | { readonly kind: "file"; readonly dir: string };

/** Why a text names no store at all: it is empty, or it has a scheme no store speaks. */
export interface InvalidLocation {
  readonly code: "INVALID_LOCATION";
  readonly reason: "empty" | "unknown_scheme";
  readonly message: string;
}

/** The connection-string schemes of EventStoreDB and KurrentDB clients. */
const ESDB = /^(esdb|esdb\+discover|kurrentdb|kurrentdb\+discover|kurrent|kurrent\+discover):\/\//;

/**
 * What a location names: `memory:` the in-memory store, an `esdb://` or `kurrentdb://` (and
 * `+discover`) connection string a server, anything else without a scheme a directory (a
 * Windows drive letter is a path, not a scheme). Relative directories stay relative: resolve
 * them against the directory you mean.
 */
export const parseStoreLocation = (location: string): E.Either<InvalidLocation, StoreLocation> => {
  if (location.trim() === "")
    return E.left({ code: "INVALID_LOCATION", reason: "empty", message: "an empty location names no store" });
  if (location === "memory:") return E.right({ kind: "memory" });
  if (ESDB.test(location)) return E.right({ kind: "eventstoredb", connection: location });
  if (/^[a-z][a-z0-9+.-]*:/i.test(location) && !/^[a-z]:[\\/]/i.test(location))
    return E.left({
      code: "INVALID_LOCATION",
      reason: "unknown_scheme",
      message: `${JSON.stringify(location)} is not a directory, "memory:" or an esdb:// connection string`,
    });
  return E.right({ kind: "file", dir: location });
};
