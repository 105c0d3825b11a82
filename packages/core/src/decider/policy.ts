import * as E from "fp-ts/lib/Either.js";
import { type Actor, type GovLevel, type Role, govLevelRank } from "../codecs/primitives.js";
import type { HazardCommand, HazardCommandOf, HazardCommandType } from "../commands/hazardCommand.js";
import type { HazardState } from "./hazardState.js";

/**
 * A policy's answer: `right` permits, `left` refuses with one line of English saying who may
 * do it instead. The decider turns a refusal into a `NOT_PERMITTED` domain error.
 */
export type PolicyVerdict = E.Either<string, void>;

/**
 * Who may do what, as a replaceable value: given a command and the state of its hazard, permit
 * or refuse. The decider asks the policy only after the lifecycle rules have passed, so a
 * policy may rely on the state being one where the command is valid (e.g. a listing is active
 * when a lift is asked for). A policy is pure: it must not read clocks, files or network.
 */
export type AuthorizationPolicy = (command: HazardCommand, state: HazardState) => PolicyVerdict;

/** The rule for one command type. */
export type CommandRule<C extends HazardCommandType> = (
  command: HazardCommandOf<C>,
  state: HazardState,
) => PolicyVerdict;

/**
 * A policy as one rule per command type. Replace a single rule by spreading:
 * `policyFromRules({ ...defaultPolicyRules, CloseHazard: myCloseRule })`.
 */
export type PolicyRules = { readonly [C in HazardCommandType]: CommandRule<C> };

/** The verdict that permits. */
export const permit: PolicyVerdict = E.right(undefined);

/** The verdict that refuses, saying why. */
export const refuse = (why: string): PolicyVerdict => E.left(why);

/** A policy that dispatches each command to its rule. */
export const policyFromRules =
  (rules: PolicyRules): AuthorizationPolicy =>
  (command, state) =>
    // The mapped type guarantees rules[type] takes the command of that type.
    (rules[command.type] as (c: HazardCommand, s: HazardState) => PolicyVerdict)(command, state);

/** A policy that permits everything: for tests of the lifecycle rules alone. */
export const permitAll: AuthorizationPolicy = () => permit;

const describeActor = (a: Actor): string =>
  `${a.role}${a.level !== undefined ? ` (${a.level})` : ""} ${JSON.stringify(a.id)}`;

const ROLE_NAMES: Record<Role, string> = {
  enterprise: "the unit (enterprise)",
  inspector: "a regulator (inspector)",
  authority: "a government authority",
  expert: "an expert",
  public: "the public",
  system: "the system",
};

/** Permits the listed roles, and refuses others naming who may `doWhat`. */
const byRole = (actor: Actor, roles: readonly Role[], doWhat: string): PolicyVerdict =>
  roles.includes(actor.role)
    ? permit
    : refuse(
        `only ${roles.map((r) => ROLE_NAMES[r]).join(" or ")} may ${doWhat}, not ${describeActor(actor)}`,
      );

/** True when `actor` is a government authority at `level` or above. */
export const isAuthorityAtOrAbove = (actor: Actor, level: GovLevel): boolean =>
  actor.role === "authority" && actor.level !== undefined && govLevelRank(actor.level) >= govLevelRank(level);

const byAuthorityLevel = (actor: Actor, level: GovLevel, doWhat: string): PolicyVerdict =>
  isAuthorityAtOrAbove(actor, level)
    ? permit
    : refuse(
        `only a government authority at ${level} level or above may ${doWhat}, not ${describeActor(actor)}`,
      );

const UNIT_OR_REGULATOR: readonly Role[] = ["enterprise", "inspector"];
const REGULATOR_OR_AUTHORITY: readonly Role[] = ["inspector", "authority"];

const acceptanceRule = (actor: Actor, state: HazardState, doWhat: string): PolicyVerdict =>
  state.level === "major"
    ? byRole(actor, ["inspector", "expert"], `${doWhat} of a major hazard`)
    : byRole(actor, ["enterprise", "expert", "inspector"], `${doWhat} of a general hazard`);

