import * as E from "fp-ts/lib/Either.js";
import { afterAll, describe, expect, it } from "vitest";
import type { HazardCommandInput } from "../commands/hazardCommand.js";
import { localDateOf } from "../time/instant.js";
import { type WorkingDayCalendar, weekdayCalendar } from "../time/workingDays.js";
import { decide, decideContext } from "./decide.js";
import { DOMAIN_ERROR_CODES, formatDomainError } from "./domainError.js";
import {
  DISCOVERY_DAY,
  HZ,
  actors,
  at,
  command,
  event,
  given,
  history,
  observedErrorCodes,
} from "./givenWhenThen.fixture.js";
import { hazardDecider } from "./hazardDecider.js";
import { effectiveDeadline, initialState } from "./hazardState.js";
import { permitAll } from "./policy.js";

const shanghaiDay = (instant: string) => localDateOf(instant, "Asia/Shanghai");
const LATER = at("2023-04-01");

describe("envelope: every command", () => {
  it("an accepted command yields one event with hazardId, type, occurredAt, actor, data, commandId and no recordedAt", () => {
    const cmd = command("ReportHazard", {}, { commandId: "cmd-1", actor: actors.public });
    given()
      .when(cmd)
      .then({
        hazardId: HZ,
        type: "HazardReported",
        occurredAt: at(DISCOVERY_DAY),
        actor: actors.public,
        data: command("ReportHazard").data,
        commandId: "cmd-1",
      });
  });

  it("without a commandId, the event has none", () => {
    const r = given().when(command("ReportHazard")).result;
    expect(E.isRight(r) && r.right[0] !== undefined && "commandId" in r.right[0]).toBe(false);
  });

  it("INVALID_COMMAND: data that breaks its codec is refused, naming the field", () => {
    const e = given(...history.reported())
      .when(command("AssignRectification", { deadline: "2023-02-30" }))
      .thenError("INVALID_COMMAND", "data.deadline");
    expect(e.message).toBe('data.deadline: "2023-02-30" is not a real calendar date');
  });

  it.each([
    ["a reopening", "ReopenHazard"],
    ["a level change", "ChangeLevel"],
    ["a rejection", "RejectRectification"],
  ] as const)("INVALID_COMMAND: %s needs a reason", (_what, type) => {
    given(...history.accepted())
      .when(command(type, { reason: " " }, { at: LATER }))
      .thenError("INVALID_COMMAND", "data.reason");
  });

  it("INVALID_COMMAND: voiding needs one of the reasons duplicate, false_report, other", () => {
    given(...history.reported())
      .when(command("VoidHazard", { reason: "changed_mind" as never }))
      .thenError("INVALID_COMMAND", "data.reason");
  });

  it("unknown fields are silently dropped (no more): a key outside the contract is INVALID_COMMAND naming it", () => {
    const cmd = command("ReportProgress", { note: "ok", extra: 1 } as never, { at: LATER });
    given(...history.rectifying())
      .when(cmd)
      .thenError("INVALID_COMMAND", "data.extra");
  });

  it("an embedder's fields travel under the envelope's ext, into the decided event as given", () => {
    const ext = { erp: { ticket: "T-1" }, tags: ["a"] };
    const cmd = { ...command("ReportProgress", { note: "ok" }, { at: LATER }), ext };
    const r = given(...history.rectifying()).when(cmd).result;
    expect(E.isRight(r) && r.right[0]?.ext).toEqual(ext);
  });

  it("HAZARD_ID_MISMATCH: a command for another hazard than the stream's", () => {
    given(...history.reported())
      .when(command("AssignRectification", {}, { hazardId: "HZ-OTHER" }))
      .thenError("HAZARD_ID_MISMATCH", "hazardId");
  });

  it("OCCURRED_AFTER_RECORDED: occurredAt later than now + skew is refused; exactly now + skew is not", () => {
    const now = "2023-03-01T10:00:00.000+08:00";
    given()
      .when(command("ReportHazard", {}, { at: "2023-03-01T10:05:00.001+08:00" }), { now })
      .thenError("OCCURRED_AFTER_RECORDED", "occurredAt");
    given()
      .when(command("ReportHazard", {}, { at: "2023-03-01T10:05:00.000+08:00" }), { now })
      .thenAccepted();
    given()
      .when(command("ReportHazard", {}, { at: "2023-03-01T10:00:00.001+08:00" }), { now, maxClockSkewMs: 0 })
      .thenError("OCCURRED_AFTER_RECORDED");
  });

  it("OCCURRED_AT_DECREASED: occurredAt before the stream's last event is refused; equal is not", () => {
    const h = history.reported("general", { at: at(DISCOVERY_DAY, "10:00:00") });
    given(...h)
      .when(command("AssignRectification", {}, { at: at(DISCOVERY_DAY, "09:59:59.999") }))
      .thenError("OCCURRED_AT_DECREASED", "occurredAt");
    given(...h)
      .when(command("AssignRectification", {}, { at: at(DISCOVERY_DAY, "10:00:00") }))
      .thenAccepted();
  });

  it("instants are compared as instants, whatever their offset", () => {
    const h = history.reported("general", { at: "2023-03-01T10:00:00+08:00" });
    given(...h)
      .when(command("AssignRectification", {}, { at: "2023-03-01T02:00:00Z" }))
      .thenAccepted();
    given(...h)
      .when(command("AssignRectification", {}, { at: "2023-03-01T01:59:59.999Z" }))
      .thenError("OCCURRED_AT_DECREASED");
  });

  it("HAZARD_NOT_FOUND: any command but a report on a hazard never reported", () => {
    given().when(command("AssignRectification")).thenError("HAZARD_NOT_FOUND", "hazardId");
  });

  it("HAZARD_ALREADY_REPORTED: a second report of the same hazard", () => {
    given(...history.reported())
      .when(command("ReportHazard"))
      .thenError("HAZARD_ALREADY_REPORTED");
  });

  it("HAZARD_VOIDED: nothing more happens to a voided hazard", () => {
    const h = [...history.reported(), event("HazardVoided")];
    given(...h)
      .when(command("AssignRectification"))
      .thenError("HAZARD_VOIDED");
    given(...h)
      .when(command("ReopenHazard"))
      .thenError("HAZARD_VOIDED");
  });

  it("HAZARD_CLOSED: a closed hazard takes nothing but a reopening", () => {
    given(...history.closed())
      .when(command("IssueNotice", {}, { at: LATER }))
      .thenError("HAZARD_CLOSED");
    given(...history.closed())
      .when(command("ReportProgress", {}, { at: LATER }))
      .thenError("HAZARD_CLOSED");
  });

  it("a refusal names the hazard and the seq the event would have taken", () => {
    const e = given(...history.rectifying())
      .when(command("AcceptRectification"))
      .thenError("NOT_PENDING_ACCEPTANCE");
    expect(e.hazardId).toBe(HZ);
    expect(e.seq).toBe(2);
    expect(formatDomainError(e)).toMatch(/^HZ-2023-000001 seq 2: NOT_PENDING_ACCEPTANCE: .+$/);
  });

  it("NOT_PERMITTED: the policy is asked after the rules, and its refusal names the actor field", () => {
    const e = given(...history.accepted())
      .when(command("CloseHazard", {}, { at: LATER, actor: actors.public }))
      .thenError("NOT_PERMITTED", "actor");
    expect(e.message).toMatch(/public "pub-1"/);
    given(...history.accepted())
      .when(command("CloseHazard", {}, { at: LATER, actor: actors.public }), { policy: permitAll })
      .thenAccepted();
  });

  it("a rule is checked before the policy: an unlisted actor closing a rectifying hazard gets NOT_ACCEPTED", () => {
    given(...history.rectifying())
      .when(command("CloseHazard", {}, { actor: actors.public }))
      .thenError("NOT_ACCEPTED");
  });
});

