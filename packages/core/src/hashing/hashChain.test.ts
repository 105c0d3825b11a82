import { describe, expect, it } from "vitest";
import type { HashAlgorithm } from "../digest/hashAlgorithm.js";
import { GENESIS_HASH, type NewHazardEvent } from "../events/hazardEvent.js";
import { deepFreeze } from "./deepFreeze.js";
import { type UnhashedEvent, hashEvent, sealEvent, verifyStream } from "./hashChain.js";
import { sealedLog } from "./sealedLog.fixture.js";
import { sampleActor, sampleReportedData } from "@hazard-ledger/testing";

// The event of the interchange spec's example line, sealed as the first of its hazard.
const reported: UnhashedEvent = {
  hazardId: "HZ-2023-000001",
  seq: 0,
  type: "HazardReported",
  occurredAt: "2023-03-01T09:30:00+08:00",
  recordedAt: "2023-03-01T02:05:11.120Z",
  actor: sampleActor,
  data: sampleReportedData,
  schemaVersion: 1,
  prevHash: GENESIS_HASH,
};

const chainOf = (algorithm?: HashAlgorithm) => sealedLog(1, 3, algorithm);

describe("hash chain", () => {
  it("hashes a sha256 ledger's events byte for byte as before SM3 existed", () => {
    // Computed with the code before the algorithm became a parameter.
    expect(hashEvent(reported)).toBe("e1b6425e7ae9bdba98771e465e6e138c03e6d0fcee2ab0e25c208195d27aa96a");
    expect(hashEvent(reported, "sha256")).toBe(hashEvent(reported));
    expect(chainOf("sha256")).toEqual(chainOf());
  });

  it("hashes an sm3 ledger's events with SM3 over the same canonical JSON", () => {
    expect(hashEvent(reported, "sm3")).toBe(
      "db2afbefc0099c95c9e0d4cec0fd858bdc990829dc7d8b658c9000634c683d57",
    );
  });

  it("verifies an sm3 chain with sm3 and finds every hash broken when checked as sha256", () => {
    const sm3 = chainOf("sm3");
    expect(verifyStream(sm3, "sm3")).toEqual([]);
    expect(verifyStream(sm3).map((b) => [b.seq, b.reason])).toEqual([
      [0, "hash_mismatch"],
      [1, "hash_mismatch"],
      [2, "hash_mismatch"],
    ]);
    expect(verifyStream(chainOf(), "sm3")).toHaveLength(3);
  });
});

describe("sealEvent of a frozen event", () => {
  const { seq: _seq, schemaVersion: _v, prevHash: _p, ...rest } = reported;
  const content = rest as NewHazardEvent;
  const seal = { seq: 0, recordedAt: reported.recordedAt, prevHash: GENESIS_HASH, schemaVersion: 1 };

  it("seals a frozen event again as it seals a fresh copy, for the same seal and for another", () => {
    const frozen = deepFreeze(structuredClone(content));
    const first = sealEvent(frozen, seal);
    expect(first).toEqual(sealEvent(structuredClone(content), seal));
    expect(sealEvent(frozen, seal)).toEqual(first);
    // Each kept field of the seal counts: another one is hashed afresh, never the kept hash.
    const others = [
      { ...seal, seq: 1 },
      { ...seal, prevHash: "f".repeat(64) },
      { ...seal, schemaVersion: 2 },
      { ...seal, hashAlgorithm: "sm3" as const },
    ];
    for (const other of others) {
      const again = sealEvent(frozen, other);
      expect(again).toEqual(sealEvent(structuredClone(content), other));
      expect(again.hash).not.toBe(first.hash);
    }
  });

  it("gives each caller its own copy of a kept seal", () => {
    const frozen = deepFreeze(structuredClone(content));
    const first = sealEvent(frozen, seal) as { position?: bigint };
    first.position = 7n;
    expect(sealEvent(frozen, seal)).not.toHaveProperty("position");
  });
});
