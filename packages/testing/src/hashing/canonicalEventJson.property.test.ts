import canonicalize from "canonicalize";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CURRENT_SCHEMA_VERSIONS } from "@hazard-ledger/core";
import { GENESIS_HASH, canonicalEventJson, sealEvent } from "@hazard-ledger/core/store-kit";
import { arbValidHistory } from "../arbitraries/index.js";

describe("canonicalEventJson over valid histories", () => {
  it("gives canonicalize's bytes for every sealed event, so no stored hash changes", () => {
    fc.assert(
      fc.property(arbValidHistory(), (events) => {
        const tips = new Map<string, { seq: number; hash: string }>();
        for (const event of events) {
          const tip = tips.get(event.hazardId) ?? { seq: -1, hash: GENESIS_HASH };
          const stored = sealEvent(event, {
            seq: tip.seq + 1,
            recordedAt: event.recordedAt ?? "2024-01-01T00:00:00Z",
            prevHash: tip.hash,
            schemaVersion: CURRENT_SCHEMA_VERSIONS[event.type],
          });
          tips.set(event.hazardId, { seq: stored.seq, hash: stored.hash });
          const { hash: _hash, ...unhashed } = stored;
          expect(canonicalEventJson(unhashed)).toBe(canonicalize(unhashed));
        }
      }),
      { numRuns: 60 },
    );
  });
});
