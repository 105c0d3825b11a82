import type { NewHazardEvent } from "@hazard-ledger/core";

/** A valid `HazardReported` event for adapter tests. */
export const reported = (hazardId: string, envelope: Partial<NewHazardEvent> = {}): NewHazardEvent =>
  ({
    hazardId,
    type: "HazardReported",
    occurredAt: "2023-03-01T09:30:00+08:00",
    actor: { id: "u-1001", role: "inspector", org: "区应急管理局", level: "county" },
    data: {
      title: "配电箱未接地",
      level: "general",
      sector: "industry_trade",
      region: "430104001",
      unit: { name: "某某机械厂" },
      source: "department_inspection",
    },
    ...envelope,
  }) as NewHazardEvent;

/** A valid `ProgressReported` event told apart by its note. */
export const progress = (
  hazardId: string,
  note: string,
  envelope: Partial<NewHazardEvent> = {},
): NewHazardEvent =>
  ({
    hazardId,
    type: "ProgressReported",
    occurredAt: "2023-03-02T09:30:00+08:00",
    actor: { id: "u-1001", role: "inspector" },
    data: { note },
    ...envelope,
  }) as NewHazardEvent;

/** A clock that moves one second a call, from a fixed instant. */
export const steppingClock = (start = Date.parse("2024-05-01T00:00:00Z")): (() => Date) => {
  let t = start;
  return () => new Date((t += 1000));
};
