import { type AuthorizationPolicy, defaultPolicyRules, permit, policyFromRules } from "@hazard-ledger/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arbLedgerRun } from "./commandSequence.js";

// A failing property must come back as a counterexample a person can read: a handful of
// events, not the thirty of a typical run. These properties are deliberately wrong.

/** A policy with a bug: meant to be the default, its closing rule lets anyone close. */
const leakyClosing: AuthorizationPolicy = policyFromRules({
  ...defaultPolicyRules,
  CloseHazard: () => permit,
});

const SEEDS = [1, 2];

describe("shrinking", () => {
  it.each(SEEDS)(
    "a policy that lets the public close shrinks to the few events that close a hazard by the public (seed %i)",
    (seed) => {
      const outcome = fc.check(
        fc.property(arbLedgerRun({ policy: leakyClosing, hazards: 3 }), (run) =>
          run.events.every((e) => e.type !== "HazardClosed" || e.actor.role !== "public"),
        ),
        { seed, numRuns: 200 },
      );
      expect(outcome.failed).toBe(true);
      const [run] = outcome.counterexample ?? [];
      // Report, fix at once or assign and complete, accept, close: four or five events, and
      // at most one that shrinking could not take away.
      expect(run?.events.length).toBeLessThanOrEqual(6);
      expect(run?.events.some((e) => e.type === "HazardClosed" && e.actor.role === "public")).toBe(true);
    },
  );

  it.each(SEEDS)(
    "a wrong invariant (every closed hazard had a deadline assigned) shrinks to the immediate fix (seed %i)",
    (seed) => {
      const outcome = fc.check(
        fc.property(arbLedgerRun({ hazards: 3 }), (run) =>
          [...run.states.values()].every((s) => s.status !== "closed" || s.originalDeadline !== null),
        ),
        { seed, numRuns: 200 },
      );
      expect(outcome.failed).toBe(true);
      const [run] = outcome.counterexample ?? [];
      // Report, complete at once, accept, close.
      expect(run?.events.map((e) => e.type)).toEqual([
        "HazardReported",
        "RectificationCompleted",
        "RectificationAccepted",
        "HazardClosed",
      ]);
    },
  );
});
