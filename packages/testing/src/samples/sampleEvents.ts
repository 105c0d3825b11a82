import type { Actor, EventData, NewHazardEvent } from "@hazard-ledger/core";

/** Envelope fields a sample event may override. */
export type SampleEnvelope = Partial<
  Pick<NewHazardEvent, "occurredAt" | "recordedAt" | "eventId" | "commandId" | "actor">
>;

/** The inspector who records the sample events. */
export const sampleActor: Actor = { id: "u-1001", role: "inspector", org: "区应急管理局", level: "county" };

/** The `data` of the spec's example `HazardReported` line: one hazard at one machine works. */
export const sampleReportedData: EventData<"HazardReported"> = {
  title: "配电箱未接地",
  level: "general",
  sector: "industry_trade",
  region: "430104001",
  unit: { name: "某某机械厂" },
  source: "department_inspection",
};

/** A valid `HazardReported` event (the spec's example line), the shared example of tests. */
export const sampleReported = (hazardId: string, envelope: SampleEnvelope = {}): NewHazardEvent => ({
  hazardId,
  type: "HazardReported",
  occurredAt: "2023-03-01T09:30:00+08:00",
  actor: sampleActor,
  // A fresh copy a call, so a test that alters its event cannot leak into the next.
  data: structuredClone(sampleReportedData),
  ...envelope,
});

/** A valid `ProgressReported` event whose note tells it apart from its neighbours. */
export const sampleProgress = (
  hazardId: string,
  note: string,
  envelope: SampleEnvelope = {},
): NewHazardEvent => ({
  hazardId,
  type: "ProgressReported",
  occurredAt: "2023-03-02T09:30:00+08:00",
  actor: sampleActor,
  data: { note },
  ...envelope,
});

/** `count` progress events noted `${prefix}${i}`: a stream body for store tests. */
export const sampleProgressEvents = (
  hazardId: string,
  count: number,
  prefix = "p",
  envelope: SampleEnvelope = {},
): NewHazardEvent[] =>
  Array.from({ length: count }, (_, i) => sampleProgress(hazardId, `${prefix}${i}`, envelope));
