import * as E from "fp-ts/lib/Either.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { eventHashArb, eventHashesArb } from "./eventHashes.fixture.js";
import type { HashAlgorithm } from "./hashAlgorithm.js";
import type { LedgerDigest } from "./ledgerDigest.js";
import { type LedgerTree, ledgerTreeOf } from "./ledgerProofs.js";
import { compareWithDigest, type LogDivergence } from "./logDivergence.js";

const treeOf = (algorithm: HashAlgorithm, hashes: readonly string[]): LedgerTree => {
  const tree = ledgerTreeOf(algorithm, hashes);
  if (E.isLeft(tree)) throw new Error(tree.left.message);
  return tree.right;
};

/** The digest of the first m events, bare, with its frontier, or with its leaves. */
const digestsOf = (algorithm: HashAlgorithm, hashes: readonly string[], m: number) => {
  const tree = treeOf(algorithm, hashes);
  const bare: LedgerDigest = { algorithm, events: m, digest: tree.digest(m), committedAt: null };
  return {
    bare,
    frontier: { ...bare, frontier: tree.frontier(m) },
    leaves: { ...bare, leaves: hashes.slice(0, m) },
  };
};

const compare = (
  algorithm: HashAlgorithm,
  today: readonly string[],
  earlier: LedgerDigest,
): LogDivergence => {
  const r = compareWithDigest(treeOf(algorithm, today), today, earlier);
  if (E.isLeft(r)) throw new Error(r.left.message);
  return r.right;
};

/** The first position among the first m where today's log differs from the earlier one. */
const firstDifference = (earlier: readonly string[], today: readonly string[], m: number): number => {
  for (let i = 0; i < Math.min(m, today.length); i++) if (earlier[i] !== today[i]) return i;
  return today.length;
};

const tampered = fc
  .tuple(fc.constantFrom<HashAlgorithm>("sha256", "sm3"), eventHashesArb(40, 1))
  .chain(([algorithm, hashes]) =>
    fc.record({
      algorithm: fc.constant(algorithm),
      hashes: fc.constant(hashes),
      m: fc.integer({ min: 1, max: hashes.length }),
      i: fc.nat(hashes.length - 1),
      j: fc.nat(hashes.length - 1),
      how: fc.constantFrom("delete", "truncate", "swap", "rewrite"),
      replacement: eventHashArb,
      grown: fc.array(eventHashArb, { maxLength: 6 }),
    }),
  )
  .map(({ algorithm, hashes, m, i: i0, j, how, replacement, grown }) => {
    const i = i0 % m; // the tampering touches the first m events
    let today = [...hashes];
    if (how === "delete") today.splice(i, 1);
    if (how === "truncate") today = today.slice(0, i);
    if (how === "swap") [today[i], today[j]] = [today[j]!, today[i]!];
    if (how === "rewrite") today[i] = replacement;
    return { algorithm, hashes, m, how, today: [...today, ...grown] };
  })
  .filter(({ hashes, m, today }) => today.slice(0, m).join() !== hashes.slice(0, m).join());

describe("where a log parts from an earlier digest", () => {
  it("a log that only grew extends every earlier digest, bare or with witnesses", () => {
    fc.assert(
      fc.property(
        eventHashesArb(40, 1),
        fc.nat(),
        fc.array(eventHashArb, { maxLength: 6 }),
        (hashes, k, grown) => {
          const m = k % (hashes.length + 1);
          for (const earlier of Object.values(digestsOf("sha256", hashes, m)))
            expect(compare("sha256", [...hashes, ...grown], earlier).kind).toBe("extends");
        },
      ),
      { numRuns: 60 },
    );
  });

  it("names the first changed position exactly with leaves, and a span holding it otherwise", () => {
    fc.assert(
      fc.property(tampered, ({ algorithm, hashes, m, today }) => {
        const expected = firstDifference(hashes, today, m);
        const { bare, frontier, leaves } = digestsOf(algorithm, hashes, m);
        expect(compare(algorithm, today, leaves)).toEqual({ kind: "parts", at: expected });
        for (const earlier of [frontier, bare]) {
          const found = compare(algorithm, today, earlier);
          if (found.kind === "parts") expect(found.at).toBe(expected);
          else if (found.kind === "parts_within") {
            expect(found.from).toBeLessThanOrEqual(expected);
            expect(found.to).toBeGreaterThan(expected);
          } else expect.fail(`a tampered log was said to extend the digest`);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("refuses witnesses that do not hash to the digest, and a digest of another algorithm", () => {
    const hashes = ["01", "02", "03"].map((b) => b.repeat(32));
    const { frontier, leaves } = digestsOf("sha256", hashes, 3);
    const tree = treeOf("sha256", hashes);
    const forged = { ...leaves, leaves: [hashes[0]!, hashes[2]!, hashes[1]!] };
    expect(compareWithDigest(tree, hashes, forged)).toMatchObject(
      E.left({ code: "DIGEST_MALFORMED", message: "the digest's leaves do not hash to its digest" }),
    );
    const badFrontier = { ...frontier, frontier: [hashes[0]!, hashes[1]!] };
    expect(compareWithDigest(tree, hashes, badFrontier)).toMatchObject(E.left({ code: "DIGEST_MALFORMED" }));
    expect(compareWithDigest(treeOf("sm3", hashes), hashes, frontier)).toMatchObject(
      E.left({
        code: "DIGEST_ALGORITHM_MISMATCH",
        message: "the digest is sha256; this ledger hashes with sm3",
      }),
    );
  });
});
