import { getHashes, hash } from "node:crypto";
import * as E from "fp-ts/lib/Either.js";
import { oneOf } from "../codecs/primitives.js";
import type * as t from "io-ts";

/**
 * The hash algorithms a ledger may use for its per-hazard hash chain and its digest:
 * `sha256` (the default) or `sm3` (GB/T 32905, the 国密 profile). Both give 32 bytes.
 */
export const HashAlgorithm = oneOf("HashAlgorithm", ["sha256", "sm3"] as const);
export type HashAlgorithm = t.TypeOf<typeof HashAlgorithm>;

/** The algorithm of every ledger that does not name one (and of every ledger made before SM3). */
export const DEFAULT_HASH_ALGORITHM: HashAlgorithm = "sha256";

/** The algorithm is one this Node.js build's crypto (OpenSSL) lacks. */
export interface HashAlgorithmUnavailable {
  readonly code: "HASH_ALGORITHM_UNAVAILABLE";
  readonly algorithm: HashAlgorithm;
  readonly message: string;
}

const checked = new Map<HashAlgorithm, E.Either<HashAlgorithmUnavailable, HashAlgorithm>>();

/**
 * Whether this Node.js build can compute `algorithm` (SM3 comes from OpenSSL and some builds
 * leave it out). Checked once per process; boundaries (opening or creating a ledger, reading a
 * digest) call this so a missing algorithm is a clear one-line error, not a crash mid-write.
 */
export const checkHashAlgorithm = (
  algorithm: HashAlgorithm,
): E.Either<HashAlgorithmUnavailable, HashAlgorithm> => {
  let result = checked.get(algorithm);
  if (result === undefined) {
    result = getHashes().includes(algorithm)
      ? E.right(algorithm)
      : E.left({
          code: "HASH_ALGORITHM_UNAVAILABLE",
          algorithm,
          message: `hash algorithm ${algorithm} is not available in this Node.js build (${process.version}, OpenSSL ${process.versions.openssl ?? "unknown"}): use a Node.js whose OpenSSL provides it`,
        });
    checked.set(algorithm, result);
  }
  return result;
};

/** Hashes bytes (or a UTF-8 string) to a 32-byte digest. */
export type HashFunction = (data: Uint8Array | string) => Buffer;

/** Hashes bytes (or a UTF-8 string) to a lowercase hex digest. */
export type HexHashFunction = (data: Uint8Array | string) => string;

/** Thrown by {@link hashFunction} when the algorithm is missing; carries the one-line message. */
export class HashAlgorithmUnavailableError extends Error {
  readonly code = "HASH_ALGORITHM_UNAVAILABLE";
  constructor(
    readonly algorithm: HashAlgorithm,
    message: string,
  ) {
    super(message);
    this.name = "HashAlgorithmUnavailableError";
  }
}

const requireAvailable = (algorithm: HashAlgorithm): void => {
  const ok = checkHashAlgorithm(algorithm);
  if (E.isLeft(ok)) throw new HashAlgorithmUnavailableError(algorithm, ok.left.message);
};

/**
 * The hash function of `algorithm` (Node's one-shot `crypto.hash`, several times cheaper than
 * `createHash` for the small inputs of a hash chain or a Merkle tree). Throws
 * {@link HashAlgorithmUnavailableError} when the algorithm is missing: boundaries should have
 * turned that into an error value with {@link checkHashAlgorithm} first.
 */
export const hashFunction = (algorithm: HashAlgorithm): HashFunction => {
  requireAvailable(algorithm);
  return (data) => hash(algorithm, data, "buffer");
};

const hexFunctions = new Map<HashAlgorithm, HexHashFunction>();

/** As {@link hashFunction}, answering lowercase hex (made once per algorithm and process). */
export const hexHashFunction = (algorithm: HashAlgorithm): HexHashFunction => {
  let f = hexFunctions.get(algorithm);
  if (f === undefined) {
    requireAvailable(algorithm);
    f = (data) => hash(algorithm, data, "hex");
    hexFunctions.set(algorithm, f);
  }
  return f;
};
