import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { checkHashAlgorithm, HashAlgorithm, hexHashFunction } from "./hashAlgorithm.js";

describe("hash algorithms", () => {
  it("computes the GB/T 32905 SM3 test vector: sm3('abc')", () => {
    expect(hexHashFunction("sm3")("abc")).toBe(
      "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0",
    );
  });

  it("computes the FIPS 180-4 sha256 test vector: sha256('abc')", () => {
    expect(hexHashFunction("sha256")("abc")).toBe(
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
  });

  it("finds both algorithms available in this Node.js", () => {
    expect(checkHashAlgorithm("sha256")).toEqual(E.right("sha256"));
    expect(checkHashAlgorithm("sm3")).toEqual(E.right("sm3"));
  });

  it("decodes only sha256 and sm3, naming the allowed values", () => {
    expect(E.isRight(HashAlgorithm.decode("sm3"))).toBe(true);
    const bad = HashAlgorithm.decode("md5");
    expect(E.isLeft(bad) && bad.left[0]?.message).toBe('"md5" is not one of sha256, sm3');
  });
});
