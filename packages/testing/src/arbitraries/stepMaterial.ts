import fc from "fast-check";
import { EnforcementAction, type EventData, GovLevel, NoticeKind, VoidReason } from "@hazard-ledger/core";
import { arbReportData } from "./reportData.js";

const DAY_MS = 86_400_000;

/**
 * The random material of one generated command. A command is derived from it and from the
 * state of the hazard it lands on, so that shrinking the material keeps commands coherent.
 */
export interface StepMaterial {
  /** Which hazard of the run. */
  readonly hazard: number;
  /** Which command type is tried first among the plausible ones. */
  readonly pick: number;
  /** Which actor of the pool is tried first. */
  readonly actorPick: number;
  /** 0–99: the step aims at a valid command when below the run's valid ratio. */
  readonly validRoll: number;
  /** How far the clock (recordedAt) moves before this command. */
  readonly gapMs: number;
  /** How far occurredAt lies before recordedAt (late entry of a past fact). */
  readonly lagMs: number;
  /** An offset in days for deadlines. */
  readonly days: number;
  readonly report: EventData<"HazardReported">;
  readonly govLevel: GovLevel;
  readonly text: number;
  readonly noticeKind: NoticeKind;
  readonly action: EnforcementAction;
  readonly fineFen: number;
  readonly voidReason: VoidReason;
  readonly longTerm: boolean;
  readonly supervisionScope: boolean;
  readonly withOptional: boolean;
  readonly withCommandId: boolean;
  /** Write occurredAt in UTC rather than in the ledger's zone. */
  readonly utc: boolean;
  /** For an invalid step: 0 keeps the time, 1 moves it before the last event, 2 after now + skew. */
  readonly timeWarp: 0 | 1 | 2;
}

/** The material of one step; see {@link StepMaterial}. */
export const arbStepMaterial = (): fc.Arbitrary<StepMaterial> =>
  fc.record({
    hazard: fc.nat(1_000),
    pick: fc.nat(1_000),
    actorPick: fc.nat(1_000),
    validRoll: fc.nat(99),
    gapMs: fc.oneof(
      { arbitrary: fc.integer({ min: 0, max: 3_600_000 }), weight: 3 },
      { arbitrary: fc.integer({ min: 0, max: DAY_MS }), weight: 3 },
      { arbitrary: fc.integer({ min: 0, max: 10 * DAY_MS }), weight: 1 },
    ),
    lagMs: fc.oneof(
      { arbitrary: fc.constant(0), weight: 3 },
      { arbitrary: fc.integer({ min: 0, max: 3 * DAY_MS }), weight: 1 },
    ),
    days: fc.nat(60),
    report: arbReportData(),
    govLevel: fc.constantFrom(...GovLevel.values),
    text: fc.nat(100),
    noticeKind: fc.constantFrom(...NoticeKind.values),
    action: fc.constantFrom(...EnforcementAction.values),
    fineFen: fc.integer({ min: 1, max: 100_000_000 }),
    voidReason: fc.constantFrom(...VoidReason.values),
    longTerm: fc.boolean(),
    supervisionScope: fc.boolean(),
    withOptional: fc.boolean(),
    withCommandId: fc.boolean(),
    utc: fc.boolean(),
    timeWarp: fc.constantFrom(0, 1, 2),
  });
