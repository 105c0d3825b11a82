import type { Actor, GovLevel } from "@hazard-ledger/core";

/**
 * The actors the generators draw from, one or more of every role, authorities at every
 * government level. Generated commands pick the first actor of this pool (from a random
 * start) that the policy permits, so any policy can be exercised with it.
 */
export const DEFAULT_ACTOR_POOL: readonly Actor[] = [
  { id: "ent-1", role: "enterprise", org: "某某机械厂" },
  { id: "ent-2", role: "enterprise", org: "某某化工有限公司" },
  { id: "insp-1", role: "inspector", org: "区应急管理局", level: "county" },
  { id: "insp-2", role: "inspector", org: "市消防救援支队", level: "city" },
  { id: "exp-1", role: "expert", org: "安全生产专家库" },
  { id: "pub-1", role: "public" },
  { id: "gov-t", role: "authority", org: "某某街道办事处", level: "township" },
  { id: "gov-c", role: "authority", org: "某某区人民政府", level: "county" },
  { id: "gov-s", role: "authority", org: "某某市人民政府", level: "city" },
  { id: "gov-p", role: "authority", org: "某某省人民政府", level: "province" },
  { id: "sys-1", role: "system" },
];

/** Hazard titles the generated reports draw from (real kinds of findings). */
export const TITLES = [
  "配电箱未接地",
  "消防通道堵塞",
  "危化品储存超量",
  "安全出口锁闭",
  "燃气管道锈蚀",
  "脚手架未设防护栏",
  "特种设备未定期检验",
  "疏散指示标志损坏",
  "粉尘清扫制度未落实",
  "有限空间作业未审批",
  "堤防渗漏",
  "林区违规用火",
] as const;

/** The sectors of domain.md the generated reports draw from. */
export const SECTORS = [
  "fire",
  "hazchem",
  "fireworks",
  "mining",
  "industry_trade",
  "construction",
  "gas",
  "road_traffic",
  "special_equipment",
  "flood",
  "forest_fire",
  "tourism",
  "campus",
] as const;

/** Administrative division codes at every depth, in two provinces. */
export const REGIONS = [
  "430000",
  "430100",
  "430104",
  "430104001",
  "430104002",
  "430105",
  "430105003",
  "430111001",
  "440300",
  "440305001",
] as const;

/** The units (enterprises) of generated reports, with and without a credit code. */
export const UNITS = [
  { name: "某某机械厂", creditCode: "91430104MA4L0XXXX1" },
  { name: "某某化工有限公司" },
  { name: "某某商贸城", creditCode: "91430105MA4PQ12345" },
  { name: "某某建筑工程公司" },
  { name: "某某中学" },
] as const;

/** Responsible units of generated assignments. */
export const RESPONSIBLE_UNITS = ["某某机械厂", "设备科", "安全环保部", "物业服务中心", "项目部"] as const;

/** Reasons of generated extensions, level changes, rejections and reopenings. */
export const REASONS = [
  "设备到货延迟",
  "复核认定",
  "验收不合格",
  "回头看发现反弹",
  "施工条件受限",
  "汛期影响",
] as const;

/** The name of a government at each level, for listings. */
export const AUTHORITY_NAMES: Record<GovLevel, string> = {
  township: "某某街道办事处",
  county: "某某区人民政府",
  city: "某某市人民政府",
  province: "某某省人民政府",
};