describe("lifecycle: reported → rectifying → pending_acceptance → accepted → closed", () => {
  it("anyone, the public included, may report: none → reported", () => {
    const s = given()
      .when(command("ReportHazard", {}, { actor: actors.public }))
      .thenState();
    expect(s.status).toBe("reported");
    expect(s.reportedBy).toEqual(actors.public);
  });

  it("assignment: reported → rectifying, with its deadline as effective and original deadline", () => {
    const s = given(...history.reported())
      .when(command("AssignRectification", { deadline: "2023-03-15" }))
      .thenState();
    expect([s.status, s.deadline, s.originalDeadline]).toEqual(["rectifying", "2023-03-15", "2023-03-15"]);
  });

  it("completion: rectifying → pending_acceptance", () => {
    expect(
      given(...history.rectifying())
        .when(command("CompleteRectification"))
        .thenState().status,
    ).toBe("pending_acceptance");
  });

  it("acceptance: pending_acceptance → accepted", () => {
    expect(
      given(...history.pendingAcceptance())
        .when(command("AcceptRectification", {}, { at: LATER }))
        .thenState().status,
    ).toBe("accepted");
  });

  it("closing: accepted → closed", () => {
    expect(
      given(...history.accepted())
        .when(command("CloseHazard", {}, { at: LATER }))
        .thenState().status,
    ).toBe("closed");
  });

  it("NOT_ACCEPTED: closing is only from accepted", () => {
    given(...history.pendingAcceptance())
      .when(command("CloseHazard", {}, { at: LATER }))
      .thenError("NOT_ACCEPTED");
    given(...history.reported())
      .when(command("CloseHazard"))
      .thenError("NOT_ACCEPTED");
  });

  it("NOT_PENDING_ACCEPTANCE: acceptance and rejection only from pending_acceptance", () => {
    given(...history.rectifying())
      .when(command("AcceptRectification"))
      .thenError("NOT_PENDING_ACCEPTANCE");
    given(...history.accepted())
      .when(command("RejectRectification", {}, { at: LATER }))
      .thenError("NOT_PENDING_ACCEPTANCE");
  });

  it("INVALID_TRANSITION: no assignment once rectification is completed, accepted or under long-term control", () => {
    given(...history.pendingAcceptance())
      .when(command("AssignRectification", {}, { at: LATER }))
      .thenError("INVALID_TRANSITION");
    given(...history.accepted())
      .when(command("AssignRectification", {}, { at: LATER }))
      .thenError("INVALID_TRANSITION");
    given(...history.reported(), event("ControlMeasuresApplied", { longTerm: true }))
      .when(command("AssignRectification"))
      .thenError("INVALID_TRANSITION");
  });

  it("NOT_RECTIFYING: completion only from rectifying or long-term control (or an immediate fix)", () => {
    given(...history.pendingAcceptance())
      .when(command("CompleteRectification", {}, { at: LATER }))
      .thenError("NOT_RECTIFYING");
    given(...history.accepted())
      .when(command("CompleteRectification", {}, { at: LATER }))
      .thenError("NOT_RECTIFYING");
  });
});

