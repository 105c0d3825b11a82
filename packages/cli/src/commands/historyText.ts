import type { HazardEventType, HazardState, RecordedHazardEvent } from "@hazard-ledger/core";
import {
  GOV_LEVEL_LABELS,
  LEVEL_LABELS,
  type Lang,
  SOURCE_LABELS,
  STATUS_LABELS,
  formatYuan,
  labelOf,
  sectorLabel,
} from "@hazard-ledger/projections";
import { DateTime } from "luxon";

const EVENT_LABELS: Readonly<Record<HazardEventType, string>> = {
  HazardReported: "登记隐患",
  RectificationAssigned: "下达整改",
  SupervisionListed: "挂牌督办",
  DeadlineExtended: "延期",
  LevelChanged: "变更等级",
  ControlMeasuresApplied: "落实管控措施",
  RectificationCompleted: "整改完成",
  RectificationAccepted: "验收通过",
  RectificationRejected: "验收不通过",
  SupervisionLifted: "摘牌",
  HazardClosed: "销号",
  HazardReopened: "重新整改（反弹）",
  HazardVoided: "作废",
  NoticeIssued: "发出通知",
  EnforcementRecorded: "执法",
  ProgressReported: "报告进展",
};

const FIELD_LABELS: Readonly<Record<string, string>> = {
  title: "名称",
  level: "等级",
  sector: "行业领域",
  region: "行政区划",
  unit: "单位",
  source: "来源",
  description: "描述",
  category: "类别",
  location: "位置",
  criteria: "依据",
  responsibleUnit: "责任单位",
  responsiblePerson: "责任人",
  deadline: "期限",
  measures: "措施",
  fundsFen: "资金",
  plan: "治理方案",
  authority: "督办机关",
  authorityLevel: "督办级别",
  noticeNo: "文号",
  scope: "范围",
  newDeadline: "新期限",
  reason: "原因",
  to: "变更为",
  longTerm: "长期管控",
  measuresTaken: "已采取措施",
  costFen: "费用",
  evidence: "佐证",
  comment: "意见",
  duplicateOf: "重复于",
  kind: "类型",
  ref: "文号",
  action: "措施",
  fineFen: "罚款",
  caseNo: "案号",
  note: "说明",
};

const ROLE_LABELS: Readonly<Record<string, string>> = {
  enterprise: "企业",
  inspector: "监管部门",
  authority: "人民政府",
  expert: "专家",
  public: "群众",
  system: "系统",
};

/** Codes of the event data as the offices name them. */
const CODE_LABELS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  kind: { reminder: "提醒函", supervision_letter: "督办函", interview: "约谈", bulletin: "通报" },
  action: {
    case_filed: "立案",
    fine: "罚款",
    suspension_order: "责令停产整顿",
    seal: "临时查封",
    closure_order: "责令关闭",
  },
  category: {
    object: "物的不安全状态",
    behaviour: "人的不安全行为",
    management: "管理缺陷",
    environment: "环境因素",
  },
  scope: { rectification: "整改期限", supervision: "督办期限" },
};

/** A field's value as people read it: money (fen) in 元, codes as their names, objects as JSON. */
const valueText = (key: string, value: unknown, lang: Lang): string => {
  if (key.endsWith("Fen") && typeof value === "number")
    return lang === "zh" ? `${formatYuan(value)}元` : `${formatYuan(value)} yuan`;
  if (typeof value === "string") {
    if (key === "level" || key === "to") return labelOf(LEVEL_LABELS, value, lang);
    if (key === "authorityLevel") return labelOf(GOV_LEVEL_LABELS, value, lang);
    if (key === "sector") return sectorLabel(value, lang);
    if (key === "source") return labelOf(SOURCE_LABELS, value, lang);
    const codes = CODE_LABELS[key];
    if (lang === "zh" && codes !== undefined) return codes[value] ?? value;
    return value;
  }
  if (typeof value === "boolean") return lang === "zh" ? (value ? "是" : "否") : String(value);
  if (key === "unit" && value !== null && typeof value === "object") {
    const u = value as { name: string; creditCode?: string };
    return u.creditCode === undefined ? u.name : `${u.name}（${u.creditCode}）`;
  }
  return JSON.stringify(value);
};

const localTime = (instant: string, zone: string): string =>
  DateTime.fromISO(instant, { zone }).toFormat("yyyy-MM-dd HH:mm:ss");

/**
 * One event of a timeline as a line: both times (in the ledger's zone), what happened, who
 * did it, the status after it, and every field of its data (money in 元).
 */
export const historyLine = (e: RecordedHazardEvent, after: HazardState, zone: string, lang: Lang): string => {
  const a = e.actor;
  const data = Object.entries(e.data as Record<string, unknown>).filter(([, v]) => v !== undefined);
  const status = labelOf(STATUS_LABELS, after.status, lang);
  if (lang === "zh") {
    const who = `${ROLE_LABELS[a.role] ?? a.role} ${a.id}${[
      a.org,
      a.level === undefined ? undefined : labelOf(GOV_LEVEL_LABELS, a.level, "zh"),
    ]
      .filter((x) => x !== undefined)
      .join("，")
      .replace(/^(.+)$/, "（$1）")}`;
    const fields = data.map(([k, v]) => `${FIELD_LABELS[k] ?? k}：${valueText(k, v, lang)}`).join("；");
    return (
      `#${e.seq} ${EVENT_LABELS[e.type] ?? e.type}（${e.type}） 发生${localTime(e.occurredAt, zone)} ` +
      `记录${localTime(e.recordedAt, zone)}` +
      (e.committedAt === undefined ? "" : ` 提交${localTime(e.committedAt, zone)}`) +
      (e.backfill === true ? "（补录）" : "") +
      ` 经办：${who} → 状态：${status}` +
      (fields === "" ? "" : ` | ${fields}`)
    );
  }
  const where = [a.org, a.level].filter((x) => x !== undefined).join(", ");
  const fields = data.map(([k, v]) => `${k.replace(/Fen$/, "")}=${valueText(k, v, lang)}`).join(" ");
  return (
    `#${e.seq}  occurred ${e.occurredAt}  recorded ${e.recordedAt}` +
    (e.committedAt === undefined ? "" : `  committed ${e.committedAt}`) +
    (e.backfill === true ? " (backfill)" : "") +
    `  ${e.type}  by ${a.role} ${a.id}` +
    `${where === "" ? "" : ` (${where})`}  -> ${status}${fields === "" ? "" : `  ${fields}`}`
  );
};
