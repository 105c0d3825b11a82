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
  unsubscribe(): Promise<void>;
}

/**
 * The few methods of `EventStoreDBClient` the adapter uses. Everything that needs a server
 * goes through this seam, so the mapping and error handling are tested against a fake
 * client; a real `EventStoreDBClient` satisfies it as it is.
 */
export interface EventStoreDBClientSeam {
  appendToStream(
    streamName: string,
    events: EventData[],
    options?: AppendToStreamOptions,
  ): Promise<ServerAppendResult>;
  readStream(streamName: string, options?: ServerReadStreamOptions): AsyncIterable<ResolvedEvent>;
  readAll(options?: ServerReadAllOptions): AsyncIterable<AllStreamResolvedEvent>;
  subscribeToAll(options?: SubscribeToAllOptions): AllSubscriptionSeam;
  dispose(): Promise<void>;
}
