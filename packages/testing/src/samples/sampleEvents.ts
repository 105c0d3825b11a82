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
  // A copy too: a test that alters the actor (the conformance suite does) must not change
  // the actor of every later sample in the same file.
  actor: structuredClone(sampleActor),
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
  actor: structuredClone(sampleActor),
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

/** How far {@link sampleLifecycle} takes a hazard. */
export type SampleOutcome = "reported" | "rectifying" | "closed" | "reopened";

/**
 * A hazard's stream from its report (the spec's example, on `day`) to an outcome: assigned
 * with a deadline 30 days on, completed, accepted and closed within the week, and for
 * `reopened`, reopened ten days later. `data` overrides the report's fields.
 */
export const sampleLifecycle = (
  hazardId: string,
  outcome: SampleOutcome,
  options: { readonly day?: string; readonly data?: Partial<EventData<"HazardReported">> } = {},
): NewHazardEvent[] => {
  const day = options.day ?? "2023-03-01";
  const at = (offset: number) => {
    const d = new Date(`${day}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + offset);
    return d.toISOString().slice(0, 10);
  };
  const event = (type: NewHazardEvent["type"], offset: number, data: unknown): NewHazardEvent =>
    ({
      hazardId,
      type,
      occurredAt: `${at(offset)}T10:00:00+08:00`,
      actor: sampleActor,
      data,
    }) as NewHazardEvent;
  const reported: NewHazardEvent = {
    ...sampleReported(hazardId, { occurredAt: `${day}T09:30:00+08:00` }),
    data: { ...structuredClone(sampleReportedData), ...options.data },
  } as NewHazardEvent;
  if (outcome === "reported") return [reported];
  const assigned = event("RectificationAssigned", 0, { responsibleUnit: "某某机械厂", deadline: at(30) });
  if (outcome === "rectifying") return [reported, assigned];
  const closed = [
    reported,
    assigned,
    event("RectificationCompleted", 3, {}),
    event("RectificationAccepted", 4, {}),
    event("HazardClosed", 5, {}),
  ];
  if (outcome === "closed") return closed;
  return [...closed, event("HazardReopened", 15, { reason: "回头看发现复发", deadline: at(45) })];
};
