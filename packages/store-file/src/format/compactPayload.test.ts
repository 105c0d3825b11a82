import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CURRENT_SCHEMA_VERSIONS,
  type NewHazardEvent,
  type StoredHazardEvent,
  toEventLogLine,
} from "@hazard-ledger/core";
import { GENESIS_HASH, sealEvent } from "@hazard-ledger/core/store-kit";
import { arbLedger } from "@hazard-ledger/testing";
import { UndecodablePayload, decodeCompactPayload, encodeCompactPayload } from "./recordFormat.js";

/** What a JSON payload reads back as: the reference the compact form must equal. */
const viaJson = (v: unknown): unknown => JSON.parse(JSON.stringify(v)) as unknown;

const roundTrip = (v: unknown): unknown => {
  const bytes = encodeCompactPayload(v);
  if (bytes === undefined) return undefined;
  const copy = Buffer.from(bytes);
  return decodeCompactPayload(copy, 0, copy.length);
};

/** Sealed events as a store writes them: seq, schemaVersion and the hash chain of each hazard. */
const sealAll = (events: readonly NewHazardEvent[]): StoredHazardEvent[] => {
  const streams = new Map<string, { seq: number; hash: string }>();
  return events.map((e) => {
    const s = streams.get(e.hazardId) ?? { seq: 0, hash: GENESIS_HASH };
    const sealed = sealEvent(e, {
      seq: s.seq,
      recordedAt: "2024-01-01T00:00:00.000Z",
      prevHash: s.hash,
      schemaVersion: CURRENT_SCHEMA_VERSIONS[e.type],
    });
    streams.set(e.hazardId, { seq: s.seq + 1, hash: sealed.hash });
    return sealed;
  });
};

describe("the compact payload", () => {
  it("reads back every event of a ledger as its JSON payload reads, and exports the same bytes", () => {
    fc.assert(
      fc.property(arbLedger({ hazards: 4 }), (run) => {
        for (const event of sealAll(run.events)) {
          const bytes = encodeCompactPayload(event);
          expect(bytes).toBeDefined();
          const back = roundTrip(event);
          expect(back).toStrictEqual(viaJson(event));
          // Key order too: nested objects (actor, data, ext) are exported as they are read.
          expect(JSON.stringify(back)).toBe(JSON.stringify(event));
          expect(toEventLogLine(back as never)).toBe(toEventLogLine(event as never));
          expect((bytes as Buffer).length).toBeLessThan(Buffer.byteLength(JSON.stringify(event)));
        }
      }),
      { numRuns: 30 },
    );
  });

  it("reads back any JSON value exactly as JSON.parse reads its text, or declines it", () => {
    const value = fc.oneof(
      fc.jsonValue(),
      fc.anything({ withNullPrototype: true, withObjectString: false, withBoxedValues: false }),
      fc.dictionary(fc.constantFrom("__proto__", "0", "10", "hash", "x"), fc.jsonValue()),
      // Any UTF-16, lone surrogates too (UTF-8 cannot hold those: they stay JSON).
      fc.dictionary(fc.string({ unit: "binary" }), fc.array(fc.string({ unit: "binary" }))),
      fc.array(fc.oneof(fc.double(), fc.integer(), fc.bigInt().map(Number))),
    );
    fc.assert(
      fc.property(value, (v) => {
        let text: string | undefined;
        try {
          text = JSON.stringify(v);
        } catch {
          return; // no JSON form: never a payload
        }
        const back = roundTrip(v);
        if (back === undefined) return;
        expect(back).toStrictEqual(JSON.parse(text));
        expect(JSON.stringify(back)).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });

  it("declines what it cannot hold exactly, so the record stays JSON", () => {
    expect(encodeCompactPayload({ note: "a\ud800b" })).toBeUndefined();
    expect(encodeCompactPayload({ n: Number.NaN })).toBeUndefined();
    expect(encodeCompactPayload({ a: [1, undefined] })).toBeUndefined();
    expect(encodeCompactPayload({ d: new Date(0) })).toBeUndefined();
    expect(roundTrip({ note: "😀 整改", big: 2 ** 60, neg: -3, f: 0.1, z: -0 })).toStrictEqual({
      note: "😀 整改",
      big: 2 ** 60,
      neg: -3,
      f: 0.1,
      z: 0,
    });
  });

  it("fails on damaged bytes only with UndecodablePayload", () => {
    const bytes = Buffer.from(encodeCompactPayload({ hazardId: "HZ-1", note: "n0" }) as Buffer);
    fc.assert(
      fc.property(fc.nat(bytes.length - 1), fc.integer({ min: 1, max: 255 }), (at, flip) => {
        const damaged = Buffer.from(bytes);
        damaged[at] = (damaged[at] as number) ^ flip;
        // A flip may still decode (a string's byte, or ASCII read as UTF-8): the payload
        // checksum is what finds such damage; the decoder only must not fail otherwise.
        try {
          decodeCompactPayload(damaged, 0, damaged.length);
        } catch (e) {
          expect(e).toBeInstanceOf(UndecodablePayload);
        }
      }),
    );
    expect(() => decodeCompactPayload(bytes, 0, bytes.length - 1)).toThrow(UndecodablePayload);
  });
});
