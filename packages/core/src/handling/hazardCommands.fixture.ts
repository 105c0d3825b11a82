import { sampleReportedData } from "@hazard-ledger/testing";
import fc from "fast-check";
import type { Actor } from "../codecs/primitives.js";
import type { HazardCommand } from "../commands/hazardCommand.js";
import { decideContext } from "../decider/decide.js";

/**
 * Random hazard commands for the handler's properties: every command type, with actors the
 * default policy mostly permits and data from small sets, so that random sequences walk the
 * lifecycle with a fair share of both accepted and refused commands.
 */

const enterprise: Actor = { id: "ent-1", role: "enterprise", org: "某某机械厂" };
const inspector: Actor = { id: "insp-1", role: "inspector", org: "区应急管理局", level: "county" };
const cityAuthority: Actor = { id: "gov-1", role: "authority", org: "市安委会", level: "city" };
const publicActor: Actor = { id: "pub-1", role: "public" };

/** A command without its envelope's hazard, time and id, which the sequence assigns. */
export type CommandBody = Omit<HazardCommand, "hazardId" | "occurredAt" | "commandId">;

const body = (b: unknown): CommandBody => b as CommandBody;

/** One random command body, of any of the 16 types. */
export const commandBodyArb: fc.Arbitrary<CommandBody> = fc.oneof(
  fc
    .record({ level: fc.constantFrom("general", "major"), actor: fc.constantFrom(inspector, publicActor) })
    .map(({ level, actor }) =>
      body({
        type: "ReportHazard",
        actor,
        data: { ...sampleReportedData, level },
      }),
    ),
  fc
    .record({ plan: fc.boolean(), deadline: fc.constantFrom("2023-06-30", "2023-07-15") })
    .map(({ plan, deadline }) =>
      body({
        type: "AssignRectification",
        actor: enterprise,
        data: { responsibleUnit: "设备科", deadline, ...(plan ? { plan: { goal: "接地改造" } } : {}) },
      }),
    ),
  fc.constant(
    body({
      type: "ListSupervision",
      actor: cityAuthority,
      data: { authority: "市安委会", authorityLevel: "city", deadline: "2023-08-31" },
    }),
  ),
  fc
    .record({
      scope: fc.constantFrom("rectification", "supervision"),
      newDeadline: fc.constantFrom("2023-07-31", "2023-09-30"),
    })
    .map(({ scope, newDeadline }) =>
      body({
        type: "ExtendDeadline",
        actor: scope === "supervision" ? cityAuthority : inspector,
        data: { scope, newDeadline, reason: "材料未到" },
      }),
    ),
  fc
    .constantFrom("general", "major")
    .map((to) => body({ type: "ChangeLevel", actor: inspector, data: { to, reason: "复核" } })),
  fc
    .boolean()
    .map((longTerm) =>
      body({ type: "ApplyControlMeasures", actor: enterprise, data: { measures: "设置警戒", longTerm } }),
    ),
  fc.constant(body({ type: "CompleteRectification", actor: enterprise, data: { measuresTaken: "已接地" } })),
  fc.constant(body({ type: "AcceptRectification", actor: inspector, data: {} })),
  fc.constant(body({ type: "RejectRectification", actor: inspector, data: { reason: "接地电阻超标" } })),
  fc.constant(body({ type: "LiftSupervision", actor: cityAuthority, data: {} })),
  fc.constant(body({ type: "CloseHazard", actor: inspector, data: {} })),
  fc.constant(
    body({
      type: "ReopenHazard",
      actor: inspector,
      data: { reason: "回头看发现反弹", deadline: "2023-10-31" },
    }),
  ),
  fc
    .constantFrom("duplicate", "false_report", "other")
    .map((reason) => body({ type: "VoidHazard", actor: inspector, data: { reason } })),
  fc
    .constantFrom("reminder", "supervision_letter", "interview", "bulletin")
    .map((kind) => body({ type: "IssueNotice", actor: inspector, data: { kind } })),
  fc.constantFrom(0, 50_000).map((fineFen) =>
    body({
      type: "RecordEnforcement",
      actor: inspector,
      data: { action: "fine", ...(fineFen > 0 ? { fineFen } : {}) },
    }),
  ),
  fc.constant(body({ type: "ReportProgress", actor: enterprise, data: { note: "已采购接地材料" } })),
);

/** The report that opens a hazard's stream. */
export const reportBody: CommandBody = body({
  type: "ReportHazard",
  actor: inspector,
  data: sampleReportedData,
});

/** The n-th minute after 2023-03-01T09:00+08:00, as an instant. */
export const minuteAfterStart = (n: number): string => new Date(Date.UTC(2023, 2, 1, 1, n)).toISOString();

/** A full command from a body, for `hazardId`, at minute `minute`, with id `commandId`. */
export const commandOf = (
  b: CommandBody,
  hazardId: string,
  minute: number,
  commandId: string,
): HazardCommand => ({ ...b, hazardId, occurredAt: minuteAfterStart(minute), commandId }) as HazardCommand;

/**
 * Commands over `hazards` hazards: each hazard's report first, then a random tail, times
 * increasing and command ids unique (`cmd-<index>`).
 */
export const hazardCommandsArb = (hazards: readonly string[], maxTail = 30): fc.Arbitrary<HazardCommand[]> =>
  fc
    .array(fc.tuple(fc.constantFrom(...hazards), commandBodyArb), { maxLength: maxTail })
    .map((tail) =>
      [...hazards.map((h) => [h, reportBody] as const), ...tail].map(([h, b], i) =>
        commandOf(b, h, i, `cmd-${i}`),
      ),
    );

/** A context recorded after every command of the fixtures. */
export const laterContext = decideContext("2024-01-01T00:00:00Z");
