/** The i-th command-line count (`1_000_000` style allowed), or `fallback`. */
export const countArg = (i: number, fallback: number): number => {
  const raw = process.argv[2 + i];
  const n = raw === undefined ? fallback : Number(raw.replaceAll("_", ""));
  if (!Number.isSafeInteger(n) || n <= 0)
    throw new Error(`argument ${i + 1}: ${raw} is not a positive count`);
  return n;
};

/** The inspector and the hazard report of the benchmark ledgers: the kit's samples (the spec's example line). */
export {
  sampleActor as benchInspector,
  sampleReportedData as benchReportedData,
} from "@hazard-ledger/testing";