const listingLevelOf = (state: HazardState): GovLevel | null => state.supervision?.authorityLevel ?? null;

/**
 * The default rules of domain.md ("Who may do what"):
 * - anyone, the public included, may report;
 * - assigning, re-assigning, control measures, completion, progress reports: the unit or a regulator;
 * - extending a rectification deadline: a regulator, or the unit itself for a general hazard;
 * - level change, notices, enforcement, reopening: a regulator or a government authority;
 * - acceptance or rejection: of a general hazard the unit, an expert or a regulator; of a major
 *   hazard a regulator or an expert, never the unit;
 * - listing, extending a listing, lifting: a government authority at the listing level or above
 *   (`actor.level` compared by {@link govLevelRank});
 * - closing: a regulator for a major hazard; the unit or a regulator for a general one;
 * - voiding: a regulator, or the reporter (same actor id) while the hazard is not yet assigned.
 */
export const defaultPolicyRules: PolicyRules = {
  ReportHazard: () => permit,
  AssignRectification: (c) => byRole(c.actor, UNIT_OR_REGULATOR, "assign rectification"),
  ApplyControlMeasures: (c) => byRole(c.actor, UNIT_OR_REGULATOR, "apply control measures"),
  CompleteRectification: (c) => byRole(c.actor, UNIT_OR_REGULATOR, "report rectification completed"),
  ReportProgress: (c) => byRole(c.actor, UNIT_OR_REGULATOR, "report progress"),
  ExtendDeadline: (c, s) => {
    if (c.data.scope === "supervision") {
      const level = listingLevelOf(s);
      return level === null
        ? refuse("no listing to extend")
        : byAuthorityLevel(c.actor, level, "extend a supervision deadline");
    }
    return s.level === "general"
      ? byRole(c.actor, UNIT_OR_REGULATOR, "extend the rectification deadline of a general hazard")
      : byRole(c.actor, ["inspector"], "extend the rectification deadline of a major hazard");
  },
  ChangeLevel: (c) => byRole(c.actor, REGULATOR_OR_AUTHORITY, "change a hazard's level"),
  IssueNotice: (c) => byRole(c.actor, REGULATOR_OR_AUTHORITY, "issue a notice"),
  RecordEnforcement: (c) => byRole(c.actor, REGULATOR_OR_AUTHORITY, "record enforcement"),
  ReopenHazard: (c) => byRole(c.actor, REGULATOR_OR_AUTHORITY, "reopen a hazard"),
  AcceptRectification: (c, s) => acceptanceRule(c.actor, s, "accept the rectification"),
  RejectRectification: (c, s) => acceptanceRule(c.actor, s, "reject the rectification"),
  ListSupervision: (c) =>
    byAuthorityLevel(c.actor, c.data.authorityLevel, `list a hazard at ${c.data.authorityLevel} level`),
  LiftSupervision: (c, s) => {
    const level = listingLevelOf(s);
    return level === null
      ? refuse("no listing to lift")
      : byAuthorityLevel(c.actor, level, "lift this listing");
  },
  CloseHazard: (c, s) =>
    s.level === "major"
      ? byRole(c.actor, ["inspector"], "close a major hazard")
      : byRole(c.actor, UNIT_OR_REGULATOR, "close a general hazard"),
  VoidHazard: (c, s) =>
    c.actor.role === "inspector" ||
    (s.status === "reported" && s.reportedBy !== null && s.reportedBy.id === c.actor.id)
      ? permit
      : refuse(
          `only a regulator (inspector), or the reporter before assignment, may void a hazard, not ${describeActor(c.actor)}`,
        ),
};

/** The default policy of domain.md, built from {@link defaultPolicyRules}. */
export const defaultPolicy: AuthorizationPolicy = policyFromRules(defaultPolicyRules);
