import {
  type Actor,
  type HazardCommand,
  type HazardCommandOf,
  type HazardCommandType,
  type HazardState,
  govLevelRank,
  instantMillis,
  localDateOf,
  GovLevel,
} from "@hazard-ledger/core";
import { addDays, endOfLocalDayMillis, formatInstant, laterDate } from "./calendar.js";
import { AUTHORITY_NAMES, REASONS, RESPONSIBLE_UNITS } from "./pools.js";
import type { StepMaterial } from "./stepMaterial.js";

/** Where a command lands: its hazard and that hazard's state, the clock, the zone. */
export interface CommandSetting {
  readonly hazardId: string;
  readonly state: HazardState;
  /** recordedAt of the command, in epoch milliseconds. */
  readonly nowMs: number;
  readonly timeZone: string;
  /** The other hazards of the run (for `duplicateOf`). */
  readonly hazardIds: readonly string[];
  /** The command's position in its run, for a unique commandId. */
  readonly index: number;
}

type DataOf<C extends HazardCommandType> = HazardCommandOf<C>["data"];

const pickFrom = <T>(items: readonly T[], n: number): T => items[n % items.length] as T;

const activeListing = (s: HazardState) =>
  s.supervision !== null && s.supervision.active ? s.supervision : null;

/** Extensions go to the listing when one is active and the rectification deadline cannot move. */
const extendsSupervision = (s: HazardState, m: StepMaterial): boolean =>
  activeListing(s) !== null && (s.status !== "rectifying" || s.deadline === null || m.supervisionScope);

/** The deadline an extension of `s` would move. */
const currentDeadline = (s: HazardState, m: StepMaterial): string | null =>
  extendsSupervision(s, m) ? (activeListing(s)?.deadline ?? null) : s.deadline;

/**
 * occurredAt of a command meant to be valid: `lagMs` before the clock, never before the
 * stream's last event, and for an extension not after the current deadline day.
 */
export const plausibleOccurredAt = (type: HazardCommandType, m: StepMaterial, w: CommandSetting): number => {
  const last = w.state.lastOccurredAt !== null ? instantMillis(w.state.lastOccurredAt) : -Infinity;
  let at = w.nowMs - m.lagMs;
  if (type === "ExtendDeadline") {
    const current = currentDeadline(w.state, m);
    if (current !== null) at = Math.min(at, endOfLocalDayMillis(current, w.timeZone));
  }
  return Math.max(last, at);
};

/** occurredAt of a command meant to break the time rules (or not), per `timeWarp`. */
export const warpedOccurredAt = (m: StepMaterial, w: CommandSetting, skewMs: number): number => {
  const last = w.state.lastOccurredAt !== null ? instantMillis(w.state.lastOccurredAt) : w.nowMs;
  return m.timeWarp === 1
    ? last - 3_600_000
    : m.timeWarp === 2
      ? w.nowMs + skewMs + 60_000
      : w.nowMs - m.lagMs;
};

const text = (m: StepMaterial) => pickFrom(REASONS, m.text);

