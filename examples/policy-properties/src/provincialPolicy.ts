import {
  type Actor,
  type AuthorizationPolicy,
  type GovLevel,
  type PolicyRules,
  defaultPolicyRules,
  govLevelRank,
  permit,
  policyFromRules,
  refuse,
} from "@hazard-ledger/core";

/** True when `actor` is a regulator (inspector) of `level` or a higher one. */
export const isInspectorAtOrAbove = (actor: Actor, level: GovLevel): boolean =>
  actor.role === "inspector" && actor.level !== undefined && govLevelRank(actor.level) >= govLevelRank(level);

/**
 * A province's stricter rules, on top of the defaults of domain.md (a made-up province; the
 * point is how to write one):
 * - a major hazard is closed (销号) only by an inspector of county level or above: a township
 *   safety office or an inspector of unknown level no longer may;
 * - every deadline extension needs a government authority: the unit may no longer extend its
 *   own general hazard's rectification deadline, nor may an inspector (supervision deadlines
 *   already needed the listing authority by default, and still do).
 * Every other command follows the default rules, reused by spreading them.
 */
export const provincialPolicyRules: PolicyRules = {
  ...defaultPolicyRules,
  CloseHazard: (command, state) =>
    state.level !== "major"
      ? defaultPolicyRules.CloseHazard(command, state)
      : isInspectorAtOrAbove(command.actor, "county")
        ? permit
        : refuse(
            `only an inspector of county level or above may close a major hazard, not ${command.actor.role}${
              command.actor.level !== undefined ? ` (${command.actor.level})` : ""
            } ${JSON.stringify(command.actor.id)}`,
          ),
  ExtendDeadline: (command, state) =>
    command.data.scope === "supervision"
      ? defaultPolicyRules.ExtendDeadline(command, state)
      : command.actor.role === "authority"
        ? permit
        : refuse(
            `only a government authority may extend a rectification deadline, not ${command.actor.role} ${JSON.stringify(command.actor.id)}`,
          ),
};

/** The province's policy, to pass as `policy` in a DecideContext, the command handler or the import. */
export const provincialPolicy: AuthorizationPolicy = policyFromRules(provincialPolicyRules);
