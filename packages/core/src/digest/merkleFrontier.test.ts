import * as E from "fp-ts/lib/Either.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HashAlgorithm } from "./hashAlgorithm.js";
import { ledgerDigestOf, ledgerDigestOfStream } from "./ledgerDigest.js";
import { ledgerTreeOf } from "./ledgerProofs.js";
import {
  appendLeaf,
  deserialiseFrontier,
  emptyFrontier,
  frontierRoot,
  serialiseFrontier,
} from "./merkleFrontier.js";
import { eventHashesArb } from "./eventHashes.fixture.js";

const algorithmArb = fc.constantFrom<HashAlgorithm>("sha256", "sm3");
const treeOf = (algorithm: HashAlgorithm, hashes: readonly string[]) => {
  const tree = ledgerTreeOf(algorithm, hashes);
  if (E.isLeft(tree)) throw new Error(tree.left.message);
  return tree.right;
};

describe("Merkle frontier", () => {
  it("has, after every append, the root the whole tree gives that prefix", () => {
    fc.assert(
      fc.property(algorithmArb, eventHashesArb(70), (algorithm, hashes) => {
        const tree = treeOf(algorithm, hashes);
        let frontier = emptyFrontier(algorithm);
        expect(frontierRoot(frontier)).toBe(tree.digest(0));
        hashes.forEach((h, i) => {
          frontier = appendLeaf(frontier, h);
          expect(frontier.size).toBe(i + 1);
          expect(frontierRoot(frontier)).toBe(tree.digest(i + 1));
        });
      }),
      { numRuns: 60 },
    );
  });

  it("leaves the frontier it appended to unchanged (a dropped transaction leaves no trace)", () => {
    const before = appendLeaf(emptyFrontier("sha256"), "ab".repeat(32));
    const root = frontierRoot(before);
    appendLeaf(before, "cd".repeat(32));
    expect(frontierRoot(before)).toBe(root);
    expect(before.size).toBe(1);
  });

  it("continues after a round trip through its JSON form as if never stored", () => {
    fc.assert(
      fc.property(algorithmArb, eventHashesArb(40), eventHashesArb(10), (algorithm, first, more) => {
        const frontier = first.reduce(appendLeaf, emptyFrontier(algorithm));
        const stored = JSON.parse(JSON.stringify(serialiseFrontier(frontier))) as unknown;
        const back = deserialiseFrontier(stored);
        if (E.isLeft(back)) throw new Error(back.left.message);
        expect(frontierRoot(more.reduce(appendLeaf, back.right))).toBe(
          ledgerDigestOf(algorithm, [...first, ...more]).digest,
        );
      }),
      { numRuns: 40 },
    );
  });

  it("refuses a stored frontier whose node count cannot describe its size", () => {
    const json = serialiseFrontier(
      ["11", "22", "33"].map((b) => b.repeat(32)).reduce(appendLeaf, emptyFrontier("sm3")),
    );
    const bad = deserialiseFrontier({ ...json, size: 4 });
    expect(E.isLeft(bad) && bad.left).toMatchObject({ code: "DIGEST_MALFORMED" });
    expect(E.isLeft(bad) && bad.left.message).toBe("frontier: 2 nodes cannot describe 4 leaves (needs 1)");
    const badAlgorithm = deserialiseFrontier({ ...json, algorithm: "md5" });
    expect(E.isLeft(badAlgorithm) && badAlgorithm.left.message).toBe(
      'frontier: algorithm: "md5" is not one of sha256, sm3',
    );
  });

  it("refuses an event hash that is not 32 bytes of lowercase hex", () => {
    expect(() => appendLeaf(emptyFrontier("sha256"), "AB".repeat(32))).toThrow(RangeError);
    expect(() => appendLeaf(emptyFrontier("sha256"), "zz".repeat(32))).toThrow(RangeError);
  });

  it("gives the same digest streamed as read whole, and different digests per algorithm", async () => {
    const hashes = ["01", "02", "03", "04", "05"].map((b) => b.repeat(32));
    async function* stream() {
      await Promise.resolve();
      yield* hashes;
    }
    const whole = ledgerDigestOf("sm3", hashes);
    expect(await ledgerDigestOfStream("sm3", stream())).toEqual(whole);
    expect(whole.events).toBe(5);
    expect(ledgerDigestOf("sha256", hashes).digest).not.toBe(whole.digest);
  });
});
