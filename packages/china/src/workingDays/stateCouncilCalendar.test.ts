import { decideContext, workingDayCounter, hazardDecider } from "@hazard-ledger/core";
import { right } from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { stateCouncilCalendar } from "./stateCouncilCalendar.js";

/*
 * National Day 2024 (国办发明电〔2023〕7号): 1–7 October off; Sunday 29 September and
 * Saturday 12 October worked in lieu (调休上班).
 */
const calendar = stateCouncilCalendar();

describe("stateCouncilCalendar", () => {
  it("names the package release and the years it covers, 2020 to 2026 among them", () => {
    expect(calendar.version).toMatch(
      /^chinese-days@\d+\.\d+\.\d+ \(State Council holiday arrangement \d{4}–\d{4}\)$/,
    );
    expect(calendar.firstDay <= "2020-01-01").toBe(true);
    expect(calendar.lastDay >= "2026-12-31").toBe(true);
  });

  it("National Day 2024: the holiday is off, the make-up weekend days are worked", () => {
    expect(calendar.isWorkingDay("2024-09-29")).toBe(true); // Sunday, 调休
    for (let d = 1; d <= 7; d++) expect(calendar.isWorkingDay(`2024-10-0${d}`)).toBe(false);
    expect(calendar.isWorkingDay("2024-10-08")).toBe(true);
    expect(calendar.isWorkingDay("2024-10-12")).toBe(true); // Saturday, 调休
    expect(calendar.isWorkingDay("2024-10-13")).toBe(false);
    expect(calendar.isWorkingDay("2024-10-19")).toBe(false); // an ordinary Saturday
  });

  it("counts working days across the holiday and the make-up days", () => {
    const c = workingDayCounter(calendar);
    expect(c.addWorkingDays("2024-09-27", 1)).toEqual(right("2024-09-29"));
    expect(c.addWorkingDays("2024-09-30", 1)).toEqual(right("2024-10-08"));
    expect(c.addWorkingDays("2024-09-30", 5)).toEqual(right("2024-10-12"));
    expect(c.workingDaysAfter("2024-09-30", "2024-10-14")).toEqual(right(6));
  });

  it("a rectification deadline of 5 working days from 30 September 2024 is stored as 2024-10-12", () => {
    const reported = {
      hazardId: "HZ-2024-000930",
      type: "ReportHazard",
      occurredAt: "2024-09-30T09:00:00+08:00",
      actor: { id: "insp-1", role: "inspector", level: "county" },
      data: {
        title: "配电箱未接地",
        level: "general",
        sector: "industry_trade",
        region: "430111008",
        unit: { name: "某某机械厂" },
        source: "department_inspection",
      },
    } as const;
    const context = decideContext("2024-09-30T18:00:00+08:00", { workingDays: calendar });
    const first = hazardDecider.decide(reported, hazardDecider.initialState, context);
    if (first._tag === "Left") throw new Error(first.left.message);
    const state = first.right.reduce(hazardDecider.evolve, hazardDecider.initialState);
    const assigned = hazardDecider.decide(
      {
        hazardId: reported.hazardId,
        type: "AssignRectification",
        occurredAt: "2024-09-30T17:00:00+08:00",
        actor: { id: "ent-1", role: "enterprise" },
        data: { responsibleUnit: "某某机械厂", deadlineWorkingDays: 5 },
      },
      state,
      context,
    );
    expect(assigned).toMatchObject(
      right([{ type: "RectificationAssigned", data: { deadline: "2024-10-12" } }]),
    );
    expect(JSON.stringify(assigned)).not.toContain("WorkingDays");
  });
});
