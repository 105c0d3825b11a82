import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { NO_COMMAND_HASHES, commandHashValue, commandIdHash, withCommandHash } from "./commandHashes.js";

describe("the command hashes a batch keeps of a hazard", () => {
  it("answers as a Map of hash to value, before and after it outgrows its arrays", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer()), { maxLength: 60 }),
        fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 20 }),
        (adds, asks) => {
          let seen = NO_COMMAND_HASHES;
          const model = new Map<number, number>();
          for (const [hash, value] of adds) {
            // A keeper records only hashes the hazard does not have yet.
            if (model.has(hash)) continue;
            seen = withCommandHash(seen, hash, value);
            model.set(hash, value);
            for (const known of model.keys()) expect(commandHashValue(seen, known)).toBe(model.get(known));
          }
          for (const hash of asks) expect(commandHashValue(seen, hash)).toBe(model.get(hash));
        },
      ),
    );
  });

  it("hashes an id to a safe integer, the same each time, and tells near ids apart", () => {
    fc.assert(
      fc.property(fc.string(), (id) => {
        const h = commandIdHash(id);
        expect(Number.isSafeInteger(h) && h >= 0).toBe(true);
        expect(commandIdHash(id)).toBe(h);
      }),
    );
    // Ids as a ledger writes them, differing in one character or by a swap: no two share a hash.
    const ids = Array.from({ length: 200_000 }, (_, i) => `cmd-2023-${String(i).padStart(8, "0")}`);
    ids.push("ab", "ba", "a\u0000b", "a\u0001", "\u0001a");
    expect(new Set(ids.map(commandIdHash)).size).toBe(ids.length);
  });
});
