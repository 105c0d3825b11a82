import type { ReportFigures } from "../report/reportCodec.js";
import type { Lang } from "./labels.js";

/** What a report column holds: a count of hazards or actions, a rate, or money. */
export type ReportColumnKind = "count" | "rate" | "money";

/**
 * One column of a report as a table (the `--by` table of the text, the CSV and XLSX sheets):
 * its header in each language, and its value in a set of figures. The one list of columns,
 * so every tabular form of a report has the same columns in the same order.
 */
export interface ReportColumn {
  readonly key: string;
  readonly header: Readonly<Record<Lang, string>>;
  readonly kind: ReportColumnKind;
  /** Shown in the text table (the spreadsheets show every column). */
  readonly inText: boolean;
  /** A count; a rate as a fraction of 1 (null without a denominator); money in fen. */
  readonly value: (f: ReportFigures) => number | null;
}

const count = (
  key: string,
  zh: string,
  en: string,
  value: (f: ReportFigures) => number,
  inText = false,
): ReportColumn => ({ key, header: { zh, en }, kind: "count", inText, value });

/** The columns of a report table, in the order of the text's sentence. */
export const REPORT_COLUMNS: readonly ReportColumn[] = [
  count("discovered", "排查隐患", "discovered", (f) => f.discovered, true),
  count("voided", "作废", "voided", (f) => f.voided),
  count("major", "重大隐患", "major", (f) => f.byLevel.major, true),
  count("general", "一般隐患", "general", (f) => f.byLevel.general),
  count("rectified", "已整改", "rectified", (f) => f.rectified, true),
  {
    key: "rectificationRate",
    header: { zh: "整改率", en: "rectification rate" },
    kind: "rate",
    inText: true,
    value: (f) =>
      f.rectificationRate.denominator === 0
        ? null
        : f.rectificationRate.numerator / f.rectificationRate.denominator,
  },
  count("closed", "已销号", "closed", (f) => f.closed),
  count("reopened", "反弹", "reopened", (f) => f.reopened, true),
  count("open", "未完成整改", "not yet rectified", (f) => f.open, true),
  count("pendingAcceptance", "待验收", "pending acceptance", (f) => f.pendingAcceptance),
  count("longTermControl", "长期管控", "long-term control", (f) => f.longTermControl, true),
  count("listed", "挂牌督办", "listed", (f) => f.supervision.listed, true),
  count("lifted", "已摘牌", "delisted", (f) => f.supervision.lifted),
  count("active", "仍在督办", "still listed", (f) => f.supervision.active),
  count(
    "overdueRectification",
    "超期未整改",
    "overdue (rectification)",
    (f) => f.overdue.rectification,
    true,
  ),
  count("overdueSupervision", "超期督办", "overdue (supervision)", (f) => f.overdue.supervision, true),
  count("rectifiedLate", "超期已整改", "rectified late", (f) => f.overdue.rectifiedLate),
  count("reminder", "提醒函", "reminder letters", (f) => f.notices.reminder),
  count("supervisionLetter", "督办函", "supervision letters", (f) => f.notices.supervision_letter),
  count("interview", "约谈", "summons interviews", (f) => f.notices.interview),
  count("bulletin", "通报", "bulletins", (f) => f.notices.bulletin),
  count("caseFiled", "立案", "cases filed", (f) => f.enforcement.case_filed),
  count("fine", "罚款次数", "fines", (f) => f.enforcement.fine),
  count("suspensionOrder", "责令停产整顿", "suspension orders", (f) => f.enforcement.suspension_order),
  count("seal", "临时查封", "seals", (f) => f.enforcement.seal),
  count("closureOrder", "责令关闭", "closure orders", (f) => f.enforcement.closure_order),
  {
    key: "finesFen",
    header: { zh: "罚款金额（万元）", en: "fines (yuan)" },
    kind: "money",
    inText: false,
    value: (f) => f.enforcement.finesFen,
  },
];
