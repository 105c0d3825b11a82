import type {
  AllStreamResolvedEvent,
  AppendResult as ServerAppendResult,
  AppendToStreamOptions,
  EventData,
  ReadAllOptions as ServerReadAllOptions,
  ReadStreamOptions as ServerReadStreamOptions,
  ResolvedEvent,
  SubscribeToAllOptions,
} from "@eventstore/db-client";

/** A catch-up subscription to `$all` as the client returns it: iterated with `for await`. */
export interface AllSubscriptionSeam extends AsyncIterable<AllStreamResolvedEvent> {
  /** Ends the subscription; the iteration then finishes. */
  unsubscribe(): Promise<void>;
}

/**
 * The few methods of `EventStoreDBClient` the adapter uses. Everything that needs a server
 * goes through this seam, so the mapping and error handling are tested against a fake
 * client; a real `EventStoreDBClient` satisfies it as it is.
 */
export interface EventStoreDBClientSeam {
  /** Appends to one stream at an expected revision (the server's `Append`). */
  appendToStream(
    streamName: string,
    events: EventData[],
    options?: AppendToStreamOptions,
  ): Promise<ServerAppendResult>;
  /** Reads one stream (the server's `Read` of a stream). */
  readStream(streamName: string, options?: ServerReadStreamOptions): AsyncIterable<ResolvedEvent>;
  /** Reads the global log `$all`, every prefix's events included. */
  readAll(options?: ServerReadAllOptions): AsyncIterable<AllStreamResolvedEvent>;
  /** A catch-up subscription to `$all` from a position. */
  subscribeToAll(options?: SubscribeToAllOptions): AllSubscriptionSeam;
  /** Closes the client's channels. */
  dispose(): Promise<void>;
}
