import type { HazardState, NewHazardEvent } from "@hazard-ledger/core";
import type fc from "fast-check";
import { type CommandSequenceOptions, type LedgerRun, arbLedgerRun } from "./commandSequence.js";

/** One hazard's valid history: its events (with `recordedAt`) and the state they fold to. */
export interface HazardHistory {
  readonly hazardId: string;
  readonly events: readonly NewHazardEvent[];
  readonly state: HazardState;
}

/**
 * One hazard, reported and taken along a random valid path of its lifecycle under the
 * options' policy (see {@link arbLedgerRun}); never empty.
 */
export const arbHazard = (
  options: Omit<CommandSequenceOptions, "hazards"> = {},
): fc.Arbitrary<HazardHistory> =>
  arbLedgerRun({ length: { min: 1, max: 20 }, ...options, hazards: 1 })
    .filter((run) => run.events.length > 0)
    .map((run) => {
      const [hazardId, state] = [...run.states][0] as [string, HazardState];
      return { hazardId, events: run.events, state };
    });

/**
 * A whole ledger: many hazards (default 12) with interleaved valid histories, 2 to 10
 * commands a hazard on average, as a {@link LedgerRun} (steps, events in recording order,
 * refusals, final states). For projections and stores that must hold at scale.
 */
export const arbLedger = (options: CommandSequenceOptions = {}): fc.Arbitrary<LedgerRun> => {
  const hazards = options.hazards ?? 12;
  return arbLedgerRun({ length: { min: 2 * hazards, max: 10 * hazards }, ...options, hazards });
};
