import { crc32 } from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { crc32Range } from "./crc32.js";

describe("crc32Range", () => {
  it("is zlib's crc32, of any range, continued from any value", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(), fc.nat(), (bytes, a, b) => {
        const buf = Buffer.from(bytes);
        const start = bytes.length === 0 ? 0 : a % bytes.length;
        const end = start + (bytes.length === 0 ? 0 : b % (bytes.length - start + 1));
        expect(crc32Range(buf, start, end)).toBe(crc32(buf.subarray(start, end)));
        expect(crc32Range(buf, end, buf.length, crc32Range(buf, 0, end))).toBe(crc32(buf));
      }),
      { numRuns: 200 },
    );
  });
});
