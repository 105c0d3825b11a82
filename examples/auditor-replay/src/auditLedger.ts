import { buildDemoLedger } from "@hazard-ledger/cli";
import {
  type Actor,
  type EventStore,
  type ImportError,
  type ImportSummary,
  type NewHazardEvent,
  importEventLog,
  instantMillis,
} from "@hazard-ledger/core";
import type { Either } from "fp-ts/lib/Either.js";

/**
 * What the auditor checks: the statistics of the first three quarters of 2023 as the
 * district filed them on 13 October (quarterly figures are due by the 15th).
 */
export const FILING = {
  period: { from: "2023-01-01", to: "2023-10-01" },
  filedAt: "2023-10-13T17:00:00+08:00",
} as const;

const INSPECTOR: Actor = { id: "insp-yh-02", role: "inspector", org: "雨花区应急管理局", level: "county" };

/** When the paper records of September's inspections were finally entered (补录). */
const BACKFILLED_AT = "2023-11-20T02:00:00.000Z";

/**
 * Hazards found in September but entered only in November, when a review (回头看) turned up
 * the paper records of a campaign: they happened before the filing, they were recorded after
 * it. This is what makes "what was true then" differ from "what the ledger said then".
 */
export const backfilledEvents = (): NewHazardEvent[] =>
  [
    { day: "2023-09-05", title: "消防通道堵塞", sector: "fire", fixed: true },
    { day: "2023-09-12", title: "配电箱未接地", sector: "industry_trade", fixed: true },
    { day: "2023-09-18", title: "燃气报警器失效", sector: "gas", fixed: false },
    { day: "2023-09-26", title: "临边防护缺失", sector: "construction", fixed: false },
  ].flatMap(({ day, title, sector, fixed }, i) => {
    const hazardId = `HZ-2023-B${String(i + 1).padStart(5, "0")}`;
    const at = (time: string) => `${day}T${time}+08:00`;
    const event = (type: NewHazardEvent["type"], occurredAt: string, data: object, n: number) =>
      ({
        hazardId,
        type,
        occurredAt,
        recordedAt: BACKFILLED_AT,
        actor: INSPECTOR,
        data,
        commandId: `backfill-${hazardId}-${n}`,
      }) as NewHazardEvent;
    const unit = { name: `长沙补录检查单位${i + 1}号` };
    return [
      event(
        "HazardReported",
        at("09:30:00"),
        { title, level: "general", sector, region: "430111004", unit, source: "department_inspection" },
        0,
      ),
      event(
        "RectificationAssigned",
        at("10:00:00"),
        { responsibleUnit: unit.name, deadline: "2023-10-20" },
        1,
      ),
      ...(fixed
        ? [
            event("RectificationCompleted", at("16:00:00"), { measuresTaken: "当日整改" }, 2),
            event("RectificationAccepted", at("17:00:00"), { comment: "复查合格" }, 3),
          ]
        : []),
    ];
  });

/** The ledger as it was written through 2023: the demo district's events and the back-filled ones, in recording order. */
export const auditLedgerEvents = (): NewHazardEvent[] =>
  [...buildDemoLedger(), ...backfilledEvents()]
    .map((event, index) => ({ event, index }))
    .sort(
      (a, b) =>
        instantMillis(a.event.recordedAt ?? "") - instantMillis(b.event.recordedAt ?? "") ||
        a.index - b.index,
    )
    .map(({ event }) => event);

/**
 * Writes the audit ledger into `store` through the import (every event passes the rules). The
 * commandIds are fixed, so building into a store that already holds it changes nothing.
 */
export const buildAuditLedger = (
  store: EventStore,
  now: string,
): Promise<Either<ImportError, ImportSummary>> =>
  importEventLog(
    store,
    auditLedgerEvents().map((e) => JSON.stringify(e)),
    { now },
  );
