import { generateKeyPairSync } from "node:crypto";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { signLedgerDigest, verifyLedgerDigestSignature } from "./digestSignature.js";
import type { LedgerDigest } from "./ledgerDigest.js";

const office = generateKeyPairSync("ed25519");
const privatePem = office.privateKey.export({ type: "pkcs8", format: "pem" });
const publicPem = office.publicKey.export({ type: "spki", format: "pem" });
const digest: LedgerDigest = {
  algorithm: "sm3",
  events: 12,
  digest: "ab".repeat(32),
  committedAt: "2024-01-05T08:00:00.000Z",
};

const signed = (): LedgerDigest => {
  const s = signLedgerDigest(digest, privatePem);
  if (E.isLeft(s)) throw new Error(s.left.message);
  return s.right;
};
const failure = (r: E.Either<{ message: string }, unknown>) => (E.isLeft(r) ? r.left.message : "valid");

describe("signed digests", () => {
  it("hold under the office's public key, whatever the key order of the JSON", () => {
    const s = signed();
    expect(s.signature).toMatchObject({ algorithm: "ed25519" });
    expect(E.isRight(verifyLedgerDigestSignature(s, publicPem))).toBe(true);
    const reordered = JSON.parse(
      JSON.stringify({
        signature: s.signature,
        committedAt: s.committedAt,
        digest: s.digest,
        events: s.events,
        algorithm: s.algorithm,
      }),
    ) as LedgerDigest;
    expect(E.isRight(verifyLedgerDigestSignature(reordered, publicPem))).toBe(true);
  });

  it("fail for any changed field, another key, or no signature", () => {
    const s = signed();
    for (const changed of [
      { ...s, events: 13 },
      { ...s, digest: "cd".repeat(32) },
      { ...s, committedAt: "2024-01-06T08:00:00.000Z" },
      { ...s, algorithm: "sha256" as const },
    ])
      expect(failure(verifyLedgerDigestSignature(changed, publicPem))).toBe(
        "the signature does not hold over this digest",
      );
    const stranger = generateKeyPairSync("ed25519").publicKey.export({ type: "spki", format: "pem" });
    expect(failure(verifyLedgerDigestSignature(s, stranger))).toMatch(
      /^the digest is signed by key [0-9a-f]{64}, not by the given key/,
    );
    expect(failure(verifyLedgerDigestSignature(digest, publicPem))).toBe("the digest is not signed");
  });

  it("refuses a key that is not Ed25519 or not a key", () => {
    const rsa = generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey.export({
      type: "pkcs8",
      format: "pem",
    });
    expect(failure(signLedgerDigest(digest, rsa))).toBe("the private key is rsa, not Ed25519");
    expect(failure(signLedgerDigest(digest, "hello"))).toMatch(/^the private key is not a PEM key/);
  });
});
