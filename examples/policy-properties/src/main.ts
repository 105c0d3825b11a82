import { defaultPolicy, formatDomainError } from "@hazard-ledger/core";
import * as E from "fp-ts/lib/Either.js";
import { policyTour } from "./policyTour.js";
import { provincialPolicy } from "./provincialPolicy.js";

for (const [name, policy] of [
  ["the default policy (domain.md)", defaultPolicy],
  ["the province's stricter policy", provincialPolicy],
] as const) {
  const tour = await policyTour(policy);
  if (E.isLeft(tour)) {
    console.error(tour.left);
    process.exit(1);
  }
  console.log(`Under ${name}:`);
  for (const { what, verdict } of tour.right)
    console.log(
      `  ${what}: ${E.isRight(verdict) ? "permitted" : `refused, ${formatDomainError(verdict.left)}`}`,
    );
}
console.log(
  "\nThe properties that hold of every history under the province's policy: npx vitest run examples/policy-properties",
);
