import type { NewHazardEvent } from "@hazard-ledger/core";
import { sampleActor as inspector, sampleReportedData } from "@hazard-ledger/testing";

const enterprise = { id: "e-2001", role: "enterprise", org: "某某机械厂" } as const;

const DAY = 86_400_000;
const BASE = Date.UTC(2023, 0, 1, 1, 30);
const at = (ms: number): string => new Date(ms).toISOString();
const date = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/**
 * A plausible general hazard's life in `perHazard` events (at least 5): reported, assigned
 * with a deadline, progress reports, completed, accepted, closed. Each event brings its
 * `recordedAt` (an import keeps it) and a command id.
 */
export const hazardHistory = (h: number, perHazard: number): NewHazardEvent[] => {
  const hazardId = `HZ-2023-${String(h).padStart(7, "0")}`;
  const start = BASE + (h % 300) * DAY + (h % 1000) * 1000;
  let step = 0;
  const envelope = (actor: NewHazardEvent["actor"]) => {
    const t = start + step * 3_600_000;
    return {
      hazardId,
      occurredAt: at(t),
      recordedAt: at(t + 60_000),
      actor,
      commandId: `${hazardId}/c${step++}`,
    };
  };
  const events: NewHazardEvent[] = [
    {
      ...envelope(inspector),
      type: "HazardReported",
      data: {
        ...sampleReportedData,
        description: "二号车间配电箱外壳未做保护接地",
        category: "object",
      },
    },
    {
      ...envelope(inspector),
      type: "RectificationAssigned",
      data: {
        responsibleUnit: "某某机械厂设备科",
        deadline: date(start + 30 * DAY),
        responsiblePerson: "张三",
      },
    },
  ];
  for (let i = 0; i < perHazard - 5; i++)
    events.push({
      ...envelope(enterprise),
      type: "ProgressReported",
      data: { note: `已采购接地材料，第${i + 1}次进展` },
    });
  events.push(
    {
      ...envelope(enterprise),
      type: "RectificationCompleted",
      data: { measuresTaken: "已完成保护接地", costFen: 120_000, evidence: ["photo-1.jpg"] },
    },
    { ...envelope(inspector), type: "RectificationAccepted", data: { comment: "复查合格" } },
    { ...envelope(inspector), type: "HazardClosed", data: {} },
  );
  return events;
};
