import {
  type Actor,
  HAZARD_COMMAND_TYPES,
  type HazardCommandType,
  type HazardState,
  decideContext,
  hazardDecider,
} from "@hazard-ledger/core";
import { DEFAULT_ACTOR_POOL, arbHazardCommand } from "@hazard-ledger/testing";
import fc from "fast-check";
import { isRight } from "fp-ts/lib/Either.js";

/** One step of the lifecycle the decider allowed: from a status, by a command, to a status. */
export interface LifecycleEdge {
  readonly from: string;
  /** The hazard's level when the step was taken: the rules and the policy differ by level. */
  readonly level: string;
  readonly command: HazardCommandType;
  readonly to: string;
  /** Who the default policy let take the step, as `role` or `role@level`. */
  readonly who: ReadonlySet<string>;
}

const NOW = "2023-06-01T12:00:00+08:00";
// Candidate commands tried per (state, type, actor): their data are drawn relative to the state
// (deadlines after discovery, a plan for a major hazard, an escalation above a listing).
const SAMPLES = 12;

const actorLabel = (a: Actor): string => (a.level !== undefined ? `${a.role}@${a.level}` : a.role);

/** What tells two states apart for the rules: the explored graph keeps one state per key. */
const stateKey = (s: HazardState): string =>
  [
    s.status,
    s.level,
    s.hasPlan,
    s.deadline !== null,
    s.supervision === null ? "-" : `${s.supervision.authorityLevel}:${s.supervision.active}`,
  ].join("|");

/**
 * The lifecycle as the decider and the default policy enforce it, found by exploration, not
 * written by hand: from a hazard not yet reported, every command type is tried by every actor
 * of the testing kit's pool with a few data drawn for the state, and each accepted command is
 * an edge. Deterministic (fixed seeds), so the generated document is stable.
 */
export const exploreLifecycle = (): LifecycleEdge[] => {
  const context = decideContext(NOW);
  const edges = new Map<
    string,
    { from: string; level: string; command: HazardCommandType; to: string; who: Set<string> }
  >();
  const seen = new Set<string>();
  const queue: HazardState[] = [hazardDecider.initialState];
  seen.add(stateKey(hazardDecider.initialState));
  let seed = 1;
  while (queue.length > 0) {
    const state = queue.shift() as HazardState;
    for (const type of HAZARD_COMMAND_TYPES) {
      for (const actor of DEFAULT_ACTOR_POOL) {
        const candidates = fc.sample(
          arbHazardCommand({ state, types: [type], actors: [actor], now: NOW, hazardId: "HZ-DOC-1" }),
          { seed: seed++, numRuns: SAMPLES },
        );
        for (const command of candidates) {
          const decided = hazardDecider.decide(command, state, context);
          if (!isRight(decided)) continue;
          const next = decided.right.reduce(hazardDecider.evolve, state);
          const from = state.status === "none" ? "[*]" : state.status;
          const level = state.status === "none" ? next.level : state.level;
          const key = `${from} ${level} ${type} ${next.status}`;
          const edge = edges.get(key) ?? {
            from,
            level,
            command: type,
            to: next.status,
            who: new Set<string>(),
          };
          edge.who.add(actorLabel(actor));
          edges.set(key, edge);
          const k = stateKey(next);
          if (!seen.has(k)) {
            seen.add(k);
            queue.push(next);
          }
        }
      }
    }
  }
  return [...edges.values()].sort(
    (a, b) =>
      a.from.localeCompare(b.from) ||
      a.command.localeCompare(b.command) ||
      a.level.localeCompare(b.level) ||
      a.to.localeCompare(b.to),
  );
};

/** Roles in the order the docs name them, levels under their role. */
const ROLE_ORDER = ["public", "enterprise", "inspector", "expert", "authority", "system"];
const whoText = (who: ReadonlySet<string>): string => {
  const byRole = new Map<string, string[]>();
  for (const w of who) {
    const [role, level] = w.split("@") as [string, string | undefined];
    const levels = byRole.get(role) ?? [];
    if (level !== undefined) levels.push(level);
    byRole.set(role, levels);
  }
  return ROLE_ORDER.filter((r) => byRole.has(r))
    .map((r) => {
      const levels = byRole.get(r) ?? [];
      return levels.length > 0 ? `${r} (${levels.sort().join(", ")})` : r;
    })
    .join("; ");
};

/** The Markdown page: a Mermaid state diagram of the status changes and a table of every step. */
export const lifecycleMarkdown = (edges: readonly LifecycleEdge[]): string => {
  const moves = new Map<string, Set<string>>();
  for (const e of edges) {
    if (e.from === e.to) continue;
    const key = `${e.from} --> ${e.to}`;
    moves.set(key, (moves.get(key) ?? new Set()).add(e.command));
  }
  const diagram = [...moves.entries()].map(([k, cmds]) => `  ${k}: ${[...cmds].sort().join(", ")}`);
  const rows = edges.map(
    (e) =>
      `| ${e.from === "[*]" ? "(new)" : e.from} | ${e.command} | ${e.level} | ${e.to} | ${whoText(e.who)} |`,
  );
  return [
    "# The hazard lifecycle",
    "",
    "Generated from the decider and the default policy by `test/docs/lifecycle.test.ts` (every",
    "command type tried by every role in every state reached; `UPDATE_DOCS=1 pnpm exec vitest run",
    "test/docs` rewrites this page). CI fails when the rules and this page disagree.",
    "",
    "```mermaid",
    "stateDiagram-v2",
    ...diagram,
    "```",
    "",
    "Every step the rules allow, and who may take it under the default policy (a level after a",
    "role is the government level of the actor). Steps that keep the status (notices,",
    "enforcement, progress, extensions, listings) are in the table only. The explored hazards",
    "were reported by an enterprise, so the reporter's own right (voiding before assignment)",
    "shows under that role.",
    "",
    "| from | command | level | to | who may (default policy) |",
    "| --- | --- | --- | --- | --- |",
    ...rows,
    "",
  ].join("\n");
};