describe("side path: rejection (验收不通过)", () => {
  it("pending_acceptance → rectifying, the deadline unchanged", () => {
    const s = given(...history.pendingAcceptance())
      .when(command("RejectRectification", {}, { at: LATER }))
      .thenState();
    expect([s.status, s.deadline]).toEqual(["rectifying", "2023-03-31"]);
  });
});

describe("side path: immediate fix (即查即改)", () => {
  it("a general hazard goes reported → pending_acceptance; its deadline is its discovery day", () => {
    const s = given(...history.reported())
      .when(command("CompleteRectification"))
      .thenState();
    expect(s.status).toBe("pending_acceptance");
    expect(s.deadline).toBeNull();
    expect(s.lastCompletion?.immediate).toBe(true);
    expect(effectiveDeadline(s, shanghaiDay)).toBe(DISCOVERY_DAY);
  });

  it("IMMEDIATE_FIX_REQUIRES_GENERAL: a major hazard cannot be fixed at once", () => {
    given(...history.reported("major"))
      .when(command("CompleteRectification"))
      .thenError("IMMEDIATE_FIX_REQUIRES_GENERAL");
  });

  it("an immediate fix is then accepted and closed like any other", () => {
    const h = [...history.reported(), event("RectificationCompleted")];
    given(...h)
      .when(command("AcceptRectification"))
      .thenAccepted();
  });
});

describe("side path: control measures (临时管控/长期管控)", () => {
  it("interim measures are a flag: the status does not change", () => {
    const s = given(...history.rectifying())
      .when(command("ApplyControlMeasures", { longTerm: false }))
      .thenState();
    expect([s.status, s.interimControl]).toEqual(["rectifying", true]);
  });

  it("long-term control is a status, entered from reported", () => {
    expect(
      given(...history.reported())
        .when(command("ApplyControlMeasures", { longTerm: true }))
        .thenState().status,
    ).toBe("long_term_control");
  });

  it("long-term control is entered from rectifying", () => {
    expect(
      given(...history.rectifying())
        .when(command("ApplyControlMeasures", { longTerm: true }))
        .thenState().status,
    ).toBe("long_term_control");
  });

  it("completion from long-term control → pending_acceptance", () => {
    const h = [...history.rectifying(), event("ControlMeasuresApplied", { longTerm: true })];
    expect(
      given(...h)
        .when(command("CompleteRectification"))
        .thenState().status,
    ).toBe("pending_acceptance");
  });

  it("INVALID_TRANSITION: no long-term control once completed; no measures at all once accepted", () => {
    given(...history.pendingAcceptance())
      .when(command("ApplyControlMeasures", { longTerm: true }, { at: LATER }))
      .thenError("INVALID_TRANSITION");
    given(...history.accepted())
      .when(command("ApplyControlMeasures", { longTerm: false }, { at: LATER }))
      .thenError("INVALID_TRANSITION");
  });
});

describe("side path: reopen (反销号, 回头看)", () => {
  it("accepted → rectifying with a reason and a new deadline", () => {
    const s = given(...history.accepted())
      .when(command("ReopenHazard", { deadline: "2023-05-31" }, { at: LATER }))
      .thenState();
    expect([s.status, s.deadline, s.originalDeadline, s.reopenCount]).toEqual([
      "rectifying",
      "2023-05-31",
      "2023-05-31",
      1,
    ]);
  });

  it("closed → rectifying", () => {
    expect(
      given(...history.closed())
        .when(command("ReopenHazard", {}, { at: LATER }))
        .thenState().status,
    ).toBe("rectifying");
  });

  it("INVALID_TRANSITION: a hazard not yet accepted cannot be reopened", () => {
    given(...history.pendingAcceptance())
      .when(command("ReopenHazard", {}, { at: LATER }))
      .thenError("INVALID_TRANSITION");
  });

  it("DEADLINE_BEFORE_DISCOVERY: the new deadline is never before the discovery date", () => {
    given(...history.closed())
      .when(command("ReopenHazard", { deadline: "2023-02-28" }, { at: LATER }))
      .thenError("DEADLINE_BEFORE_DISCOVERY", "data.deadline");
  });

  it("DEADLINE_BEFORE_REOPEN: the new deadline is not before the reopen day; the reopen day itself is allowed", () => {
    given(...history.closed())
      .when(command("ReopenHazard", { deadline: "2023-03-31" }, { at: LATER }))
      .thenError("DEADLINE_BEFORE_REOPEN", "data.deadline");
    given(...history.closed())
      .when(command("ReopenHazard", { deadline: "2023-04-01" }, { at: LATER }))
      .thenAccepted();
  });
});

