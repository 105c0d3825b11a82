import type { Actor } from "@hazard-ledger/core";
import { DEFAULT_ACTOR_POOL } from "@hazard-ledger/testing";

/** A township safety office's inspector: may close a major hazard by default, not in the province. */
export const TOWNSHIP_INSPECTOR: Actor = {
  id: "insp-town",
  role: "inspector",
  org: "某某街道安监站",
  level: "township",
};

/** An inspector whose level the ledger was not told. */
export const UNLEVELLED_INSPECTOR: Actor = { id: "insp-anon", role: "inspector", org: "联合检查组" };

/**
 * The testing kit's actors, plus the ones the province's rules treat differently: the
 * generators pick, for each command, the first actor of the pool that the policy permits,
 * so these must be in the pool for a property about them to be tested at all.
 */
export const PROVINCE_ACTORS: readonly Actor[] = [
  ...DEFAULT_ACTOR_POOL,
  TOWNSHIP_INSPECTOR,
  UNLEVELLED_INSPECTOR,
];
