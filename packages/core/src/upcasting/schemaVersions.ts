import * as E from "fp-ts/lib/Either.js";
import type { HazardEventType } from "../events/eventData.js";

/**
 * The current schema version of each event type's `data`. Bump one when a type's shape
 * changes, and register an upcaster from the previous version.
 */
export const CURRENT_SCHEMA_VERSIONS: Readonly<Record<HazardEventType, number>> = {
  // v2: `unit` became `{name, creditCode?}`; v1 had `unit` as the name and `creditCode` beside it.
  HazardReported: 2,
  RectificationAssigned: 1,
  SupervisionListed: 1,
  DeadlineExtended: 1,
  LevelChanged: 1,
  ControlMeasuresApplied: 1,
  RectificationCompleted: 1,
  RectificationAccepted: 1,
  RectificationRejected: 1,
  SupervisionLifted: 1,
  HazardClosed: 1,
  HazardReopened: 1,
  HazardVoided: 1,
  NoticeIssued: 1,
  EnforcementRecorded: 1,
  ProgressReported: 1,
};

/** Turns the `data` of version n into the `data` of version n + 1. */
export type Upcaster = (data: Record<string, unknown>) => Record<string, unknown>;

/** Upcasters by event type and by the version they upcast from. */
export type UpcasterRegistry = Readonly<Partial<Record<HazardEventType, Readonly<Record<number, Upcaster>>>>>;

/** The upcasters of this library's own schema changes. */
export const defaultUpcasters: UpcasterRegistry = {
  HazardReported: {
    1: (data) => {
      const { unit, creditCode, ...rest } = data;
      return typeof unit === "string"
        ? { ...rest, unit: creditCode === undefined ? { name: unit } : { name: unit, creditCode } }
        : data;
    },
  },
};

/**
 * Brings `data` stored at `version` up to the current version of `type`, one step at a
 * time. Fails (as a value) for a version from the future or a missing step.
 */
export const upcast = (
  type: HazardEventType,
  version: number,
  data: unknown,
  registry: UpcasterRegistry = defaultUpcasters,
): E.Either<string, unknown> => {
  const current = CURRENT_SCHEMA_VERSIONS[type];
  if (version > current)
    return E.left(`schemaVersion ${version} of ${type} is newer than this library knows (${current})`);
  if (version < 1) return E.left(`schemaVersion ${version} is not a version (versions start at 1)`);
  let out = data;
  for (let v = version; v < current; v++) {
    const step = registry[type]?.[v];
    if (step === undefined) return E.left(`no upcaster for ${type} from schemaVersion ${v}`);
    if (typeof out !== "object" || out === null || Array.isArray(out))
      return E.left("data must be a JSON object");
    out = step(out as Record<string, unknown>);
  }
  return E.right(out);
};
