import canonicalize from "canonicalize";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalEventJson } from "./canonicalEvent.js";

// Valid histories are checked against canonicalize in @hazard-ledger/testing (its arbitraries
// build on this package); here, inputs no codec would let through.

/** What canonicalize answers: its text, or the fact that it throws. */
const generic = (u: unknown): string => {
  try {
    return `ok ${canonicalize(u)}`;
  } catch (e) {
    return `throws ${(e as Error).message}`;
  }
};
const fast = (u: object): string => {
  try {
    return `ok ${canonicalEventJson(u)}`;
  } catch (e) {
    return `throws ${(e as Error).message}`;
  }
};

/** Strings of any UTF-16 code units: quotes, controls, astral pairs and lone surrogates. */
const anyString = fc.string({ unit: "binary" });
const anyValue = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    anyString,
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.array(tie("value")),
    fc.dictionary(anyString, tie("value")),
  ),
})).value;

describe("canonicalEventJson", () => {
  it("agrees with canonicalize on any values in the envelope, actor and data (escapes, numbers, lone surrogates, undefined)", () => {
    fc.assert(
      fc.property(
        fc.record({
          hazardId: anyString,
          seq: fc.oneof(fc.nat(), fc.double()),
          type: anyString,
          occurredAt: anyString,
          recordedAt: anyString,
          actor: fc.dictionary(anyString, anyValue),
          data: anyValue,
          commandId: fc.option(anyString, { nil: undefined }),
          eventId: fc.option(anyString, { nil: undefined }),
          ext: fc.option(anyValue, { nil: undefined }),
          schemaVersion: fc.nat(),
          prevHash: anyString,
        }),
        (event) => {
          expect(fast(event)).toBe(generic(event));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("agrees with canonicalize when the envelope has keys it does not know", () => {
    fc.assert(
      fc.property(fc.dictionary(anyString, anyValue), anyValue, (extra, data) => {
        const event = { hazardId: "HZ-1", seq: 0, data, ...extra };
        expect(fast(event)).toBe(generic(event));
      }),
    );
  });

  it("leaves objects JSON treats specially (toJSON, boxed values, no prototype) to canonicalize", () => {
    const special = { hazardId: "HZ-1", data: { when: new Date(0), n: new Number(3), s: new String("x") } };
    expect(fast(special)).toBe(generic(special));
    const bare = Object.assign(Object.create(null) as object, { seq: 1, type: "x" });
    expect(fast(bare)).toBe(generic(bare));
    const bareData = { seq: 1, data: Object.assign(Object.create(null) as object, { b: 1, a: [1, "z"] }) };
    expect(fast(bareData)).toBe(generic(bareData));
  });

  it("refuses a lone surrogate and a non-finite number as canonicalize does", () => {
    expect(() => canonicalEventJson({ hazardId: "HZ-\ud800" })).toThrow("Lone surrogate");
    expect(() => canonicalEventJson({ data: { costFen: Number.NaN } })).toThrow("NaN");
  });
});