describe("side path: voiding (误报/重复)", () => {
  it.each([
    ["reported", history.reported()],
    ["rectifying", history.rectifying()],
    ["pending_acceptance", history.pendingAcceptance()],
  ])("possible until acceptance: from %s", (_status, h) => {
    const s = given(...h)
      .when(command("VoidHazard", { reason: "false_report" }, { at: LATER }))
      .thenState();
    expect([s.status, s.voidReason]).toEqual(["voided", "false_report"]);
  });

  it("VOID_AFTER_ACCEPTANCE: never once accepted, closed, or reopened after acceptance", () => {
    given(...history.accepted())
      .when(command("VoidHazard", {}, { at: LATER }))
      .thenError("VOID_AFTER_ACCEPTANCE");
    given(...history.closed())
      .when(command("VoidHazard", {}, { at: LATER }))
      .thenError("VOID_AFTER_ACCEPTANCE");
    const reopened = [...history.closed(), event("HazardReopened", {}, { at: LATER })];
    given(...reopened)
      .when(command("VoidHazard", {}, { at: LATER }))
      .thenError("VOID_AFTER_ACCEPTANCE");
  });

  it("LISTING_ACTIVE: a listed hazard cannot be voided", () => {
    given(...history.listed())
      .when(command("VoidHazard", {}, { at: LATER }))
      .thenError("LISTING_ACTIVE");
  });
});

describe("major hazards: governance plan (治理方案)", () => {
  it("PLAN_REQUIRED: the first assignment of a major hazard needs a plan", () => {
    given(...history.reported("major"))
      .when(command("AssignRectification"))
      .thenError("PLAN_REQUIRED", "data.plan");
  });

  it("with a plan, the assignment is accepted and the plan remembered", () => {
    const s = given(...history.reported("major"))
      .when(command("AssignRectification", { plan: { goals: "消除隐患", funds: 10000 } }))
      .thenState();
    expect([s.status, s.hasPlan]).toEqual(["rectifying", true]);
  });

  it("a general hazard needs no plan", () => {
    given(...history.reported("general"))
      .when(command("AssignRectification"))
      .thenAccepted();
  });
});

describe("side path: level change (升级/降级)", () => {
  it("an upgrade with a reason changes the level", () => {
    expect(
      given(...history.rectifying())
        .when(command("ChangeLevel", { to: "major" }))
        .thenState().level,
    ).toBe("major");
  });

  it("a downgrade of an unlisted major hazard", () => {
    expect(
      given(...history.rectifying("major"))
        .when(command("ChangeLevel", { to: "general" }))
        .thenState().level,
    ).toBe("general");
  });

  it("LEVEL_UNCHANGED: a change to the same level", () => {
    given(...history.rectifying())
      .when(command("ChangeLevel", { to: "general" }))
      .thenError("LEVEL_UNCHANGED", "data.to");
  });

  it("LISTING_ACTIVE: no downgrade while listed", () => {
    given(...history.listed())
      .when(command("ChangeLevel", { to: "general" }, { at: LATER }))
      .thenError("LISTING_ACTIVE", "data.to");
  });

  it("INVALID_TRANSITION: no level change after acceptance", () => {
    given(...history.accepted())
      .when(command("ChangeLevel", { to: "major" }, { at: LATER }))
      .thenError("INVALID_TRANSITION");
  });

  it("PLAN_REQUIRED: an upgrade to major requires a plan before acceptance", () => {
    const upgradedPending = [
      ...history.pendingAcceptance(),
      event("LevelChanged", { to: "major" }, { at: LATER }),
    ];
    given(...upgradedPending)
      .when(command("AcceptRectification", {}, { at: LATER }))
      .thenError("PLAN_REQUIRED");
  });

  it("after an upgrade, a re-assignment without a plan is refused and one with a plan adds it; then acceptance passes", () => {
    const upgraded = [...history.rectifying(), event("LevelChanged", { to: "major" })];
    given(...upgraded)
      .when(command("AssignRectification"))
      .thenError("PLAN_REQUIRED");
    const withPlan = [...upgraded, event("RectificationAssigned", { plan: { goals: "消除隐患" } })];
    const completed = [...withPlan, event("RectificationCompleted")];
    given(...completed)
      .when(command("AcceptRectification"))
      .thenAccepted();
  });
});

