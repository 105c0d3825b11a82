import { createPrivateKey, createPublicKey, hash, type KeyObject, sign, verify } from "node:crypto";
import canonicalize from "canonicalize";
import * as E from "fp-ts/lib/Either.js";
import type { DigestSignature, LedgerDigest } from "./ledgerDigest.js";

/** Why a digest could not be signed or its signature did not hold. */
export interface DigestSignatureError {
  readonly code: "SIGNING_KEY_INVALID" | "SIGNATURE_MISSING" | "SIGNATURE_INVALID";
  readonly message: string;
}

const failed = (code: DigestSignatureError["code"], message: string): E.Either<DigestSignatureError, never> =>
  E.left({ code, message });

/** The bytes that are signed: the RFC 8785 canonical JSON of the digest without its signature. */
const signedBytes = (d: LedgerDigest): Buffer =>
  Buffer.from(
    canonicalize({ algorithm: d.algorithm, events: d.events, digest: d.digest, committedAt: d.committedAt })!,
    "utf8",
  );

/**
 * The id of a public key: the hex sha256 of its DER SubjectPublicKeyInfo, the same bytes
 * `openssl pkey -pubin -outform DER` prints, so an office can publish it beside the PEM.
 */
export const publicKeyId = (key: KeyObject): string =>
  hash("sha256", key.export({ type: "spki", format: "der" }), "hex");

const readKey = (
  pem: string | Buffer,
  kind: "private" | "public",
): E.Either<DigestSignatureError, KeyObject> => {
  try {
    const key = kind === "private" ? createPrivateKey(pem) : createPublicKey(pem);
    return key.asymmetricKeyType === "ed25519"
      ? E.right(key)
      : failed(
          "SIGNING_KEY_INVALID",
          `the ${kind} key is ${key.asymmetricKeyType ?? "not asymmetric"}, not Ed25519`,
        );
  } catch (e) {
    return failed("SIGNING_KEY_INVALID", `the ${kind} key is not a PEM key (${(e as Error).message})`);
  }
};

/** The digest signed with the office's Ed25519 private key (PEM, PKCS#8). */
export const signLedgerDigest = (
  digest: LedgerDigest,
  privateKeyPem: string | Buffer,
): E.Either<DigestSignatureError, LedgerDigest> =>
  E.flatMap(readKey(privateKeyPem, "private"), (key) => {
    const signature: DigestSignature = {
      algorithm: "ed25519",
      keyId: publicKeyId(createPublicKey(key)),
      value: sign(null, signedBytes(digest), key).toString("base64"),
    };
    return E.right({ ...digest, signature });
  });

/**
 * Checks a signed digest against the office's published public key (PEM): the signature must
 * be there, name this key, and hold over the digest's fields. The key comes from the verifier,
 * never from the digest.
 */
export const verifyLedgerDigestSignature = (
  digest: LedgerDigest,
  publicKeyPem: string | Buffer,
): E.Either<DigestSignatureError, { readonly keyId: string }> =>
  E.flatMap(readKey(publicKeyPem, "public"), (key) => {
    const keyId = publicKeyId(key);
    const s = digest.signature;
    if (s === undefined) return failed("SIGNATURE_MISSING", "the digest is not signed");
    if (s.keyId !== keyId)
      return failed(
        "SIGNATURE_INVALID",
        `the digest is signed by key ${s.keyId}, not by the given key ${keyId}`,
      );
    const ok = verify(null, signedBytes(digest), key, Buffer.from(s.value, "base64"));
    return ok
      ? E.right({ keyId })
      : failed("SIGNATURE_INVALID", "the signature does not hold over this digest");
  });
