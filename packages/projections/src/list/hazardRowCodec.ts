import { CalendarDate, GovLevel, HazardLevel, HazardSource, NonNegativeInteger } from "@hazard-ledger/core";
import * as t from "io-ts";
import { HazardStatusName } from "../status/statusCodec.js";

const nullable = <C extends t.Mixed>(codec: C) => t.union([codec, t.null]);

/** A hazard's listing for supervision (挂牌督办) as a list shows it: the current one, active or lifted. */
export const RowListing = t.type(
  { authority: t.string, authorityLevel: GovLevel, deadline: CalendarDate, active: t.boolean },
  "RowListing",
);
export type RowListing = t.TypeOf<typeof RowListing>;

/**
 * One row of `list` (interchange.md, "Working with the ledger from the command line"): a
 * hazard as of and known at the chosen instants. `deadline` is the effective rectification
 * deadline; `daysOverdue` the most whole local days any of its deadlines is past (null when
 * none is), with `overdue` saying which.
 */
export const HazardRow = t.type(
  {
    hazardId: t.string,
    title: t.string,
    level: HazardLevel,
    status: HazardStatusName,
    sector: t.string,
    region: t.string,
    unit: t.string,
    source: HazardSource,
    discoveredOn: CalendarDate,
    deadline: nullable(CalendarDate),
    overdue: t.type({ rectification: t.boolean, supervision: t.boolean }),
    daysOverdue: nullable(NonNegativeInteger),
    listing: nullable(RowListing),
  },
  "HazardRow",
);
export type HazardRow = t.TypeOf<typeof HazardRow>;

/** The whole `list --format json` answer, in hazard id order. */
export const HazardRows = t.array(HazardRow, "HazardRows");
