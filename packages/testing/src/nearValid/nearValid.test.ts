import {
  type AuthorizationPolicy,
  formatDomainError,
  permit,
  refuse,
  replay,
  DomainErrorCode,
  hazardDecider,
  weekdayCalendar,
} from "@hazard-ledger/core";
import canonicalize from "canonicalize";
import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { given } from "../scenario/givenWhenThen.js";
import { NEAR_VALID_RULES, arbNearValid } from "./nearValid.js";

/** Weekdays from 2020 to 2030: a calendar that ends. */
const calendar = weekdayCalendar("2020-01-01", "2030-12-31");

/** Only inspectors act, though anyone reports: a policy of a user's own. */
const inspectorsOnly: AuthorizationPolicy = (c) =>
  c.type === "ReportHazard" || c.actor.role === "inspector" ? permit : refuse("only inspectors act");

/** The rules whose command is made from an accepted one by changing one field. */
const ONE_FIELD_RULES = [
  "INVALID_COMMAND",
  "HAZARD_ID_MISMATCH",
  "OCCURRED_AFTER_RECORDED",
  "OCCURRED_AT_DECREASED",
  "PLAN_REQUIRED",
  "DEADLINE_BEFORE_DISCOVERY",
  "DEADLINE_BEFORE_REOPEN",
  "DEADLINE_CHANGE_REQUIRES_EXTENSION",
  "EXTENSION_NOT_LATER",
  "FINE_AMOUNT_REQUIRED",
  "NOT_PERMITTED",
] as const;

/** The fields (`occurredAt`, `actor`, `data.deadline`…) in which two commands differ. */
const differingFields = (a: object, b: object): string[] => {
  const fields = (c: object) => {
    const { data, ...envelope } = c as { data?: Record<string, unknown> };
    return new Map<string, unknown>([
      ...Object.entries(envelope),
      ...Object.entries(data ?? {}).map(([k, v]) => [`data.${k}`, v] as const),
    ]);
  };
  const [fa, fb] = [fields(a), fields(b)];
  return [...new Set([...fa.keys(), ...fb.keys()])].filter(
    (k) => canonicalize(fa.get(k) ?? null) !== canonicalize(fb.get(k) ?? null),
  );
};

describe("arbNearValid", () => {
  it("aims at every domain error code", () => {
    expect([...NEAR_VALID_RULES].sort()).toEqual([...DomainErrorCode.values].sort());
  });

  it("says which working-day rule cannot be broken with the calendar it has (or lacks)", () => {
    expect(() => arbNearValid({ rules: ["OUTSIDE_WORKING_DAY_CALENDAR"] })).toThrow(
      "arbNearValid: OUTSIDE_WORKING_DAY_CALENDAR cannot be broken without a working-day calendar (options.workingDays)",
    );
    expect(() => arbNearValid({ rules: ["NO_WORKING_DAY_CALENDAR"], workingDays: calendar })).toThrow(
      "arbNearValid: NO_WORKING_DAY_CALENDAR cannot be broken with a working-day calendar (options.workingDays)",
    );
  });

  describe.each([
    ["the default policy", undefined],
    ["a policy of one's own", inspectorsOnly],
  ] as const)("under %s", (_name, policy) => {
    it.each(NEAR_VALID_RULES)(
      "the decider refuses a command that breaks %s with exactly that code",
      (rule) => {
        fc.assert(
          fc.property(
            arbNearValid({
              rules: [rule],
              ...(policy ? { policy } : {}),
              ...(rule === "OUTSIDE_WORKING_DAY_CALENDAR" ? { workingDays: calendar } : {}),
            }),
            (nearValid) => {
              const result = hazardDecider.decide(
                nearValid.command,
                replay(nearValid.history),
                nearValid.context,
              );
              const said = E.isLeft(result) ? formatDomainError(result.left) : "accepted";
              expect(said).toMatch(new RegExp(`: ${rule}\\b`));
            },
          ),
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

  it.each(ONE_FIELD_RULES)(
    "breaks %s in one field: the command it was made from is accepted and differs in the field the refusal names alone",
    (rule) => {
      const samples = fc.sample(arbNearValid({ rules: [rule] }), { numRuns: 60, seed: 14 });
      const twinned = samples.filter((s) => s.valid !== undefined);
      expect(twinned.length, "most samples carry the accepted command").toBeGreaterThanOrEqual(30);
      for (const { history, command, context, valid } of twinned) {
        const state = replay(history);
        expect(E.isRight(hazardDecider.decide(valid ?? command, state, context))).toBe(true);
        const refused = hazardDecider.decide(command, state, context);
        const field = E.isLeft(refused) ? refused.left.field : "(accepted)";
        expect(differingFields(command, valid ?? command)).toEqual([field]);
      }
    },
  );

  it("reads as a given/when/then scenario", () => {
    fc.assert(
      fc.property(arbNearValid(), ({ history, command, now, rule }) => {
        given(history).when(command, now).then(rule);
      }),
      { numRuns: 100 },
    );
  });
});
