export {
  HashAlgorithm,
  DEFAULT_HASH_ALGORITHM,
  checkHashAlgorithm,
  hashFunction,
  hexHashFunction,
  HashAlgorithmUnavailableError,
} from "./hashAlgorithm.js";
export type { HashAlgorithmUnavailable, HashFunction, HexHashFunction } from "./hashAlgorithm.js";
export type { DigestError } from "./digestError.js";
export { DigestHex } from "./hexDigest.js";
export {
  type MerkleFrontier,
  emptyFrontier,
  appendLeaf,
  appendLeaves,
  frontierRoot,
  MerkleFrontierJson,
  serialiseFrontier,
  deserialiseFrontier,
} from "./merkleFrontier.js";
export {
  LedgerDigest,
  DigestSignature,
  type LedgerRoot,
  ledgerRootOf,
  ledgerDigestOf,
  ledgerDigestOfStream,
} from "./ledgerDigest.js";
export {
  InclusionProof,
  ConsistencyProof,
  type LedgerTree,
  ledgerTreeOf,
  inclusionProof,
  consistencyProof,
  verifyInclusion,
  verifyConsistency,
} from "./ledgerProofs.js";
export {
  EventInclusion,
  HazardProof,
  type HazardProofError,
  type ProvenHistory,
  hazardProofOf,
  proveHazard,
  verifyHazardHistory,
} from "./hazardProof.js";
export {
  type DigestSignatureError,
  publicKeyId,
  signLedgerDigest,
  verifyLedgerDigestSignature,
} from "./digestSignature.js";
export { type LogDivergence, compareWithDigest } from "./logDivergence.js";
