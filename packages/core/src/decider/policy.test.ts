import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import type { Actor } from "../codecs/primitives.js";
import type { HazardCommandOf, HazardCommandType } from "../commands/hazardCommand.js";
import type { NewHazardEvent } from "../events/hazardEvent.js";
import { actors, at, command, event, given, history, stateOf } from "./givenWhenThen.fixture.js";
import {
  defaultPolicy,
  defaultPolicyRules,
  isAuthorityAtOrAbove,
  permit,
  permitAll,
  policyFromRules,
  refuse,
} from "./policy.js";

type ActorName = keyof typeof actors;
const ALL = Object.keys(actors) as ActorName[];
const LATER = at("2023-04-01");

/**
 * Asserts that exactly `allowed` of all actors are permitted `cmd` (with its actor replaced)
 * after `h`, both by the policy alone and through decide (NOT_PERMITTED for the others).
 */
const onlyPermits = (
  h: NewHazardEvent[],
  cmd: (actor: Actor) => HazardCommandOf<HazardCommandType>,
  allowed: readonly ActorName[],
) => {
  const state = stateOf(h);
  const permitted = ALL.filter((name) => E.isRight(defaultPolicy(cmd(actors[name]), state)));
  expect(permitted).toEqual(ALL.filter((name) => allowed.includes(name)));
  for (const name of ALL) {
    const then = given(...h).when(cmd(actors[name]));
    if (allowed.includes(name)) then.thenAccepted();
    else expect(then.thenError("NOT_PERMITTED", "actor").message).toContain(JSON.stringify(actors[name].id));
  }
};

const GOV_ALL: ActorName[] = ["govTownship", "govCounty", "govCity", "govProvince"];