describe("re-assignment", () => {
  it("while rectifying, may change the responsible unit and keeps the effective deadline", () => {
    const extended = [
      ...history.rectifying(),
      event("DeadlineExtended", { newDeadline: "2023-04-30" }, { at: at("2023-03-30") }),
    ];
    const s = given(...extended)
      .when(
        command(
          "AssignRectification",
          { responsibleUnit: "设备科", deadline: "2023-04-30" },
          { at: at("2023-04-02") },
        ),
      )
      .thenState();
    expect([s.responsibleUnit, s.deadline, s.originalDeadline]).toEqual([
      "设备科",
      "2023-04-30",
      "2023-03-31",
    ]);
  });

  it("DEADLINE_CHANGE_REQUIRES_EXTENSION: a re-assignment with another deadline", () => {
    given(...history.rectifying())
      .when(command("AssignRectification", { deadline: "2023-04-15" }))
      .thenError("DEADLINE_CHANGE_REQUIRES_EXTENSION", "data.deadline");
  });

  it("after a rejected immediate fix (no deadline yet), an assignment sets the deadline", () => {
    const h = [...history.reported(), event("RectificationCompleted"), event("RectificationRejected")];
    const s = given(...h)
      .when(command("AssignRectification", { deadline: "2023-03-10" }))
      .thenState();
    expect([s.deadline, s.originalDeadline]).toEqual(["2023-03-10", "2023-03-10"]);
  });
});

describe("deadlines are calendar dates, never before the discovery date", () => {
  it("DEADLINE_BEFORE_DISCOVERY: an assignment's deadline before the discovery date; the discovery day itself is allowed", () => {
    given(...history.reported())
      .when(command("AssignRectification", { deadline: "2023-02-28" }))
      .thenError("DEADLINE_BEFORE_DISCOVERY", "data.deadline");
    given(...history.reported())
      .when(command("AssignRectification", { deadline: DISCOVERY_DAY }))
      .thenAccepted();
  });

  it("the discovery date is the local date of the report in the ledger's zone", () => {
    // 2023-03-01T00:30+08:00 is still 2023-02-28 in UTC.
    const h = history.reported("general", { at: "2023-03-01T00:30:00+08:00" });
    const assign = command(
      "AssignRectification",
      { deadline: "2023-02-28" },
      { at: "2023-03-01T00:40:00+08:00" },
    );
    given(...h)
      .when(assign)
      .thenError("DEADLINE_BEFORE_DISCOVERY");
    given(...h)
      .when(assign, { timeZone: "UTC" })
      .thenAccepted();
  });

  it("DEADLINE_BEFORE_DISCOVERY: a supervision deadline before the discovery date", () => {
    given(...history.rectifying("major"))
      .when(command("ListSupervision", { deadline: "2023-02-01" }))
      .thenError("DEADLINE_BEFORE_DISCOVERY", "data.deadline");
  });
});

