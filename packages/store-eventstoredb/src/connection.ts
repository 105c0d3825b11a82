import {
  type ChannelCredentialOptions,
  type Credentials,
  type DNSClusterOptions,
  EventStoreDBClient,
  type GossipClusterOptions,
  type NodePreference,
  type SingleNodeOptions,
} from "@eventstore/db-client";
import type { EventStoreDBClientSeam } from "./clientSeam.js";

/**
 * Client settings that a connection string can carry, passed through to the client:
 * keep-alive, deadlines, TLS, discovery. Given beside a connection string, each overrides the
 * same setting in the string's query (`?tls=false&keepAliveInterval=10000`).
 */
export interface EventStoreDBClientOptions {
  /** Milliseconds between keep-alive pings; -1 disables them. Client default 10 000. */
  readonly keepAliveInterval?: number;
  /** Milliseconds to wait for a keep-alive acknowledgement. Client default 10 000. */
  readonly keepAliveTimeout?: number;
  /** The gRPC deadline of each call, in milliseconds. Client default 10 000. */
  readonly defaultDeadline?: number;
  /** `false` for a server started with `--insecure`. Client default `true`. */
  readonly tls?: boolean;
  readonly tlsVerifyCert?: boolean;
  /** A CA certificate file (PEM), for a server whose certificate is self-signed. */
  readonly tlsCAFile?: string;
  /** An X.509 user certificate and its key (PEM), for certificate authentication. */
  readonly userCertFile?: string;
  readonly userKeyFile?: string;
  readonly connectionName?: string;
  readonly nodePreference?: NodePreference;
  readonly maxDiscoverAttempts?: number;
  readonly discoveryInterval?: number;
  readonly gossipTimeout?: number;
}

/** How the adapter reaches the server. */
export type EventStoreDBConnection =
  /** An `esdb://` or `esdb+discover://` connection string; `kurrentdb://` and `kurrent://` are read as `esdb://`. */
  | { readonly connectionString: string; readonly clientOptions?: EventStoreDBClientOptions }
  /** The client constructor's own arguments: a single node, a gossip seed list or DNS discovery. */
  | {
      readonly connectionSettings: SingleNodeOptions | GossipClusterOptions | DNSClusterOptions;
      readonly channelCredentials?: ChannelCredentialOptions;
      readonly defaultUserCredentials?: Credentials;
    }
  /** A client the caller made and owns: the store never disposes it. */
  | { readonly client: EventStoreDBClientSeam };

/** How clients are made; the default is `EventStoreDBClient` itself. */
export interface EventStoreDBClientFactory {
  /** A client for an `esdb://` / `kurrentdb://` connection string. */
  fromConnectionString(connectionString: string): EventStoreDBClientSeam;
  /** A client for a single node, a gossip seed list or DNS discovery, with credentials. */
  fromSettings(
    settings: SingleNodeOptions | GossipClusterOptions | DNSClusterOptions,
    channelCredentials?: ChannelCredentialOptions,
    defaultUserCredentials?: Credentials,
  ): EventStoreDBClientSeam;
}

/** The factory of real clients: `EventStoreDBClient` of `@eventstore/db-client`. */
export const defaultClientFactory: EventStoreDBClientFactory = {
  fromConnectionString: (connectionString) => EventStoreDBClient.connectionString(connectionString),
  // The constructor is overloaded per kind of settings, so each kind is passed as itself.
  fromSettings: (settings, channelCredentials, defaultUserCredentials) =>
    "discover" in settings
      ? new EventStoreDBClient(settings, channelCredentials, defaultUserCredentials)
      : "endpoints" in settings
        ? new EventStoreDBClient(settings, channelCredentials, defaultUserCredentials)
        : new EventStoreDBClient(settings, channelCredentials, defaultUserCredentials),
};

// The client's parser compares query keys lower-cased without `-` or `_`.
const flatKey = (key: string): string => key.trim().toLowerCase().replace(/[_-]/g, "");

/**
 * A connection string with `options` set in its query, each replacing any spelling of the
 * same key already there. Values are written as they are: the client's parser does not
 * percent-decode, so a value with `&`, `=` or `?` cannot be passed this way.
 */
export const withClientOptions = (connectionString: string, options: EventStoreDBClientOptions): string => {
  const trimmed = connectionString.trim();
  const at = trimmed.indexOf("?");
  const base = at === -1 ? trimmed : trimmed.slice(0, at);
  const query = at === -1 ? "" : trimmed.slice(at + 1);
  const given = Object.entries(options).filter(([, v]) => v !== undefined) as [
    string,
    string | number | boolean,
  ][];
  for (const [key, value] of given)
    if (/[&=?#]/.test(String(value)))
      throw new RangeError(
        `EventStoreDB clientOptions.${key}: ${JSON.stringify(value)} cannot go in a connection string (it holds & = ? or #)`,
      );
  const overridden = new Set(given.map(([key]) => flatKey(key)));
  const kept = query
    .split("&")
    .filter((pair) => pair !== "" && !overridden.has(flatKey(pair.split("=")[0] ?? "")));
  const pairs = [...kept, ...given.map(([key, value]) => `${key}=${String(value)}`)];
  return pairs.length === 0 ? base : `${base}?${pairs.join("&")}`;
};

/**
 * A KurrentDB connection string (`kurrentdb://`, `kurrent://`, with or without `+discover`)
 * in the `esdb://` scheme that client 6 parses; its hosts and settings are the same.
 */
export const toEsdbScheme = (connectionString: string): string =>
  connectionString
    .trim()
    .replace(/^(?:kurrentdb|kurrent)(\+discover)?:\/\//i, (_, discover: string | undefined) =>
      discover === undefined ? "esdb://" : "esdb+discover://",
    );

/** The client a connection names, and whether the store made it (and so disposes it). */
export const connect = (
  connection: EventStoreDBConnection,
  factory: EventStoreDBClientFactory = defaultClientFactory,
): { readonly client: EventStoreDBClientSeam; readonly owned: boolean } => {
  if ("client" in connection) return { client: connection.client, owned: false };
  if ("connectionString" in connection) {
    if (typeof connection.connectionString !== "string" || connection.connectionString.trim() === "")
      throw new TypeError("EventStoreDB connectionString must be a non-empty esdb:// connection string");
    const esdb = toEsdbScheme(connection.connectionString);
    const connectionString =
      connection.clientOptions === undefined ? esdb : withClientOptions(esdb, connection.clientOptions);
    return { client: factory.fromConnectionString(connectionString), owned: true };
  }
  return {
    client: factory.fromSettings(
      connection.connectionSettings,
      connection.channelCredentials,
      connection.defaultUserCredentials,
    ),
    owned: true,
  };
};