describe("default policy: who may do what (domain.md)", () => {
  it("anyone, the public included, may report", () => {
    onlyPermits([], (actor) => command("ReportHazard", {}, { actor }), ALL);
  });

  it("assigning: the unit or a regulator", () => {
    onlyPermits(history.reported(), (actor) => command("AssignRectification", {}, { actor }), [
      "inspector",
      "enterprise",
    ]);
  });

  it("re-assigning: the unit or a regulator", () => {
    onlyPermits(history.rectifying(), (actor) => command("AssignRectification", {}, { actor }), [
      "inspector",
      "enterprise",
    ]);
  });

  it("control measures: the unit or a regulator", () => {
    onlyPermits(
      history.rectifying(),
      (actor) => command("ApplyControlMeasures", { longTerm: true }, { actor }),
      ["inspector", "enterprise"],
    );
  });

  it("completion: the unit or a regulator", () => {
    onlyPermits(history.rectifying(), (actor) => command("CompleteRectification", {}, { actor }), [
      "inspector",
      "enterprise",
    ]);
  });

  it("extending the rectification deadline of a general hazard: a regulator or the unit itself", () => {
    onlyPermits(history.rectifying("general"), (actor) => command("ExtendDeadline", {}, { actor }), [
      "inspector",
      "enterprise",
    ]);
  });

  it("extending the rectification deadline of a major hazard: a regulator only", () => {
    onlyPermits(history.rectifying("major"), (actor) => command("ExtendDeadline", {}, { actor }), [
      "inspector",
    ]);
  });

  it("level change: a regulator or a government authority", () => {
    onlyPermits(history.rectifying(), (actor) => command("ChangeLevel", {}, { actor }), [
      "inspector",
      ...GOV_ALL,
    ]);
  });

  it("notices: a regulator or a government authority", () => {
    onlyPermits(history.rectifying(), (actor) => command("IssueNotice", {}, { actor }), [
      "inspector",
      ...GOV_ALL,
    ]);
  });

  it("enforcement: a regulator or a government authority", () => {
    onlyPermits(history.rectifying(), (actor) => command("RecordEnforcement", {}, { actor }), [
      "inspector",
      ...GOV_ALL,
    ]);
  });

  it("acceptance of a general hazard: the unit's own acceptor, an expert or a regulator", () => {
    onlyPermits(
      history.pendingAcceptance("general"),
      (actor) => command("AcceptRectification", {}, { actor, at: LATER }),
      ["inspector", "enterprise", "expert"],
    );
  });

  it("acceptance of a major hazard: a regulator or an expert, never the unit alone", () => {
    onlyPermits(
      history.pendingAcceptance("major"),
      (actor) => command("AcceptRectification", {}, { actor, at: LATER }),
      ["inspector", "expert"],
    );
  });

  it("rejection follows acceptance: general by the unit, an expert or a regulator", () => {
    onlyPermits(
      history.pendingAcceptance("general"),
      (actor) => command("RejectRectification", {}, { actor, at: LATER }),
      ["inspector", "enterprise", "expert"],
    );
  });

  it("rejection of a major hazard: a regulator or an expert", () => {
    onlyPermits(
      history.pendingAcceptance("major"),
      (actor) => command("RejectRectification", {}, { actor, at: LATER }),
      ["inspector", "expert"],
    );
  });

  it("listing at city level: a government authority at city level or above", () => {
    onlyPermits(
      history.rectifying("major"),
      (actor) => command("ListSupervision", { authorityLevel: "city" }, { actor }),
      ["govCity", "govProvince"],
    );
  });

  it("listing at township level: any government authority", () => {
    onlyPermits(
      history.rectifying("major"),
      (actor) => command("ListSupervision", { authorityLevel: "township" }, { actor }),
      GOV_ALL,
    );
  });

  it("extension of a county listing: a government authority at county level or above", () => {
    onlyPermits(
      history.listed("county"),
      (actor) =>
        command("ExtendDeadline", { scope: "supervision", newDeadline: "2023-07-31" }, { actor, at: LATER }),
      ["govCounty", "govCity", "govProvince"],
    );
  });

  it("lifting a city listing: a government authority at city level or above", () => {
    const h = [
      ...history.listed("city"),
      event("RectificationCompleted", {}, { at: LATER }),
      event("RectificationAccepted", {}, { at: LATER }),
    ];
    onlyPermits(h, (actor) => command("LiftSupervision", {}, { actor, at: LATER }), [
      "govCity",
      "govProvince",
    ]);
  });

  it("an authority without a level may not list", () => {
    const noLevel: Actor = { id: "gov-x", role: "authority" };
    expect(isAuthorityAtOrAbove(noLevel, "township")).toBe(false);
    given(...history.rectifying("major"))
      .when(command("ListSupervision", { authorityLevel: "township" }, { actor: noLevel }))
      .thenError("NOT_PERMITTED");
  });

  it("closing a major hazard: a regulator", () => {
    onlyPermits(history.accepted("major"), (actor) => command("CloseHazard", {}, { actor, at: LATER }), [
      "inspector",
    ]);
  });

  it("closing a general hazard: the unit itself or a regulator", () => {
    onlyPermits(history.accepted("general"), (actor) => command("CloseHazard", {}, { actor, at: LATER }), [
      "inspector",
      "enterprise",
    ]);
  });

  it("voiding before assignment: a regulator, or the reporter (same actor id)", () => {
    onlyPermits(
      history.reported("general", { actor: actors.public }),
      (actor) => command("VoidHazard", {}, { actor }),
      ["inspector", "public"],
    );
  });

  it("voiding after assignment: a regulator only, not the reporter", () => {
    const h = [...history.reported("general", { actor: actors.enterprise }), event("RectificationAssigned")];
    onlyPermits(h, (actor) => command("VoidHazard", {}, { actor }), ["inspector"]);
  });

  it("the reporter is recognised by actor id, not by role", () => {
    const otherPublic: Actor = { id: "pub-2", role: "public" };
    given(...history.reported("general", { actor: actors.public }))
      .when(command("VoidHazard", {}, { actor: otherPublic }))
      .thenError("NOT_PERMITTED");
  });

  it("reopening: a regulator or a government authority", () => {
    onlyPermits(history.closed(), (actor) => command("ReopenHazard", {}, { actor, at: LATER }), [
      "inspector",
      ...GOV_ALL,
    ]);
  });

  it("progress reports: the unit or a regulator", () => {
    onlyPermits(history.rectifying(), (actor) => command("ReportProgress", {}, { actor }), [
      "inspector",
      "enterprise",
    ]);
  });
});

describe("a policy is a replaceable value", () => {
  it("one rule can be replaced by spreading the default rules", () => {
    const unitMayNotClose = policyFromRules({
      ...defaultPolicyRules,
      CloseHazard: (c) => (c.actor.role === "inspector" ? permit : refuse("only inspectors close")),
    });
    const close = command("CloseHazard", {}, { actor: actors.enterprise, at: LATER });
    given(...history.accepted())
      .when(close)
      .thenAccepted();
    const e = given(...history.accepted())
      .when(close, { policy: unitMayNotClose })
      .thenError("NOT_PERMITTED");
    expect(e.message).toBe("only inspectors close");
  });

  it("permitAll leaves only the lifecycle rules", () => {
    given(...history.rectifying())
      .when(command("ListSupervision", {}, { actor: actors.public }), { policy: permitAll })
      .thenError("LISTING_REQUIRES_MAJOR");
    given(...history.rectifying("major"))
      .when(command("ListSupervision", {}, { actor: actors.public }), { policy: permitAll })
      .thenAccepted();
  });

  it("a refusal message names who may act and who tried", () => {
    const r = defaultPolicy(
      command("CloseHazard", {}, { actor: actors.enterprise }),
      stateOf(history.accepted("major")),
    );
    expect(r).toEqual(
      E.left('only a regulator (inspector) may close a major hazard, not enterprise "ent-1"'),
    );
  });
});
