import type { HazardCommand, NewHazardEvent } from "@hazard-ledger/core";
import { describe, expect, it } from "vitest";
import { sampleActor, sampleLifecycle } from "../samples/sampleEvents.js";
import { given } from "./givenWhenThen.js";

const close: HazardCommand = {
  type: "CloseHazard",
  hazardId: "HZ-1",
  occurredAt: "2023-03-20T10:00:00+08:00",
  actor: sampleActor,
  data: {},
};
const progress: HazardCommand = {
  type: "ReportProgress",
  hazardId: "HZ-1",
  occurredAt: "2023-03-20T10:00:00+08:00",
  actor: { id: "ent-1", role: "enterprise" },
  data: { note: "材料已到" },
};

/** The events the two commands ask for, once accepted. */
const progressed: NewHazardEvent = { ...progress, type: "ProgressReported", data: { note: "材料已到" } };
const closed: NewHazardEvent = { ...close, type: "HazardClosed", data: {} };

describe("given/when/then", () => {
  it("passes on the events a command gives, and on the code it is refused with", () => {
    given(sampleLifecycle("HZ-1", "rectifying")).when(progress).then([progressed]);
    given(sampleLifecycle("HZ-1", "rectifying")).when(close).then("NOT_ACCEPTED");
    expect(given(sampleLifecycle("HZ-1", "rectifying")).when(close).thenError("NOT_ACCEPTED").seq).toBe(2);
    expect(given(sampleLifecycle("HZ-1", "rectifying")).when(progress).thenState().status).toBe("rectifying");
  });

  it("fails naming the refusal when events were expected", () => {
    expect(() => given(sampleLifecycle("HZ-1", "rectifying")).when(close).then([closed])).toThrow(
      "expected CloseHazard to be accepted, but it was refused: HZ-1 seq 2: NOT_ACCEPTED: only an accepted hazard may be closed; the hazard is rectifying",
    );
  });

  it("fails naming the events when a refusal was expected, and the other code when it differs", () => {
    expect(() => given(sampleLifecycle("HZ-1", "rectifying")).when(progress).then("NOT_ACCEPTED")).toThrow(
      "expected ReportProgress to be refused with NOT_ACCEPTED, but it was accepted as ProgressReported",
    );
    expect(() => given(sampleLifecycle("HZ-1", "rectifying")).when(close).then("HAZARD_CLOSED")).toThrow(
      /expected CloseHazard to be refused with HAZARD_CLOSED, but it was refused: HZ-1 seq 2: NOT_ACCEPTED/,
    );
  });

  it("fails on other events than those expected", () => {
    const other = { ...progressed, data: { note: "另一条" } };
    expect(() => given(sampleLifecycle("HZ-1", "rectifying")).when(progress).then([other])).toThrow(
      /expected ReportProgress to give ProgressReported/,
    );
  });

  it("decides at `now` when given, else at the command's occurredAt", () => {
    given(sampleLifecycle("HZ-1", "rectifying"))
      .when(progress, "2023-03-20T01:00:00Z")
      .then("OCCURRED_AFTER_RECORDED");
  });

  it("refuses a history of several hazards with a clear error", () => {
    expect(() =>
      given([...sampleLifecycle("HZ-1", "reported"), ...sampleLifecycle("HZ-2", "reported")]),
    ).toThrow("given: a scenario is one hazard's stream, but the events name HZ-1, HZ-2");
  });
});
