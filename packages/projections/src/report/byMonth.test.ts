import { describe, expect, it } from "vitest";
import { HistoryBuilder } from "../ledger/historyBuilder.fixture.js";
import { buildReportSync } from "./report.js";

describe("report by month", () => {
  it("groups hazards by the month of discovery in the ledger's zone", () => {
    const b = new HistoryBuilder();
    // 31 January 20:00 UTC is 1 February in Shanghai.
    b.hazard("HZ-1", "2023-01-31T20:00:00Z");
    b.hazard("HZ-2", "2023-01-15T10:00:00+08:00");
    b.hazard("HZ-3", "2023-03-02T10:00:00+08:00");
    const report = buildReportSync(b.events, { asOf: "2023-04-01T00:00:00+08:00", by: "month" });
    expect(report).toMatchObject({
      _tag: "Right",
      right: {
        by: "month",
        groups: [
          { key: "2023-01", discovered: 1 },
          { key: "2023-02", discovered: 1 },
          { key: "2023-03", discovered: 1 },
        ],
      },
    });
  });
});
