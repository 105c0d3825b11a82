import { defaultPolicy } from "@hazard-ledger/core";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { policyTour } from "./policyTour.js";
import { provincialPolicy } from "./provincialPolicy.js";

/** Each attempt as permitted, or as the code it was refused with. */
const verdicts = async (policy: typeof defaultPolicy) => {
  const tour = await policyTour(policy);
  if (E.isLeft(tour)) throw new Error(tour.left);
  return tour.right.map(({ what, verdict }) => [what, E.isRight(verdict) ? "permitted" : verdict.left.code]);
};

describe("the province's policy, by example", () => {
  it("the default policy lets a township inspector close a major hazard and the unit extend its own deadline, not the government", async () => {
    expect(await verdicts(defaultPolicy)).toEqual([
      ["a township inspector closes the major hazard", "permitted"],
      ["a county inspector closes the major hazard", "permitted"],
      ["the unit extends its general hazard's deadline", "permitted"],
      ["the county government extends it", "NOT_PERMITTED"],
    ]);
  });

  it("the province's policy turns each of those around, and keeps the county inspector's close", async () => {
    expect(await verdicts(provincialPolicy)).toEqual([
      ["a township inspector closes the major hazard", "NOT_PERMITTED"],
      ["a county inspector closes the major hazard", "permitted"],
      ["the unit extends its general hazard's deadline", "NOT_PERMITTED"],
      ["the county government extends it", "permitted"],
    ]);
  });

  it("a refusal says who may do it instead", async () => {
    const tour = await policyTour(provincialPolicy);
    const refusal = E.isRight(tour) ? tour.right[0]?.verdict : undefined;
    expect(refusal !== undefined && E.isLeft(refusal) ? refusal.left.message : "").toMatch(
      /only an inspector of county level or above may close a major hazard, not inspector \(township\)/,
    );
  });
});
