import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { NO_COMMANDS, fingerprintSeen, withCommand } from "./commandsSeen.js";

describe("the commands an import has seen of a hazard", () => {
  it("answers as a Map of commandId to fingerprint, before and after it outgrows its arrays", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.string({ maxLength: 3 }), fc.string({ minLength: 1, maxLength: 4 })), {
          maxLength: 60,
        }),
        fc.array(fc.string({ maxLength: 3 }), { maxLength: 20 }),
        (adds, asks) => {
          let seen = NO_COMMANDS;
          const model = new Map<string, string>();
          for (const [id, fingerprint] of adds) {
            // An import records only commands the hazard does not have yet.
            if (model.has(id)) continue;
            seen = withCommand(seen, id, fingerprint);
            model.set(id, fingerprint);
            for (const known of model.keys()) expect(fingerprintSeen(seen, known)).toBe(model.get(known));
          }
          for (const id of asks) expect(fingerprintSeen(seen, id)).toBe(model.get(id));
        },
      ),
    );
  });
});
