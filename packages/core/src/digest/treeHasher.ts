import { type HashAlgorithm, hashFunction } from "./hashAlgorithm.js";
import { type MerkleHasher, merkleHasher } from "./merkleHashing.js";

const hashers = new Map<HashAlgorithm, MerkleHasher>();

/**
 * The ledger's Merkle tree hashes for `algorithm`, made once per process (the availability
 * check runs at the first use; see {@link hashFunction}).
 */
export const treeHasherOf = (algorithm: HashAlgorithm): MerkleHasher => {
  let hasher = hashers.get(algorithm);
  if (hasher === undefined) {
    hasher = merkleHasher(hashFunction(algorithm));
    hashers.set(algorithm, hasher);
  }
  return hasher;
};