describe("side path: deadline extension (延期)", () => {
  it("moves the effective deadline later and keeps the original", () => {
    const s = given(...history.rectifying())
      .when(command("ExtendDeadline", { newDeadline: "2023-04-15" }, { at: at("2023-03-30") }))
      .thenState();
    expect([s.deadline, s.originalDeadline]).toEqual(["2023-04-15", "2023-03-31"]);
  });

  it("a second extension extends the extended deadline", () => {
    const h = [
      ...history.rectifying(),
      event("DeadlineExtended", { newDeadline: "2023-04-15" }, { at: at("2023-03-30") }),
    ];
    given(...h)
      .when(command("ExtendDeadline", { newDeadline: "2023-04-20" }, { at: at("2023-04-15") }))
      .thenAccepted();
  });

  it("EXTENSION_NOT_LATER: the new deadline must be strictly later than the current one", () => {
    given(...history.rectifying())
      .when(command("ExtendDeadline", { newDeadline: "2023-03-31" }))
      .thenError("EXTENSION_NOT_LATER", "data.newDeadline");
    given(...history.rectifying())
      .when(command("ExtendDeadline", { newDeadline: "2023-03-20" }))
      .thenError("EXTENSION_NOT_LATER");
  });

  it("EXTENSION_AFTER_DEADLINE: made on or before the current deadline day — millisecond boundary at local midnight, Asia/Shanghai", () => {
    const h = history.rectifying("general", "2023-12-31");
    const extendAt = (instant: string) =>
      command("ExtendDeadline", { newDeadline: "2024-01-31" }, { at: instant });
    given(...h)
      .when(extendAt("2023-12-31T23:59:59.999+08:00"))
      .thenAccepted();
    given(...h)
      .when(extendAt("2024-01-01T00:00:00.000+08:00"))
      .thenError("EXTENSION_AFTER_DEADLINE", "occurredAt");
    // The same two instants written in UTC.
    given(...h)
      .when(extendAt("2023-12-31T15:59:59.999Z"))
      .thenAccepted();
    given(...h)
      .when(extendAt("2023-12-31T16:00:00.000Z"))
      .thenError("EXTENSION_AFTER_DEADLINE");
  });

  it("the deadline day is read in the context's zone: in UTC, 2024-01-01T07:00+08:00 is still 2023-12-31", () => {
    const h = history.rectifying("general", "2023-12-31");
    const cmd = command("ExtendDeadline", { newDeadline: "2024-01-31" }, { at: "2024-01-01T07:00:00+08:00" });
    given(...h)
      .when(cmd)
      .thenError("EXTENSION_AFTER_DEADLINE");
    given(...h)
      .when(cmd, { timeZone: "UTC" })
      .thenAccepted();
  });

  it("NOT_RECTIFYING: a rectification deadline is extended only while rectifying", () => {
    given(...history.pendingAcceptance())
      .when(command("ExtendDeadline", {}, { at: at("2023-03-21") }))
      .thenError("NOT_RECTIFYING");
  });

  it("NO_DEADLINE: no extension before a deadline is assigned (a rejected immediate fix)", () => {
    const h = [...history.reported(), event("RectificationCompleted"), event("RectificationRejected")];
    given(...h)
      .when(command("ExtendDeadline"))
      .thenError("NO_DEADLINE");
  });

  it("supervision scope: moves the listing's deadline later and keeps its original", () => {
    const s = given(...history.listed())
      .when(
        command(
          "ExtendDeadline",
          { scope: "supervision", newDeadline: "2023-07-31" },
          { at: LATER, actor: actors.govCity },
        ),
      )
      .thenState();
    expect([s.supervision?.deadline, s.supervision?.originalDeadline]).toEqual(["2023-07-31", "2023-06-30"]);
  });

  it("supervision scope: NO_ACTIVE_LISTING, EXTENSION_AFTER_DEADLINE and EXTENSION_NOT_LATER apply", () => {
    const ext = (newDeadline: string, instant: string) =>
      command(
        "ExtendDeadline",
        { scope: "supervision", newDeadline },
        { at: instant, actor: actors.govCity },
      );
    given(...history.rectifying("major"))
      .when(ext("2023-07-31", LATER))
      .thenError("NO_ACTIVE_LISTING");
    given(...history.listed())
      .when(ext("2023-07-31", at("2023-07-01")))
      .thenError("EXTENSION_AFTER_DEADLINE");
    given(...history.listed())
      .when(ext("2023-07-31", at("2023-06-30", "23:59:59.999")))
      .thenAccepted();
    given(...history.listed())
      .when(ext("2023-06-30", LATER))
      .thenError("EXTENSION_NOT_LATER");
  });
});

