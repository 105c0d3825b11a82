import { jsonEvent } from "@eventstore/db-client";
import { sampleProgress, sampleProgressEvents } from "@hazard-ledger/testing";
import { describe, expect, it } from "vitest";
import { chunkByCommand, sealedEventSizeBound, serverEventSize } from "./appendSize.js";

describe("serverEventSize", () => {
  it("is the server's Event.SizeOnDisk: data and metadata bytes, and the type twice", () => {
    const event = jsonEvent({ type: "ProgressReported", data: { note: "隐患" }, metadata: { seq: 1 } });
    expect(serverEventSize(event)).toBe(
      Buffer.byteLength('{"note":"隐患"}') + Buffer.byteLength('{"seq":1}') + "ProgressReported".length * 2,
    );
  });
});

describe("chunkByCommand", () => {
  it("keeps every event, in order, each run under the limit", () => {
    const events = sampleProgressEvents("HZ-1", 100);
    const limit = sealedEventSizeBound(events[0] as never) * 7;
    const chunks = chunkByCommand(events, limit);
    expect(chunks.flat()).toEqual(events);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks)
      expect(chunk.reduce((sum, e) => sum + sealedEventSizeBound(e), 0)).toBeLessThanOrEqual(limit);
  });

  it("never cuts a command's events apart, even when the run is then over the limit", () => {
    const events = [
      sampleProgress("HZ-1", "a", { commandId: "c1" }),
      sampleProgress("HZ-1", "b", { commandId: "c2" }),
      sampleProgress("HZ-1", "c", { commandId: "c2" }),
      sampleProgress("HZ-1", "d", { commandId: "c2" }),
      sampleProgress("HZ-1", "e", { commandId: "c3" }),
    ];
    const limit = sealedEventSizeBound(events[0] as never) * 2;
    const chunks = chunkByCommand(events, limit);
    expect(chunks.map((c) => c.map((e) => e.commandId))).toEqual([["c1"], ["c2", "c2", "c2"], ["c3"]]);
  });

  it("gives one run for an append under the limit, and none for no events", () => {
    const events = sampleProgressEvents("HZ-1", 3);
    expect(chunkByCommand(events, 1_048_576)).toEqual([events]);
    expect(chunkByCommand([], 1_048_576)).toEqual([]);
  });
});
