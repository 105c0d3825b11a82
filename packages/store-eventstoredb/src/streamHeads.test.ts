import { type StoredHazardEvent } from "@hazard-ledger/core";
import { type CommandSpan, GENESIS_HASH } from "@hazard-ledger/core/store-kit";
import { describe, expect, it } from "vitest";
import { StreamHeadCache, emptyStreamHead, extendStreamHead } from "./streamHeads.js";

const event = (seq: number, commandId?: string): StoredHazardEvent =>
  ({
    hazardId: "HZ-1",
    seq,
    hash: `${seq}`.padStart(64, "a"),
    ...(commandId !== undefined ? { commandId } : {}),
  }) as StoredHazardEvent;

describe("extendStreamHead", () => {
  it("takes the length, last hash and each command's run of seqs", () => {
    const head = emptyStreamHead();
    expect(head).toEqual({ length: 0, lastHash: GENESIS_HASH, commands: new Map() });
    extendStreamHead(head, [event(0, "c1"), event(1, "c1"), event(2), event(3, "c2")]);
    expect(head.length).toBe(4);
    expect(head.lastHash).toBe(event(3).hash);
    expect(head.commands).toEqual(
      new Map<string, CommandSpan>([
        ["c1", { from: 0, to: 1 }],
        ["c2", 3],
      ]),
    );
  });

  it("skips events it already holds, so racing readers extend it once", () => {
    const head = emptyStreamHead();
    extendStreamHead(head, [event(0), event(1)]);
    extendStreamHead(head, [event(1), event(2)]);
    expect(head.length).toBe(3);
  });

  it("refuses a gap", () => {
    expect(() => extendStreamHead(emptyStreamHead(), [event(1)])).toThrow(/at 0, cannot take seq 1/);
  });
});

describe("StreamHeadCache", () => {
  it("drops the least recently used head beyond its capacity", () => {
    const cache = new StreamHeadCache(2);
    cache.set("a", emptyStreamHead());
    cache.set("b", emptyStreamHead());
    cache.get("a");
    cache.set("c", emptyStreamHead());
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")).toBeDefined();
    expect(cache.size).toBe(2);
  });

  it("keeps nothing with capacity 0, and refuses a negative one", () => {
    const cache = new StreamHeadCache(0);
    cache.set("a", emptyStreamHead());
    expect(cache.size).toBe(0);
    expect(() => new StreamHeadCache(-1)).toThrow(/streamCacheSize -1/);
  });
});
