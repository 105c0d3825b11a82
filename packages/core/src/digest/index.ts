/**
 * @packageDocumentation
 * `@hazard-ledger/core/digest`: what an auditor needs beyond the hash chain. The ledger
 * digest (a Merkle root over every event hash, in commit order), inclusion and consistency
 * proofs, a hazard's proof against a digest, signed digests, and where a log departs from
 * a digest. The ledger's hash algorithm itself is in the root entry point.
 */
export { type ChainBreak, chainVerifier } from "../hashing/hashChain.js";
export { HashAlgorithmUnavailableError, hashFunction, hexHashFunction } from "./hashAlgorithm.js";
export type { HashFunction, HexHashFunction } from "./hashAlgorithm.js";
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
