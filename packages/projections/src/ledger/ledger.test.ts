import { describe, expect, it } from "vitest";
import { HistoryBuilder } from "./historyBuilder.fixture.js";
import { foldLedger } from "./ledger.js";
import { NO_CUTOFF, cutoffOf } from "./timeAxes.js";

describe("foldLedger", () => {
  const b = new HistoryBuilder();
  b.hazard("A", "2023-03-01T09:00:00+08:00").assign("2023-03-01T10:00:00+08:00", "2023-03-10");
  b.hazard("B", "2023-03-02T09:00:00+08:00");

  it("folds each stream with core's applyEvent", () => {
    const ledger = foldLedger(b.events);
    expect(ledger._tag).toBe("Right");
    if (ledger._tag === "Left") return;
    expect(ledger.right.hazards.get("A")?.state).toMatchObject({
      status: "rectifying",
      seq: 1,
      deadline: "2023-03-10",
    });
    expect(ledger.right.eventCount).toBe(3);
  });

  it("skips a redelivered event and names a gap", () => {
    const [a0, a1] = b.events;
    if (a0 === undefined || a1 === undefined) throw new Error("fixture");
    const again = foldLedger([a0, a1, a1]);
    expect(again._tag === "Right" && again.right.hazards.get("A")?.state.seq).toBe(1);
    expect(foldLedger([a0, { ...a1, seq: 3 }])).toEqual({
      _tag: "Left",
      left: { code: "INVALID_HISTORY", message: "hazard A: event seq 3 follows seq 0 (a gap in the stream)" },
    });
    expect(foldLedger([a1])).toEqual({
      _tag: "Left",
      left: { code: "INVALID_HISTORY", message: "hazard A: its first event has seq 1, expected 0" },
    });
  });

  it("cuts a stream at its first event recorded after known-at, even if a later one was recorded earlier", () => {
    const h = new HistoryBuilder();
    h.hazard("A", "2023-03-01T09:00:00+08:00", {}, "2023-03-01T09:00:00+08:00")
      .assign("2023-03-01T10:00:00+08:00", "2023-03-10", "2023-03-05T00:00:00+08:00")
      .complete("2023-03-02T10:00:00+08:00", "2023-03-02T10:00:00+08:00");
    const ledger = foldLedger(h.events, cutoffOf(null, "2023-03-03T00:00:00+08:00"));
    expect(ledger._tag === "Right" && ledger.right.hazards.get("A")?.state).toMatchObject({
      status: "reported",
      seq: 0,
    });
    const all = foldLedger(h.events, NO_CUTOFF);
    expect(all._tag === "Right" && all.right.hazards.get("A")?.state.status).toBe("pending_acceptance");
  });
});
