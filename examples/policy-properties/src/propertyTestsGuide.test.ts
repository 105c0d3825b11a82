/**
 * The code of docs/guides/property-tests.md. Each `#region` is one snippet of the guide, word
 * for word (test/docs checks it), and each is a real test that runs.
 */
// #region policy-property
import { type AuthorizationPolicy, defaultPolicy, refuse } from "@hazard-ledger/core";
import { arbLedgerRun } from "@hazard-ledger/testing";
import fc from "fast-check";
import { expect, it } from "vitest";

// Our city's rule: only a regulator (inspector) closes a hazard, whatever its level.
const cityPolicy: AuthorizationPolicy = (command, state) =>
  command.type === "CloseHazard" && command.actor.role !== "inspector"
    ? refuse("only a regulator (inspector) may close a hazard")
    : defaultPolicy(command, state);

it("under the city's policy, every hazard is closed by a regulator", () => {
  fc.assert(
    fc.property(arbLedgerRun({ policy: cityPolicy }), (run) => {
      for (const e of run.events) if (e.type === "HazardClosed") expect(e.actor.role).toBe("inspector");
    }),
  );
});
// #endregion policy-property

// #region more-imports
import { getInMemoryEventStore } from "@hazard-ledger/core";
import {
  arbNearValid,
  describeAppendConformance,
  given,
  ledgerModelProperty,
  sampleLifecycle,
} from "@hazard-ledger/testing";
// #endregion more-imports

// #region near-valid
it("the city's policy refuses each broken rule with its own code", () => {
  fc.assert(
    fc.property(arbNearValid({ policy: cityPolicy }), ({ history, command, now, rule }) => {
      given(history, { policy: cityPolicy }).when(command, now).then(rule);
    }),
  );
});
// #endregion near-valid

// #region given-when-then
it("an enterprise cannot close its own accepted hazard in our city", () => {
  const accepted = sampleLifecycle("HZ-2023-000001", "closed").slice(0, -1);
  const close = {
    type: "CloseHazard",
    hazardId: "HZ-2023-000001",
    occurredAt: "2023-03-10T10:00:00+08:00",
    actor: { id: "ent-1", role: "enterprise" },
    data: {},
  } as const;
  given(accepted).when(close).thenAccepted(); // the default policy lets the unit close
  given(accepted, { policy: cityPolicy }).when(close).then("NOT_PERMITTED");
});
// #endregion given-when-then

// #region model
it("the handler over a store answers as the decider and loses nothing", async () => {
  await fc.assert(ledgerModelProperty({ open: () => getInMemoryEventStore(), policy: cityPolicy }), {
    numRuns: 20,
  });
});
// #endregion model

// #region conformance
describeAppendConformance("in-memory store", () => getInMemoryEventStore(), {
  racingWriters: 4,
});
// #endregion conformance
