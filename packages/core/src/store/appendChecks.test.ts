import { describe, expect, it } from "vitest";
import type { NewHazardEvent } from "../events/hazardEvent.js";
import { checkAppendShape, matchesExpectedRevision, wrongExpectedRevision } from "./appendChecks.js";
import type { ExpectedRevision, StreamRevision } from "./eventStore.js";

const event = (hazardId: string): NewHazardEvent => ({
  hazardId,
  type: "ProgressReported",
  occurredAt: "2023-03-02T09:30:00+08:00",
  actor: { id: "u-1", role: "enterprise" },
  data: { note: "n" },
});

describe("matchesExpectedRevision", () => {
  const table: [ExpectedRevision, StreamRevision, boolean][] = [
    ["any", "no_stream", true],
    ["any", 4, true],
    ["no_stream", "no_stream", true],
    ["no_stream", 0, false],
    ["stream_exists", "no_stream", false],
    ["stream_exists", 0, true],
    [0, "no_stream", false],
    [0, 0, true],
    [3, 4, false],
    [4, 4, true],
    [5, 4, false],
  ];
  it.each(table)("expected %s on a stream at %s: %s", (expected, actual, ok) => {
    expect(matchesExpectedRevision(expected, actual)).toBe(ok);
  });
});

describe("wrongExpectedRevision", () => {
  it("says what was expected and where the stream is, in one line", () => {
    expect(wrongExpectedRevision("HZ-1", 2, "no_stream").message).toBe(
      "HZ-1: expected revision 2, but the stream has no events (no_stream)",
    );
    expect(wrongExpectedRevision("HZ-1", "no_stream", 3).message).toBe(
      "HZ-1: expected revision no_stream, but the stream is at revision 3",
    );
  });
});

describe("checkAppendShape", () => {
  it("accepts a well-formed append", () => {
    expect(checkAppendShape("HZ-1", [event("HZ-1")], 0)).toBeUndefined();
  });

  it("names the event of another hazard by its index", () => {
    expect(checkAppendShape("HZ-1", [event("HZ-1"), event("HZ-2")], "any")?.message).toBe(
      'HZ-1: events[1].hazardId is "HZ-2", not the stream\'s hazard',
    );
  });

  it("refuses an empty append, a bad stream name and a revision that is not one", () => {
    expect(checkAppendShape("HZ-1", [], "any")?.message).toBe("HZ-1: an append needs at least one event");
    expect(checkAppendShape("a b", [event("a b")], "any")?.message).toBe('a b: "a b" is not a hazard id');
    expect(checkAppendShape("HZ-1", [event("HZ-1")], -1)?.code).toBe("INVALID_APPEND");
    expect(checkAppendShape("HZ-1", [event("HZ-1")], "latest" as ExpectedRevision)?.message).toBe(
      'HZ-1: expected revision "latest" is not a revision',
    );
  });
});
