import type * as t from "io-ts";
import { refinedString } from "../codecs/stringCodec.js";

/** A 32-byte digest (sha256 or sm3) in lowercase hex: event hashes, tree nodes and roots. */
export const DigestHex = refinedString(
  "DigestHex",
  (s) => /^[0-9a-f]{64}$/.test(s),
  "is not a 32-byte digest in lowercase hex",
);
export type DigestHex = t.TypeOf<typeof DigestHex>;

/**
 * The bytes of a hex digest. Throws a RangeError on anything else: every hash that reaches
 * here has been decoded at a boundary already, so a bad one is a defect, not input.
 */
export const digestBytes = (hex: string): Buffer => {
  // Checked first: Buffer.from stops silently at the first pair that is not hex.
  if (!DigestHex.is(hex))
    throw new RangeError(`${JSON.stringify(hex)} is not a 32-byte digest in lowercase hex`);
  return Buffer.from(hex, "hex");
};
