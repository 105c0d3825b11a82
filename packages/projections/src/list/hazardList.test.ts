import { describe, expect, it } from "vitest";
import { buildCohorts } from "../report/cohorts.fixture.js";
import { hazardListSync } from "./hazardList.js";

const right = <A>(e: { _tag: "Left"; left: { message: string } } | { _tag: "Right"; right: A }): A => {
  if (e._tag === "Left") throw new Error(e.left.message);
  return e.right;
};

describe("hazardListSync", () => {
  const ledger = buildCohorts(
    [
      { count: 2, outcome: "closed", sector: "fire", region: "430111005" },
      {
        count: 1,
        outcome: "rectifying",
        sector: "gas",
        region: "430111006",
        listedBy: "city",
        unit: "长沙新星酒店",
      },
      { count: 1, outcome: "voided", sector: "gas", region: "430104001" },
    ],
    { firstDay: "2023-03-01", days: 10 },
  );
  const asOf = "2024-01-01T00:00:00+08:00";

  it("gives one row per hazard in id order, with its deadline, days overdue and listing", () => {
    const rows = right(hazardListSync(ledger.events, { asOf }));
    expect(rows.map((r) => r.status)).toEqual(["closed", "closed", "rectifying", "voided"]);
    expect(rows[2]).toMatchObject({
      sector: "gas",
      unit: "长沙新星酒店",
      overdue: { rectification: true, supervision: true },
      listing: { authorityLevel: "city", active: true },
    });
    expect(rows[2]?.daysOverdue).toBeGreaterThan(200);
    expect(rows[0]?.daysOverdue).toBeNull();
  });

  it("keeps what every filter given allows", () => {
    const ids = (filter: Parameters<typeof hazardListSync>[1]["filter"]) =>
      right(hazardListSync(ledger.events, { asOf, ...(filter !== undefined ? { filter } : {}) })).map(
        (r) => r.status,
      );
    expect(ids({ region: "430111" })).toEqual(["closed", "closed", "rectifying"]);
    expect(ids({ sectors: ["gas"], statuses: ["voided"] })).toEqual(["voided"]);
    expect(ids({ overdue: true })).toEqual(["rectifying"]);
    expect(ids({ unit: "新星" })).toEqual(["rectifying"]);
    expect(hazardListSync(ledger.events, { asOf, filter: { statuses: ["done" as "closed"] } })).toMatchObject(
      {
        _tag: "Left",
        left: { code: "INVALID_OPTION" },
      },
    );
  });
});
