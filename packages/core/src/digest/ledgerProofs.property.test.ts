import * as E from "fp-ts/lib/Either.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { eventHashArb, eventHashesArb } from "./eventHashes.fixture.js";
import type { HashAlgorithm } from "./hashAlgorithm.js";
import { type LedgerTree, ledgerTreeOf, verifyConsistency, verifyInclusion } from "./ledgerProofs.js";

const algorithmArb = fc.constantFrom<HashAlgorithm>("sha256", "sm3");
const RUNS = { numRuns: 80 };

const treeOf = (algorithm: HashAlgorithm, hashes: readonly string[]): LedgerTree => {
  const tree = ledgerTreeOf(algorithm, hashes);
  if (E.isLeft(tree)) throw new Error(tree.left.message);
  return tree.right;
};
const proven = <A>(r: E.Either<{ message: string }, A>): A => {
  if (E.isLeft(r)) throw new Error(r.left.message);
  return r.right;
};
const flipBit = (hex: string, bit: number): string => {
  const bytes = Buffer.from(hex, "hex");
  bytes[Math.floor(bit / 8) % 32]! ^= 1 << (bit % 8);
  return bytes.toString("hex");
};

/** A log, and a prefix size m with 1 ≤ m ≤ n. */
const logAndPrefix = fc
  .tuple(algorithmArb, eventHashesArb(48, 1))
  .chain(([algorithm, hashes]) =>
    fc.tuple(fc.constant(algorithm), fc.constant(hashes), fc.integer({ min: 1, max: hashes.length })),
  );

describe("inclusion proofs", () => {
  it("verify for every event of every size of ledger", () => {
    fc.assert(
      fc.property(algorithmArb, eventHashesArb(40, 1), (algorithm, hashes) => {
        const tree = treeOf(algorithm, hashes);
        for (let size = 1; size <= hashes.length; size++)
          for (let i = 0; i < size; i++)
            expect(
              verifyInclusion(proven(tree.inclusionProof(i, size)), hashes[i]!, tree.digest(size)),
            ).toEqual(E.right(true));
      }),
      { numRuns: 25 },
    );
  });

  it("fail for an altered event, a wrong digest, another position or an altered path", () => {
    fc.assert(
      fc.property(logAndPrefix, fc.nat(255), fc.nat(), ([algorithm, hashes, size], bit, pick) => {
        const tree = treeOf(algorithm, hashes);
        const index = pick % size;
        const proof = proven(tree.inclusionProof(index, size));
        const digest = tree.digest(size);
        const refused = (r: E.Either<{ code: string }, true>) =>
          E.isLeft(r) && r.left.code === "PROOF_INVALID";
        expect(refused(verifyInclusion(proof, flipBit(hashes[index]!, bit), digest))).toBe(true);
        expect(refused(verifyInclusion(proof, hashes[index]!, flipBit(digest, bit)))).toBe(true);
        if (size > 1) {
          const other = (index + 1 + (pick % (size - 1))) % size;
          expect(refused(verifyInclusion({ ...proof, leafIndex: other }, hashes[index]!, digest))).toBe(true);
          expect(refused(verifyInclusion(proof, hashes[other]!, digest))).toBe(true);
          const at = pick % proof.path.length;
          const path = proof.path.map((p, i) => (i === at ? flipBit(p, bit) : p));
          expect(refused(verifyInclusion({ ...proof, path }, hashes[index]!, digest))).toBe(true);
          expect(
            refused(verifyInclusion({ ...proof, path: proof.path.slice(1) }, hashes[index]!, digest)),
          ).toBe(true);
        }
      }),
      RUNS,
    );
  });
});

