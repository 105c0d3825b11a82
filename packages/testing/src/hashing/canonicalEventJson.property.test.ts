import canonicalize from "canonicalize";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalEventJson } from "@hazard-ledger/core/store-kit";
import { arbValidHistory } from "../arbitraries/index.js";
import { sealInOrder } from "../samples/sealInOrder.js";

describe("canonicalEventJson over valid histories", () => {
  it("gives canonicalize's bytes for every sealed event, so no stored hash changes", () => {
    fc.assert(
      fc.property(arbValidHistory(), (events) => {
        for (const stored of sealInOrder(events)) {
          const { hash: _hash, ...unhashed } = stored;
          expect(canonicalEventJson(unhashed)).toBe(canonicalize(unhashed));
        }
      }),
      { numRuns: 60 },
    );
  });
});
