import type { GovLevel, HazardLevel, HazardSource } from "@hazard-ledger/core";

/** A language of rendered text: Chinese in the register of the work reports, or English. */
export type Lang = "zh" | "en";
export const LANGS: readonly Lang[] = ["zh", "en"];

/** Labels of a set of keys, in Chinese and in English. */
export type Labels<K extends string> = Readonly<Record<Lang, Readonly<Record<K, string>>>>;

export const LEVEL_LABELS: Labels<HazardLevel> = {
  zh: { general: "一般隐患", major: "重大隐患" },
  en: { general: "general", major: "major" },
};

export const GOV_LEVEL_LABELS: Labels<GovLevel> = {
  zh: { province: "省级", city: "市级", county: "县级", township: "乡镇级" },
  en: { province: "province", city: "city", county: "county", township: "township" },
};

export const SOURCE_LABELS: Labels<HazardSource> = {
  zh: {
    self_inspection: "企业自查",
    department_inspection: "部门检查",
    commissioned_inspection: "委托检查",
    supervision_check: "上级督查",
    public_report: "群众举报",
    other: "其他来源",
  },
  en: {
    self_inspection: "self-inspection",
    department_inspection: "department inspection",
    commissioned_inspection: "commissioned inspection",
    supervision_check: "supervision check",
    public_report: "public report",
    other: "other source",
  },
};

export const STATUS_LABELS: Labels<
  "reported" | "rectifying" | "long_term_control" | "pending_acceptance" | "accepted" | "closed" | "voided"
> = {
  zh: {
    reported: "已登记",
    rectifying: "整改中",
    long_term_control: "长期管控",
    pending_acceptance: "待验收",
    accepted: "验收通过",
    closed: "已销号",
    voided: "已作废",
  },
  en: {
    reported: "reported",
    rectifying: "rectifying",
    long_term_control: "under long-term control",
    pending_acceptance: "pending acceptance",
    accepted: "accepted",
    closed: "closed",
    voided: "voided",
  },
};

/** Names of the sectors the domain lists; other codes (an open set) print as written. */
const SECTOR_LABELS: Labels<string> = {
  zh: {
    fire: "消防",
    hazchem: "危险化学品",
    fireworks: "烟花爆竹",
    mining: "矿山",
    industry_trade: "工贸",
    construction: "建筑施工",
    gas: "城镇燃气",
    road_traffic: "道路交通",
    special_equipment: "特种设备",
    flood: "防汛",
    forest_fire: "森林防火",
    tourism: "旅游",
    campus: "校园",
  },
  en: {
    fire: "fire safety",
    hazchem: "hazardous chemicals",
    fireworks: "fireworks",
    mining: "mining",
    industry_trade: "industry and trade",
    construction: "construction",
    gas: "town gas",
    road_traffic: "road traffic",
    special_equipment: "special equipment",
    flood: "flood control",
    forest_fire: "forest fire",
    tourism: "tourism",
    campus: "campus",
  },
};

export const sectorLabel = (sector: string, lang: Lang): string => SECTOR_LABELS[lang][sector] ?? sector;

/** A label from a table, or the key itself when the table does not name it. */
export const labelOf = <K extends string>(labels: Labels<K>, key: string, lang: Lang): string =>
  (labels[lang] as Readonly<Record<string, string>>)[key] ?? key;