describe("side path: listed supervision (挂牌督办)", () => {
  it("a government level lists a major hazard with a notice number and a supervision deadline", () => {
    const s = given(...history.rectifying("major"))
      .when(command("ListSupervision", { noticeNo: "长安委督〔2023〕1号" }, { at: LATER }))
      .thenState();
    expect(s.supervision).toMatchObject({
      authorityLevel: "city",
      deadline: "2023-06-30",
      noticeNo: "长安委督〔2023〕1号",
      active: true,
    });
  });

  it("a hazard may be listed as soon as it is reported", () => {
    given(...history.reported("major"))
      .when(command("ListSupervision"))
      .thenAccepted();
  });

  it("LISTING_REQUIRES_MAJOR: a general hazard is never listed", () => {
    given(...history.rectifying("general"))
      .when(command("ListSupervision"))
      .thenError("LISTING_REQUIRES_MAJOR");
  });

  it("INVALID_TRANSITION: an accepted hazard is not listed", () => {
    given(...history.accepted("major"))
      .when(command("ListSupervision", {}, { at: LATER }))
      .thenError("INVALID_TRANSITION");
  });

  it("LISTING_ALREADY_ACTIVE: at most one active listing — the same or a lower level is refused", () => {
    given(...history.listed("city"))
      .when(command("ListSupervision", { authorityLevel: "city" }, { at: LATER }))
      .thenError("LISTING_ALREADY_ACTIVE", "data.authorityLevel");
    given(...history.listed("city"))
      .when(command("ListSupervision", { authorityLevel: "county" }, { at: LATER, actor: actors.govCounty }))
      .thenError("LISTING_ALREADY_ACTIVE");
  });

  it("escalation: a strictly higher level takes the listing over", () => {
    const s = given(...history.listed("city"))
      .when(
        command(
          "ListSupervision",
          { authorityLevel: "province", authority: "湖南省人民政府" },
          { at: LATER, actor: actors.govProvince },
        ),
      )
      .thenState();
    expect([s.supervision?.authorityLevel, s.supervision?.active, s.listings]).toEqual(["province", true, 2]);
  });

  it("lifting (摘牌) after accepted rectification", () => {
    const h = [
      ...history.listed(),
      event("RectificationCompleted", {}, { at: LATER }),
      event("RectificationAccepted", {}, { at: LATER }),
    ];
    const s = given(...h)
      .when(command("LiftSupervision", {}, { at: LATER }))
      .thenState();
    expect([s.supervision?.active, s.lifts]).toEqual([false, 1]);
  });

  it("LIFT_REQUIRES_ACCEPTANCE: no lifting while rectifying or pending acceptance", () => {
    given(...history.listed())
      .when(command("LiftSupervision", {}, { at: LATER }))
      .thenError("LIFT_REQUIRES_ACCEPTANCE");
    const pending = [...history.listed(), event("RectificationCompleted", {}, { at: LATER })];
    given(...pending)
      .when(command("LiftSupervision", {}, { at: LATER }))
      .thenError("LIFT_REQUIRES_ACCEPTANCE");
  });

  it("NO_ACTIVE_LISTING: lifting a hazard never listed, or already lifted", () => {
    given(...history.accepted("major"))
      .when(command("LiftSupervision", {}, { at: LATER }))
      .thenError("NO_ACTIVE_LISTING");
    const lifted = [
      ...history.listed(),
      event("RectificationCompleted", {}, { at: LATER }),
      event("RectificationAccepted", {}, { at: LATER }),
      event("SupervisionLifted", {}, { at: LATER }),
    ];
    given(...lifted)
      .when(command("LiftSupervision", {}, { at: LATER }))
      .thenError("NO_ACTIVE_LISTING");
  });

  it("LISTING_ACTIVE: a listed hazard cannot be closed until lifted", () => {
    const accepted = [
      ...history.listed(),
      event("RectificationCompleted", {}, { at: LATER }),
      event("RectificationAccepted", {}, { at: LATER }),
    ];
    given(...accepted)
      .when(command("CloseHazard", {}, { at: LATER }))
      .thenError("LISTING_ACTIVE");
    given(...accepted, event("SupervisionLifted", {}, { at: LATER }))
      .when(command("CloseHazard", {}, { at: LATER }))
      .thenAccepted();
  });

  it("after lifting, the hazard may be listed again (e.g. after reopening)", () => {
    const lifted = [
      ...history.listed(),
      event("RectificationCompleted", {}, { at: LATER }),
      event("RectificationAccepted", {}, { at: LATER }),
      event("SupervisionLifted", {}, { at: LATER }),
      event("HazardReopened", {}, { at: LATER }),
    ];
    given(...lifted)
      .when(command("ListSupervision", {}, { at: LATER }))
      .thenAccepted();
  });

  it("NOT_PERMITTED: a level below the listing cannot lift it", () => {
    const accepted = [
      ...history.listed("city"),
      event("RectificationCompleted", {}, { at: LATER }),
      event("RectificationAccepted", {}, { at: LATER }),
    ];
    given(...accepted)
      .when(command("LiftSupervision", {}, { at: LATER, actor: actors.govCounty }))
      .thenError("NOT_PERMITTED");
  });
});

describe("notices, enforcement and progress attach without changing the status", () => {
  const statuses = [
    ["reported", history.reported()],
    ["rectifying", history.rectifying()],
    ["pending_acceptance", history.pendingAcceptance()],
    ["accepted", history.accepted()],
    ["long_term_control", [...history.reported(), event("ControlMeasuresApplied", { longTerm: true })]],
  ] as const;

  it.each(statuses)("a notice on a hazard that is %s", (status, h) => {
    const s = given(...h)
      .when(command("IssueNotice", { kind: "interview" }, { at: LATER }))
      .thenState();
    expect([s.status, s.notices.interview]).toEqual([status, 1]);
  });

  it.each(statuses)("enforcement on a hazard that is %s", (status, h) => {
    const s = given(...h)
      .when(command("RecordEnforcement", { action: "fine", fineFen: 500000 }, { at: LATER }))
      .thenState();
    expect([s.status, s.enforcement.fine, s.finesFen]).toEqual([status, 1, 500000]);
  });

  it.each(statuses)("a progress report on a hazard that is %s", (status, h) => {
    expect(
      given(...h)
        .when(command("ReportProgress", {}, { at: LATER }))
        .thenState().status,
    ).toBe(status);
  });

  it("FINE_AMOUNT_REQUIRED: a fine needs a positive amount", () => {
    given(...history.rectifying())
      .when(command("RecordEnforcement", { action: "fine" }))
      .thenError("FINE_AMOUNT_REQUIRED", "data.fineFen");
    given(...history.rectifying())
      .when(command("RecordEnforcement", { action: "fine", fineFen: 0 }))
      .thenError("FINE_AMOUNT_REQUIRED");
  });

  it("other enforcement actions need no amount", () => {
    given(...history.rectifying())
      .when(command("RecordEnforcement", { action: "suspension_order" }))
      .thenAccepted();
  });
});

