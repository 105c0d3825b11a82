import {
  type AuthorizationPolicy,
  formatDomainError,
  permit,
  refuse,
  replay,
  DomainErrorCode,
  hazardDecider,
} from "@hazard-ledger/core";
import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { given } from "../scenario/givenWhenThen.js";
import { NEAR_VALID_RULES, arbNearValid } from "./nearValid.js";

/** Only inspectors act, though anyone reports: a policy of a user's own. */
const inspectorsOnly: AuthorizationPolicy = (c) =>
  c.type === "ReportHazard" || c.actor.role === "inspector" ? permit : refuse("only inspectors act");

describe("arbNearValid", () => {
  it("aims at every domain error code but the two it documents it cannot", () => {
    expect(
      DomainErrorCode.values.filter((code) => !(NEAR_VALID_RULES as readonly string[]).includes(code)),
    ).toEqual(["NO_DEADLINE", "OUTSIDE_WORKING_DAY_CALENDAR"]);
  });

  describe.each([
    ["the default policy", undefined],
    ["a policy of one's own", inspectorsOnly],
  ] as const)("under %s", (_name, policy) => {
    it.each(NEAR_VALID_RULES)(
      "the decider refuses a command that breaks %s with exactly that code",
      (rule) => {
        fc.assert(
          fc.property(arbNearValid({ rules: [rule], ...(policy ? { policy } : {}) }), (nearValid) => {
            const result = hazardDecider.decide(
              nearValid.command,
              replay(nearValid.history),
              nearValid.context,
            );
            const said = E.isLeft(result) ? formatDomainError(result.left) : "accepted";
            expect(said).toMatch(new RegExp(`: ${rule}\\b`));
          }),
          { numRuns: 25 },
        );
      },
    );
  });

  it("its histories are one hazard's accepted events, recorded no later than the command", () => {
    fc.assert(
      fc.property(arbNearValid(), ({ history, command, now }) => {
        expect(
          history.every((e) => e.hazardId === command.hazardId || command.hazardId.endsWith("-other")),
        ).toBe(true);
        expect(history.every((e) => e.recordedAt !== undefined && e.recordedAt <= now)).toBe(true);
        expect(replay(history).seq).toBe(history.length - 1);
      }),
      { numRuns: 100 },
    );
  });

  it("reads as a given/when/then scenario", () => {
    fc.assert(
      fc.property(arbNearValid(), ({ history, command, now, rule }) => {
        given(history).when(command, now).then(rule);
      }),
      { numRuns: 100 },
    );
  });
});
