import {
  type InvalidAppend,
  NewHazardEvent as NewHazardEventCodec,
  type NewHazardEvent,
  formatErrors,
} from "@hazard-ledger/core";
import { invalidAppend } from "@hazard-ledger/core/store-kit";
import * as E from "fp-ts/lib/Either.js";

/**
 * The events of an append, decoded by the contract's codec from a copy of what the caller
 * gave: what gets hashed is then exactly what a later read decodes (the codecs are closed:
 * an unknown key is refused, naming it), and nothing stored or returned shares an object
 * with the caller.
 */
export const decodeNewEvents = (
  hazardId: string,
  events: readonly NewHazardEvent[],
): E.Either<InvalidAppend, NewHazardEvent[]> => {
  const decoded: NewHazardEvent[] = [];
  for (let i = 0; i < events.length; i++) {
    const result = NewHazardEventCodec.decode(structuredClone(events[i]));
    if (E.isLeft(result))
      return E.left(invalidAppend(hazardId, `events[${i}]: ${formatErrors(result.left)}`));
    decoded.push(result.right);
  }
  return E.right(decoded);
};
