import fc from "fast-check";
import { isRight } from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { HistoryBuilder } from "../ledger/historyBuilder.fixture.js";
import { arbHistory, arbInstant } from "../ledger/randomHistory.fixture.js";
import { OverdueList } from "../overdue/overdueCodec.js";
import { overdueListSync } from "../overdue/overdue.js";
import { renderStatus } from "../render/renderStatus.js";
import { parseInstantMillis } from "../time/instantMillis.js";
import { hazardStatusSync } from "./status.js";
import { HazardStatusView } from "./statusCodec.js";

const right = <A>(e: { _tag: "Left"; left: { message: string } } | { _tag: "Right"; right: A }): A => {
  if (e._tag === "Left") throw new Error(e.left.message);
  return e.right;
};

describe("hazardStatusSync", () => {
  const b = new HistoryBuilder();
  b.hazard("HZ-1", "2023-11-01T09:00:00+08:00", { level: "major" })
    .assign("2023-11-01T10:00:00+08:00", "2023-11-30")
    .list("2023-11-02T10:00:00+08:00", "county", "2023-12-15")
    .extend("2023-11-29T10:00:00+08:00", "2023-12-20")
    .list("2023-11-30T10:00:00+08:00", "city", "2023-12-31");
  b.hazard("HZ-2", "2023-11-05T09:00:00+08:00").complete("2023-11-05T18:00:00+08:00");

  it("shows the effective and original deadline and the escalated listing", () => {
    const s = right(hazardStatusSync(b.events, "HZ-1", { asOf: "2024-01-02T12:00:00+08:00" }));
    expect(s).toMatchObject({
      hazardId: "HZ-1",
      status: "rectifying",
      level: "major",
      deadline: "2023-12-20",
      originalDeadline: "2023-11-30",
      supervision: { authority: "city政府", authorityLevel: "city", deadline: "2023-12-31", active: true },
      overdue: { rectification: true, supervision: true },
      daysOverdue: { rectification: 13, supervision: 2 },
      seq: 4,
    });
    expect(isRight(HazardStatusView.decode(s))).toBe(true);
    expect(renderStatus(s)).toContain("超期未整改：是（13天）");
    expect(renderStatus(s, { lang: "en" })).toContain("rectification overdue: yes (13 days)");
  });

  it("is as it was as of an earlier instant, and unknown before the report", () => {
    const s = right(hazardStatusSync(b.events, "HZ-1", { asOf: "2023-11-29T09:00:00+08:00" }));
    expect(s).toMatchObject({ deadline: "2023-11-30", supervision: { authorityLevel: "county" }, seq: 2 });
    expect(hazardStatusSync(b.events, "HZ-1", { asOf: "2023-11-01T08:59:59+08:00" })).toEqual({
      _tag: "Left",
      left: { code: "UNKNOWN_HAZARD", message: "hazard HZ-1: no event as of 2023-11-01T08:59:59+08:00" },
    });
    expect(
      hazardStatusSync(b.events, "HZ-9", { asOf: "2024-01-01T00:00:00Z", knownAt: "2024-01-01T00:00:00Z" }),
    ).toEqual({
      _tag: "Left",
      left: {
        code: "UNKNOWN_HAZARD",
        message: "hazard HZ-9: no event as of 2024-01-01T00:00:00Z and known at 2024-01-01T00:00:00Z",
      },
    });
  });

  it("gives an immediate fix its discovery day as deadline", () => {
    const s = right(hazardStatusSync(b.events, "HZ-2", { asOf: "2024-01-01T00:00:00Z" }));
    expect(s).toMatchObject({ status: "pending_acceptance", deadline: "2023-11-05", originalDeadline: null });
  });

  it("as of T equals the status folded from the events that occurred by T, in the contract's shape", () => {
    fc.assert(
      fc.property(
        arbHistory(6),
        arbInstant,
        fc.option(arbInstant, { nil: null }),
        (events, asOf, knownAt) => {
          const id = events[events.length - 1]?.hazardId ?? "HZ-1";
          const byT = events.filter(
            (e) =>
              parseInstantMillis(e.occurredAt) <= parseInstantMillis(asOf) &&
              (knownAt === null || parseInstantMillis(e.recordedAt) <= parseInstantMillis(knownAt)),
          );
          const status = hazardStatusSync(events, id, { asOf, knownAt });
          const folded = hazardStatusSync(byT, id, { asOf, knownAt });
          expect(status).toEqual(folded);
          if (status._tag === "Right") expect(isRight(HazardStatusView.decode(status.right))).toBe(true);
          expect(isRight(OverdueList.decode(right(overdueListSync(events, { asOf, knownAt }))))).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });
});
