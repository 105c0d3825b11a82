import fc from "fast-check";
import { type EventData, type HazardLevel, HazardCategory, HazardSource } from "@hazard-ledger/core";
import { REGIONS, SECTORS, TITLES, UNITS } from "./pools.js";

/** Options of {@link arbReportData}. */
export interface ReportDataOptions {
  /** Fix the level; by default about one hazard in three is major. */
  readonly level?: HazardLevel;
}

/**
 * The `data` of a `HazardReported` event: realistic titles, sectors, region codes at every
 * depth, units with or without a credit code, every source; optional fields sometimes present.
 */
export const arbReportData = (options: ReportDataOptions = {}): fc.Arbitrary<EventData<"HazardReported">> =>
  fc.record(
    {
      title: fc.constantFrom(...TITLES),
      level:
        options.level !== undefined
          ? fc.constant(options.level)
          : fc.oneof(
              { arbitrary: fc.constant<HazardLevel>("general"), weight: 2 },
              { arbitrary: fc.constant<HazardLevel>("major"), weight: 1 },
            ),
      sector: fc.constantFrom(...SECTORS),
      region: fc.constantFrom(...REGIONS),
      unit: fc.constantFrom(...UNITS).map((u) => ({ ...u })),
      source: fc.constantFrom(...HazardSource.values),
      description: fc.constantFrom("现场检查发现", "群众通过随手拍举报", "企业自查上报"),
      category: fc.constantFrom(...HazardCategory.values),
      location: fc.constantFrom("一号车间", "仓库东侧", "地下车库", "河堤K3+200"),
      criteria: fc.array(
        fc.record({
          standard: fc.constantFrom("GB 35181-2017", "GB 50016-2014", "AQ 3013-2008"),
          clause: fc.constantFrom("第五条第(三)项", "6.4.1", ""),
        }),
        { maxLength: 2 },
      ),
    },
    { requiredKeys: ["title", "level", "sector", "region", "unit", "source"] },
  );
