import {
  type Actor,
  type AuthorizationPolicy,
  type DomainError,
  type HazardCommand,
  type NewHazardEvent,
  decideContext,
  getInMemoryEventStore,
  hazardCommandHandler,
  replay,
  hazardDecider,
} from "@hazard-ledger/core";
import * as E from "fp-ts/lib/Either.js";

const INSPECTOR: Actor = { id: "insp-county", role: "inspector", org: "某某区应急管理局", level: "county" };
const TOWNSHIP_INSPECTOR: Actor = {
  id: "insp-town",
  role: "inspector",
  org: "某某街道安监站",
  level: "township",
};
const UNIT: Actor = { id: "ent-1", role: "enterprise", org: "某某化工有限公司" };
const AUTHORITY: Actor = { id: "gov-county", role: "authority", org: "某某区人民政府", level: "county" };

/** When the ledger records the tour's commands. */
const NOW = "2023-06-01T10:00:00+08:00";

const unit = { name: "某某化工有限公司" };

/** A major hazard, rectified and accepted (ready to be closed), and a general one under rectification. */
const SETUP: readonly HazardCommand[] = [
  {
    type: "ReportHazard",
    hazardId: "HZ-P-1",
    occurredAt: "2023-05-08T09:00:00+08:00",
    actor: INSPECTOR,
    data: {
      title: "储罐区可燃气体报警器失效",
      level: "major",
      sector: "hazchem",
      region: "430104",
      unit,
      source: "department_inspection",
    },
  },
  {
    type: "AssignRectification",
    hazardId: "HZ-P-1",
    occurredAt: "2023-05-08T10:00:00+08:00",
    actor: INSPECTOR,
    data: {
      responsibleUnit: unit.name,
      deadline: "2023-07-31",
      plan: { goals: "更换报警器", fundsFen: 2_000_000 },
    },
  },
  {
    type: "CompleteRectification",
    hazardId: "HZ-P-1",
    occurredAt: "2023-05-29T15:00:00+08:00",
    actor: UNIT,
    data: { measuresTaken: "全部更换并联网" },
  },
  {
    type: "AcceptRectification",
    hazardId: "HZ-P-1",
    occurredAt: "2023-05-30T10:00:00+08:00",
    actor: INSPECTOR,
    data: {},
  },
  {
    type: "ReportHazard",
    hazardId: "HZ-P-2",
    occurredAt: "2023-05-20T09:00:00+08:00",
    actor: UNIT,
    data: {
      title: "动火作业票证不全",
      level: "general",
      sector: "hazchem",
      region: "430104",
      unit,
      source: "self_inspection",
    },
  },
  {
    type: "AssignRectification",
    hazardId: "HZ-P-2",
    occurredAt: "2023-05-20T10:00:00+08:00",
    actor: UNIT,
    data: { responsibleUnit: "安全环保部", deadline: "2023-06-10" },
  },
];

const at = "2023-06-01T09:00:00+08:00";
const close = (actor: Actor): HazardCommand => ({
  type: "CloseHazard",
  hazardId: "HZ-P-1",
  occurredAt: at,
  actor,
  data: {},
});
const extend = (actor: Actor): HazardCommand => ({
  type: "ExtendDeadline",
  hazardId: "HZ-P-2",
  occurredAt: at,
  actor,
  data: { scope: "rectification", newDeadline: "2023-06-30", reason: "设备到货延迟" },
});

/** What the tour tries, each against the same ledger. */
export const ATTEMPTS = [
  { what: "a township inspector closes the major hazard", command: close(TOWNSHIP_INSPECTOR) },
  { what: "a county inspector closes the major hazard", command: close(INSPECTOR) },
  { what: "the unit extends its general hazard's deadline", command: extend(UNIT) },
  { what: "the county government extends it", command: extend(AUTHORITY) },
] as const;

/** One attempt and the decider's answer: the event it would record, or the refusal. */
export interface AttemptOutcome {
  readonly what: string;
  readonly verdict: E.Either<DomainError, readonly NewHazardEvent[]>;
}

/**
 * Builds the ledger (or says which setup command the policy refused) through the command handler with `policy` (the way an application passes
 * its policy: in the DecideContext of every command), then decides each attempt against it.
 */
export const policyTour = async (
  policy: AuthorizationPolicy,
): Promise<E.Either<string, AttemptOutcome[]>> => {
  const store = getInMemoryEventStore();
  const handle = hazardCommandHandler(store);
  const context = decideContext(NOW, { policy });
  for (const command of SETUP) {
    const handled = await handle(command, context);
    if (E.isLeft(handled))
      return E.left(`setup: ${command.hazardId} ${command.type}: ${handled.left.message}`);
  }
  const outcomes: AttemptOutcome[] = [];
  for (const { what, command } of ATTEMPTS) {
    const state = replay(await store.readStream(command.hazardId));
    outcomes.push({ what, verdict: hazardDecider.decide(command, state, context) });
  }
  await store.close();
  return E.right(outcomes);
};
