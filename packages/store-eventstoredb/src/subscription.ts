import { type AllStreamResolvedEvent, type ReadPosition, START } from "@eventstore/db-client";
import type { EventSubscription, RecordedHazardEvent } from "@hazard-ledger/core";
import type { AllSubscriptionSeam } from "./clientSeam.js";
import { isRetryableSubscriptionError } from "./errors.js";
import { decodePosition } from "./positions.js";

/** How a dropped subscription is resumed. */
export interface ResubscribeOptions {
  /** Resubscriptions in a row without an event in between before giving up; default 10. */
  readonly maxAttempts?: number;
  /** Milliseconds before the n-th resubscription in a row: n × delayMs, at most 30 s; default 500. */
  readonly delayMs?: number;
}

export interface ResubscribingSubscriptionParams {
  /** Opens a server subscription after a position (`START` for the beginning). */
  readonly open: (from: ReadPosition) => AllSubscriptionSeam;
  /** A server event as a hazard event, or `undefined` for one to skip. */
  readonly decode: (resolved: AllStreamResolvedEvent) => RecordedHazardEvent | undefined;
  /** Awaited before each server subscription is opened (the server's version check). */
  readonly ready?: () => Promise<void>;
  /** Deliver events whose position is strictly greater than this. */
  readonly after?: bigint;
  readonly retry?: ResubscribeOptions;
  /** Called once when the subscription ends, however it ends. */
  readonly onEnd?: () => void;
}

/**
 * A catch-up subscription to `$all` that survives drops: it remembers the position of the
 * last event it delivered and, when the server subscription fails or ends, opens a new one
 * from there, so no event is lost and none is delivered twice. Iterate it once, with
 * `for await`; `close()` ends the iteration, a pending `next()` resolving as done.
 */
export const resubscribingSubscription = (params: ResubscribingSubscriptionParams): EventSubscription => {
  const maxAttempts = params.retry?.maxAttempts ?? 10;
  const delayMs = params.retry?.delayMs ?? 500;
  let closed = false;
  let current: AllSubscriptionSeam | undefined;
  let wake: (() => void) | undefined;
  let last = params.after !== undefined && params.after >= 0n ? params.after : undefined;
  let ended = false;
  const end = (): void => {
    if (ended) return;
    ended = true;
    params.onEnd?.();
  };

  const pause = (ms: number): Promise<void> =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    }).finally(() => {
      wake = undefined;
    });

  async function* run(): AsyncGenerator<RecordedHazardEvent, void, undefined> {
    let failures = 0;
    try {
      while (!closed) {
        // Positions must be checked before the first call, so a bad `after` fails at once.
        const from = last === undefined ? START : decodePosition(last);
        let dropped: unknown;
        try {
          await params.ready?.();
        } catch (error) {
          if (closed) return;
          if (!isRetryableSubscriptionError(error)) throw error;
          failures++;
          if (failures > maxAttempts) throw error;
          await pause(Math.min(failures * delayMs, 30_000));
          continue;
        }
        if (closed) return;
        const subscription = params.open(from);
        current = subscription;
        try {
          for await (const resolved of subscription) {
            if (closed) return;
            const event = params.decode(resolved);
            // A resumed subscription may repeat the event it resumed from.
            if (event === undefined || (last !== undefined && event.position <= last)) continue;
            last = event.position;
            failures = 0;
            yield event;
            if (closed) return;
          }
          if (closed) return;
          dropped = new Error("EventStoreDB subscription ended without being closed");
        } catch (error) {
          if (closed) return;
          if (!isRetryableSubscriptionError(error)) throw error;
          dropped = error;
        } finally {
          current = undefined;
          // Leaving the loop early (a drop, an error, close) must not leave the call open.
          await subscription.unsubscribe().catch(() => undefined);
        }
        failures++;
        if (failures > maxAttempts) throw dropped;
        await pause(Math.min(failures * delayMs, 30_000));
      }
    } finally {
      closed = true;
      end();
    }
  }

  const iterator = run();
  return {
    [Symbol.asyncIterator]: () => iterator,
    close: async () => {
      if (closed) return;
      closed = true;
      wake?.();
      const subscription = current;
      current = undefined;
      await subscription?.unsubscribe().catch(() => undefined);
      await iterator.return(undefined).catch(() => undefined);
      // A generator never started runs no finally block.
      end();
    },
  };
};
