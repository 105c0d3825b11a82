import {
  CalendarDate,
  GovLevel,
  HazardLevel,
  HazardSource,
  Instant,
  NonNegativeInteger,
  oneOf,
  HazardStatus,
} from "@hazard-ledger/core";
import * as t from "io-ts";

const nullable = <C extends t.Mixed>(codec: C) => t.union([codec, t.null]);

export const HazardStatusName = oneOf("HazardStatus", HazardStatus.values);

/** The listing for supervision shown in a status: the current one, active or lifted. */
export const StatusSupervision = t.type(
  { authority: t.string, authorityLevel: GovLevel, deadline: CalendarDate, active: t.boolean },
  "StatusSupervision",
);

/**
 * `status ID --format json` (interchange.md): the closed-loop status of one hazard as of and
 * known at the chosen instants. `deadline` is the effective rectification deadline (an
 * immediate fix's is its discovery day), `originalDeadline` the one first set. Extras:
 * the axes and zone it was judged in, who and what it is, days overdue (null when not
 * overdue), and whether its last rectification came late.
 */
export const HazardStatusView = t.intersection(
  [
    t.type({
      hazardId: t.string,
      status: HazardStatusName,
      level: HazardLevel,
      deadline: nullable(CalendarDate),
      originalDeadline: nullable(CalendarDate),
      supervision: nullable(StatusSupervision),
      overdue: t.type({ rectification: t.boolean, supervision: t.boolean }),
      seq: NonNegativeInteger,
    }),
    t.partial({
      asOf: Instant,
      knownAt: nullable(Instant),
      timezone: t.string,
      title: t.string,
      sector: t.string,
      region: t.string,
      unit: t.string,
      source: HazardSource,
      discoveredOn: CalendarDate,
      daysOverdue: t.type({
        rectification: nullable(NonNegativeInteger),
        supervision: nullable(NonNegativeInteger),
      }),
      rectifiedLate: t.boolean,
      reopenCount: NonNegativeInteger,
      lastOccurredAt: Instant,
    }),
  ],
  "HazardStatusView",
);
export type HazardStatusView = t.TypeOf<typeof HazardStatusView>;
