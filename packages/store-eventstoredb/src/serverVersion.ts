/** The oldest server the store works with: events read from a stream carry their `$all` position from 22.6 on. */
export const MINIMUM_SERVER_VERSION = "22.6.0";

/**
 * The server is older than the store supports. Before 22.6 an append would be written and
 * then fail when read back (no position), so the store refuses such a server before writing.
 */
export class EventStoreDBServerVersionError extends Error {
  override readonly name = "EventStoreDBServerVersionError";
  /** A stable code, as every error of the ledger has. */
  readonly code = "SERVER_VERSION_UNSUPPORTED";
}

/** What `EventStoreDBClient` 6 keeps of the server's `ServerFeatures` answer. */
interface ClientWithServerFeatures {
  readonly capabilities: Promise<{ readonly serverVersion: string }>;
}

const hasServerFeatures = (client: object): client is ClientWithServerFeatures => "capabilities" in client;

/** Whether `version` (`major.minor.patch`) is at least `minimum`. */
export const isAtLeastVersion = (version: string, minimum: string): boolean => {
  const parts = (v: string) => v.split(".").map((x) => Number.parseInt(x, 10));
  const [a, b] = [parts(version), parts(minimum)];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (Number.isNaN(d)) return false;
    if (d !== 0) return d > 0;
  }
  return true;
};

/**
 * The server's version as the client learnt it from `ServerFeatures.GetSupportedMethods`
 * (a call the client makes anyway, and caches, to choose between append and batch append);
 * `"unknown"` for a server without that service (before 21.10); `undefined` for a client of
 * the caller's own that does not say (a test double): such a client is not checked.
 */
export const serverVersionOf = async (client: object): Promise<string | undefined> =>
  hasServerFeatures(client) ? (await client.capabilities).serverVersion : undefined;

/** Rejects with {@link EventStoreDBServerVersionError} when the client's server is older than 22.6. */
export const checkServerVersion = async (client: object): Promise<void> => {
  const version = await serverVersionOf(client);
  if (version === undefined || isAtLeastVersion(version, MINIMUM_SERVER_VERSION)) return;
  const which =
    version === "unknown"
      ? "the server does not report its version (it has no ServerFeatures service, so it is older than 21.10)"
      : `the server is EventStoreDB ${version}`;
  throw new EventStoreDBServerVersionError(
    `EventStoreDB: ${which}; this store needs EventStoreDB 22.6 or later, or KurrentDB (before 22.6 events read from a stream carry no $all position, so every append would be written and then fail to read back)`,
  );
};
