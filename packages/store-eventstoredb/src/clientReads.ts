/**
 * Every item of a client read, the read consumed to its very end.
 *
 * A read of `@eventstore/db-client` 6 is a Node stream piped from the gRPC call. Leaving a
 * `for await` over it early (a `return`, a `break`, a throw from the loop's body) destroys
 * only the outer stream: the gRPC call stays registered with the client, unfinished, and
 * `client.dispose()` waits for it forever. So a read is never left early: it is read whole
 * (reads are bounded with `maxCount` where only some is wanted), and whatever may stop
 * early (decoding, the caller's own loop) works on the array afterwards.
 */
export const readToEnd = async <T>(read: AsyncIterable<T>): Promise<T[]> => {
  const items: T[] = [];
  for await (const item of read) items.push(item);
  return items;
};