describe("hazardDecider", () => {
  it("is decide, evolve and initialState as a Decider", () => {
    const ctx = decideContext(at(DISCOVERY_DAY));
    const r = hazardDecider.decide(command("ReportHazard"), hazardDecider.initialState, ctx);
    expect(E.isRight(r)).toBe(true);
    const s = E.isRight(r) ? r.right.reduce(hazardDecider.evolve, hazardDecider.initialState) : initialState;
    expect([s.status, s.seq, s.hazardId]).toEqual(["reported", 0, HZ]);
    expect(decide(command("ReportHazard"), s, ctx)).toMatchObject({
      _tag: "Left",
      left: { code: "HAZARD_ALREADY_REPORTED" },
    });
  });

  it("decideContext defaults: Asia/Shanghai, the default policy, five minutes of skew; refuses a bad zone or now", () => {
    const ctx = decideContext("2023-03-01T00:00:00Z");
    expect([ctx.timeZone, ctx.maxClockSkewMs]).toEqual(["Asia/Shanghai", 300000]);
    expect(() => decideContext("2023-03-01T00:00:00Z", { timeZone: "Mars/Olympus" })).toThrow(
      /Mars\/Olympus/,
    );
    expect(() => decideContext("yesterday")).toThrow(/yesterday/);
  });
});

describe("deadlines in working days (工作日)", () => {
  // Monday to Friday through 2023, and a calendar with 2023-03-06 (a Monday) off.
  const weekdays = weekdayCalendar("2023-01-01", "2023-12-31");
  const withHoliday: WorkingDayCalendar = {
    ...weekdays,
    version: "test: 2023-03-06 off",
    isWorkingDay: (d) => d !== "2023-03-06" && weekdays.isWorkingDay(d),
  };
  // DISCOVERY_DAY 2023-03-01 is a Wednesday.
  const inWorkingDays = (n: unknown, extra: Record<string, unknown> = {}): HazardCommandInput => {
    const { deadline: _dated, ...data } = command("AssignRectification").data;
    return {
      ...command("AssignRectification"),
      data: { ...data, deadlineWorkingDays: n, ...extra },
    } as HazardCommandInput;
  };

  it("a deadline of n working days is the nth working day after the day of occurrence, stored as a date", () => {
    given(...history.reported())
      .when(inWorkingDays(3), { workingDays: weekdays })
      .then(event("RectificationAssigned", { deadline: "2023-03-06" }));
    given(...history.reported())
      .when(inWorkingDays(3), { workingDays: withHoliday })
      .then(event("RectificationAssigned", { deadline: "2023-03-07" }));
  });

  it("the day of occurrence is the local day in the ledger's zone", () => {
    // 16:30Z on Thursday 2 March is 00:30 on Friday in Shanghai: Monday is day 1 (in UTC it would be Friday).
    const cmd = { ...inWorkingDays(1), occurredAt: "2023-03-02T16:30:00Z" };
    const result = given(...history.reported()).when(cmd, {
      workingDays: weekdays,
      now: "2023-03-02T17:00:00Z",
    }).result;
    expect(result).toMatchObject({ _tag: "Right", right: [{ data: { deadline: "2023-03-06" } }] });
  });

  it("an extension's new deadline in working days (newDeadlineWorkingDays)", () => {
    const { newDeadline: _dated, ...data } = command("ExtendDeadline").data;
    const cmd = {
      ...command("ExtendDeadline", {}, { at: at("2023-03-10") }),
      data: { ...data, newDeadlineWorkingDays: 20 },
    } as HazardCommandInput;
    given(...history.rectifying())
      .when(cmd, { workingDays: weekdays })
      .then(event("DeadlineExtended", { newDeadline: "2023-04-07" }, { at: at("2023-03-10") }));
  });

  it("the resolved date meets every rule a date meets: a re-assignment may not move the deadline", () => {
    given(...history.rectifying())
      .when(inWorkingDays(5), { workingDays: weekdays })
      .thenError("DEADLINE_CHANGE_REQUIRES_EXTENSION", "data.deadline");
  });

  it("without a calendar in the context, a deadline in working days is refused", () => {
    given(...history.reported())
      .when(inWorkingDays(3))
      .thenError("NO_WORKING_DAY_CALENDAR", "data.deadlineWorkingDays");
  });

  it("a deadline past the calendar's last day is refused, naming the calendar", () => {
    const e = given(...history.reported())
      .when(inWorkingDays(300), { workingDays: weekdays })
      .thenError("OUTSIDE_WORKING_DAY_CALENDAR", "data.deadlineWorkingDays");
    expect(e.message).toContain(weekdays.version);
  });

  it("a date and working days both, or working days that are not a whole number from 1, are refused", () => {
    given(...history.reported())
      .when(inWorkingDays(3, { deadline: "2023-03-31" }), { workingDays: weekdays })
      .thenError("INVALID_COMMAND", "data.deadlineWorkingDays");
    for (const n of [0, -1, 1.5, "3", 100000])
      given(...history.reported())
        .when(inWorkingDays(n), { workingDays: weekdays })
        .thenError("INVALID_COMMAND", "data.deadlineWorkingDays");
  });
});

afterAll(() => {
  const untested = DOMAIN_ERROR_CODES.filter((c) => !observedErrorCodes.has(c));
  expect(untested, "error codes no scenario produces").toEqual([]);
});
