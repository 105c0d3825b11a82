import type { Actor, EventData } from "@hazard-ledger/core";

/** The i-th command-line count (`1_000_000` style allowed), or `fallback`. */
export const countArg = (i: number, fallback: number): number => {
  const raw = process.argv[2 + i];
  const n = raw === undefined ? fallback : Number(raw.replaceAll("_", ""));
  if (!Number.isSafeInteger(n) || n <= 0)
    throw new Error(`argument ${i + 1}: ${raw} is not a positive count`);
  return n;
};

/** The inspector who records the benchmark ledgers. */
export const benchInspector: Actor = {
  id: "u-1001",
  role: "inspector",
  org: "区应急管理局",
  level: "county",
};

/** The report of the benchmark ledgers' hazards (the spec's example line). */
export const benchReportedData: EventData<"HazardReported"> = {
  title: "配电箱未接地",
  level: "general",
  sector: "industry_trade",
  region: "430104001",
  unit: { name: "某某机械厂" },
  source: "department_inspection",
};