/** The data of each command type, derived from the material and the hazard's state. */
const dataBuilders: {
  [C in HazardCommandType]: (m: StepMaterial, w: CommandSetting, day: string, discovery: string) => DataOf<C>;
} = {
  ReportHazard: (m) => m.report,
  AssignRectification: (m, w, _day, discovery) => {
    const s = w.state;
    const keep = s.status === "rectifying" && s.deadline !== null;
    const needsPlan = s.level === "major" && !s.hasPlan;
    return {
      responsibleUnit: pickFrom(RESPONSIBLE_UNITS, m.text),
      deadline: keep && s.deadline !== null ? s.deadline : addDays(discovery, m.days),
      ...(needsPlan || m.withOptional
        ? {
            plan: {
              goals: "消除隐患",
              measures: text(m),
              fundsFen: m.fineFen,
              deadline: addDays(discovery, m.days),
            },
          }
        : {}),
      ...(m.withOptional ? { responsiblePerson: "张工", measures: text(m), fundsFen: m.fineFen } : {}),
    };
  },
  ListSupervision: (m, w, day, discovery) => {
    const current = activeListing(w.state);
    // Escalation needs a strictly higher level: step up from the active one.
    const level =
      current === null
        ? m.govLevel
        : (GovLevel.values[govLevelRank(current.authorityLevel) + 1] ?? m.govLevel);
    return {
      authority: AUTHORITY_NAMES[level],
      authorityLevel: level,
      deadline: addDays(laterDate(discovery, day), 15 + m.days),
      ...(m.withOptional ? { noticeNo: `督〔2023〕${m.text}号` } : {}),
    };
  },
  ExtendDeadline: (m, w, _day, discovery) => {
    const current = currentDeadline(w.state, m) ?? discovery;
    return {
      scope: extendsSupervision(w.state, m) ? "supervision" : "rectification",
      newDeadline: addDays(current, 1 + (m.days % 30)),
      reason: text(m),
    };
  },
  ChangeLevel: (m, w) => ({ to: w.state.level === "major" ? "general" : "major", reason: text(m) }),
  ApplyControlMeasures: (m, w) => ({
    measures: "设置警戒区，专人值守",
    // Long-term control is entered only from reported or rectifying (or renewed).
    longTerm: m.longTerm && ["reported", "rectifying", "long_term_control"].includes(w.state.status),
  }),
  CompleteRectification: (m) =>
    m.withOptional ? { measuresTaken: "已按方案整改", costFen: m.fineFen, evidence: ["photo-1.jpg"] } : {},
  AcceptRectification: (m) => (m.withOptional ? { comment: "验收合格" } : {}),
  RejectRectification: (m) => ({ reason: text(m) }),
  LiftSupervision: (m) => (m.withOptional ? { comment: "同意摘牌" } : {}),
  CloseHazard: (m) => (m.withOptional ? { comment: "同意销号" } : {}),
  ReopenHazard: (m, _w, day, discovery) => ({
    reason: text(m),
    deadline: addDays(laterDate(discovery, day), m.days),
  }),
  VoidHazard: (m, w) => {
    const other = w.hazardIds.find((id) => id !== w.hazardId);
    return {
      reason: m.voidReason,
      ...(m.voidReason === "duplicate" && other !== undefined ? { duplicateOf: other } : {}),
      ...(m.withOptional ? { comment: "核实为误报" } : {}),
    };
  },
  IssueNotice: (m) => ({ kind: m.noticeKind, ...(m.withOptional ? { ref: `提醒〔2023〕${m.text}号` } : {}) }),
  RecordEnforcement: (m) => ({
    action: m.action,
    ...(m.action === "fine" ? { fineFen: m.fineFen } : {}),
    ...(m.withOptional ? { caseNo: `罚〔2023〕${m.text}号` } : {}),
  }),
  ReportProgress: (m) => ({ note: `整改进度 ${m.text % 100}%` }),
};

/**
 * The command of `type` by `actor` at `occurredAtMs` that `material` describes for the
 * hazard of `setting`: deadlines relative to the discovery day, a plan when a major hazard
 * needs one, an escalation level above the active listing, and so on.
 */
export const buildCommand = (
  type: HazardCommandType,
  material: StepMaterial,
  setting: CommandSetting,
  actor: Actor,
  occurredAtMs: number,
): HazardCommand => {
  const occurredAt = formatInstant(occurredAtMs, material.utc ? "UTC" : setting.timeZone);
  const day = localDateOf(occurredAt, setting.timeZone);
  const discovery =
    setting.state.reportedAt !== null ? localDateOf(setting.state.reportedAt, setting.timeZone) : day;
  const build = dataBuilders[type] as (
    m: StepMaterial,
    w: CommandSetting,
    day: string,
    discovery: string,
  ) => unknown;
  return {
    type,
    hazardId: setting.hazardId,
    occurredAt,
    actor,
    data: build(material, setting, day, discovery),
    ...(material.withCommandId ? { commandId: `cmd-${setting.index}-${type}` } : {}),
  } as HazardCommand;
};
