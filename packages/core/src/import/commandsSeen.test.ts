import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CommandsSeen } from "./commandsSeen.js";

describe("CommandsSeen", () => {
  it("answers as a Map of commandId to fingerprint, before and after it outgrows its arrays", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.string({ maxLength: 3 }), fc.string({ minLength: 1, maxLength: 4 })), {
          maxLength: 60,
        }),
        fc.array(fc.string({ maxLength: 3 }), { maxLength: 20 }),
        (adds, asks) => {
          const seen = new CommandsSeen();
          const model = new Map<string, string>();
          for (const [id, fingerprint] of adds) {
            // An import records only commands the hazard does not have yet.
            if (model.has(id)) continue;
            seen.add(id, fingerprint);
            model.set(id, fingerprint);
            for (const known of model.keys()) expect(seen.get(known)).toBe(model.get(known));
          }
          for (const id of asks) expect(seen.get(id)).toBe(model.get(id));
        },
      ),
    );
  });
});