/** How a log's first m events can be tampered with; each answers the tampered log. */
const tamperings = (
  hashes: readonly string[],
  m: number,
  pick: number,
  bit: number,
  extra: readonly string[],
) => {
  const i = pick % m;
  const j = (i + 1 + (pick % (hashes.length - 1 || 1))) % hashes.length;
  const swapped = [...hashes];
  [swapped[i], swapped[j]] = [swapped[j]!, swapped[i]!];
  return {
    deleted: [...hashes.slice(0, i), ...hashes.slice(i + 1), ...extra],
    truncatedAndRegrown: [...hashes.slice(0, i), ...extra],
    swapped: hashes.length > 1 ? swapped : null,
    rewritten: hashes.map((h, k) => (k === i ? flipBit(h, bit) : h)),
    inserted: [...hashes.slice(0, i), ...extra, ...hashes.slice(i)],
  };
};

describe("consistency proofs", () => {
  it("verify from every size m to every size n ≥ m of a ledger that only grew", () => {
    fc.assert(
      fc.property(algorithmArb, eventHashesArb(36), (algorithm, hashes) => {
        const tree = treeOf(algorithm, hashes);
        for (let n = 0; n <= hashes.length; n++)
          for (let m = 0; m <= n; m++)
            expect(
              verifyConsistency(proven(tree.consistencyProof(m, n)), tree.digest(m), tree.digest(n)),
            ).toEqual(E.right(true));
      }),
      { numRuns: 20 },
    );
  });

  it("fail after any deletion, truncation, reordering, rewrite or insertion among the first m events", () => {
    fc.assert(
      fc.property(
        logAndPrefix,
        fc.nat(),
        fc.nat(255),
        fc.array(eventHashArb, { minLength: 1, maxLength: 8 }),
        ([algorithm, hashes, m], pick, bit, extra) => {
          const earlier = treeOf(algorithm, hashes).digest(m);
          for (const [how, tampered] of Object.entries(tamperings(hashes, m, pick, bit, extra))) {
            if (tampered === null) continue;
            const later = treeOf(algorithm, tampered);
            const proof = later.consistencyProof(m);
            // A log cut below m cannot even be asked for a proof; any other answer must be refused.
            const ok = E.isRight(proof) && E.isRight(verifyConsistency(proof.right, earlier, later.digest()));
            expect(ok, how).toBe(false);
          }
        },
      ),
      RUNS,
    );
  });

  it("fail when the earlier digest or the proof is altered", () => {
    fc.assert(
      fc.property(logAndPrefix, fc.nat(255), fc.nat(), ([algorithm, hashes, m], bit, pick) => {
        const tree = treeOf(algorithm, hashes);
        const proof = proven(tree.consistencyProof(m));
        expect(E.isLeft(verifyConsistency(proof, flipBit(tree.digest(m), bit), tree.digest()))).toBe(true);
        expect(E.isLeft(verifyConsistency(proof, tree.digest(m), flipBit(tree.digest(), bit)))).toBe(true);
        if (proof.path.length > 0) {
          const at = pick % proof.path.length;
          const path = proof.path.map((p, i) => (i === at ? flipBit(p, bit) : p));
          expect(E.isLeft(verifyConsistency({ ...proof, path }, tree.digest(m), tree.digest()))).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it("refuses to prove a ledger extends a longer one, and an empty earlier digest that is not empty", () => {
    const hashes = ["0a", "0b", "0c"].map((b) => b.repeat(32));
    const tree = treeOf("sha256", hashes);
    expect(tree.consistencyProof(3, 2)).toMatchObject(E.left({ code: "PROOF_OUT_OF_RANGE" }));
    expect(tree.inclusionProof(3, 3)).toMatchObject(E.left({ code: "PROOF_OUT_OF_RANGE" }));
    const fromEmpty = proven(tree.consistencyProof(0));
    expect(verifyConsistency(fromEmpty, tree.digest(0), tree.digest())).toEqual(E.right(true));
    expect(verifyConsistency(fromEmpty, tree.digest(1), tree.digest())).toMatchObject(
      E.left({ code: "PROOF_INVALID" }),
    );
  });
});
