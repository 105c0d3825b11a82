import { readFileSync } from "node:fs";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { hashFunction } from "./hashAlgorithm.js";
import { merkleHasher } from "./merkleHashing.js";
import { MerkleTree } from "./merkleTree.js";
import { rootFromConsistencyPath, rootFromInclusionPath } from "./proofVerification.js";

// Known answers from RFC 6962 / RFC 9162 as published by github.com/transparency-dev/merkle
// (testonly/constants.go and testdata/, Apache-2.0): the eight leaf inputs, the root of every
// prefix, and 98 inclusion and 98 consistency probes (valid and tampered proofs).
const LEAF_INPUTS = [
  "",
  "00",
  "10",
  "2021",
  "3031",
  "40414243",
  "5051525354555657",
  "606162636465666768696a6b6c6d6e6f",
];
const ROOTS = [
  "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
  "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
  "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
  "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
  "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
  "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
  "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
  "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
];

interface InclusionProbe {
  leafIdx: number;
  treeSize: number;
  root: string | null;
  leafHash: string | null;
  proof: string[];
  desc: string;
  wantErr: boolean;
  file: string;
}
interface ConsistencyProbe {
  size1: number;
  size2: number;
  root1: string | null;
  root2: string | null;
  proof: string[];
  desc: string;
  wantErr: boolean;
  file: string;
}
const probes = JSON.parse(readFileSync(new URL("./rfc6962Probes.fixture.json", import.meta.url), "utf8")) as {
  inclusion: InclusionProbe[];
  consistency: ConsistencyProbe[];
};

const hasher = merkleHasher(hashFunction("sha256"));
const bytes = (hex: string | null) => Buffer.from(hex ?? "", "hex");
const tree = new MerkleTree(
  hasher,
  LEAF_INPUTS.map((l) => hasher.leaf(bytes(l))),
);

describe("Merkle tree hash (RFC 9162 §2.1.1) known answers", () => {
  it("gives the published root of every prefix of the eight test leaves", () => {
    expect(ROOTS.map((_, size) => tree.root(size).toString("hex"))).toEqual(ROOTS);
  });

  it("generates the published audit and consistency paths", () => {
    for (const p of probes.inclusion.filter((p) => p.desc === "happy path"))
      expect(
        tree.inclusionPath(p.leafIdx, p.treeSize).map((n) => n.toString("hex")),
        p.file,
      ).toEqual(p.proof);
    for (const p of probes.consistency.filter((p) => p.desc === "happy path"))
      expect(
        tree.consistencyPath(p.size1, p.size2).map((n) => n.toString("hex")),
        p.file,
      ).toEqual(p.proof);
  });

  it("accepts every valid inclusion probe and refuses every tampered one", () => {
    for (const p of probes.inclusion) {
      const root = rootFromInclusionPath(
        hasher,
        p.leafIdx,
        p.treeSize,
        bytes(p.leafHash),
        p.proof.map(bytes),
      );
      const ok = E.isRight(root) && root.right.equals(bytes(p.root));
      expect(ok, `${p.file}: ${p.desc}`).toBe(!p.wantErr);
    }
  });

  it("accepts every valid consistency probe and refuses every tampered one", () => {
    for (const p of probes.consistency) {
      const root = rootFromConsistencyPath(hasher, p.size1, p.size2, p.proof.map(bytes), bytes(p.root1));
      const ok = E.isRight(root) && root.right.equals(bytes(p.root2));
      expect(ok, `${p.file}: ${p.desc}`).toBe(!p.wantErr);
    }
  });
});
