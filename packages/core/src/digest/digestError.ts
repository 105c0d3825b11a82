import type { HashAlgorithmUnavailable } from "./hashAlgorithm.js";

/** Why a digest, a proof or a frontier was not accepted. Each `code` is stable. */
export type DigestError =
  | HashAlgorithmUnavailable
  | {
      /** The proof does not prove what it was checked against (a tampered leaf, root or path). */
      readonly code: "PROOF_INVALID";
      readonly message: string;
    }
  | {
      /** Sizes or an index that no tree can answer (a leaf past the end, a shrinking log). */
      readonly code: "PROOF_OUT_OF_RANGE";
      readonly message: string;
    }
  | {
      /** Two values made with different hash algorithms were compared. */
      readonly code: "DIGEST_ALGORITHM_MISMATCH";
      readonly message: string;
    }
  | {
      /** A digest, proof or frontier value that does not decode. */
      readonly code: "DIGEST_MALFORMED";
      readonly message: string;
    };
