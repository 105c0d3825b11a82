import type { GovLevel, HazardLevel } from "@hazard-ledger/core";
import fc from "fast-check";
import { DateTime } from "luxon";
import { HistoryBuilder } from "./historyBuilder.fixture.js";
import type { ProjectableEvent } from "./projectableEvent.js";

/*
 * Random valid histories for property tests: a few hazards, each walked through a lifecycle
 * the decider accepts (domain.md), with occurredAt non-decreasing per stream, recordedAt
 * never before occurredAt nor before the stream's previous recordedAt, and the streams
 * interleaved in commit (recordedAt) order as a store's readAll returns them. Times are
 * on a 15-minute grid so that local midnights (16:00Z in Asia/Shanghai) are often hit exactly.
 */

const BASE = DateTime.fromISO("2023-12-20T00:00:00Z", { zone: "utc" });
const QUARTER_HOUR = 15 * 60_000;
const ZONE = "Asia/Shanghai";

const SECTORS = ["fire", "flood", "gas", "road_traffic"] as const;
const REGIONS = ["430104001", "430104002", "430105001", "430105", "430100", "430202003"] as const;
const UNITS = ["甲厂", "乙公司", "丙站"] as const;
const GOV = ["township", "county", "city", "province"] as const satisfies readonly GovLevel[];

/** One step of a walk, as drawn; whether it applies depends on the state when it comes. */
type Step = { readonly action: number; readonly gap: number; readonly delay: number; readonly pick: number };

const stepArb: fc.Arbitrary<Step> = fc.record({
  action: fc.nat(99),
  gap: fc.nat(4 * 24 * 12), // up to 12 days, in quarter hours
  delay: fc.oneof(fc.constant(0), fc.nat(4 * 24 * 3)),
  pick: fc.nat(999),
});

const hazardArb = fc.record({
  start: fc.nat(4 * 24 * 40), // discovery within 40 days of BASE
  level: fc.constantFrom<HazardLevel>("general", "major"),
  sector: fc.constantFrom(...SECTORS),
  region: fc.constantFrom(...REGIONS),
  unit: fc.constantFrom(...UNITS),
  source: fc.constantFrom("self_inspection", "department_inspection", "public_report"),
  delay: fc.oneof(fc.constant(0), fc.nat(4 * 24 * 3)),
  steps: fc.array(stepArb, { maxLength: 9 }),
});

const texts = new Map<number, string>();
/** The instant BASE + n quarter hours, written in one of six styles (zone, milliseconds). */
const instantText = (quarters: number, style: number): string => {
  const key = quarters * 6 + (style % 6);
  let text = texts.get(key);
  if (text === undefined) {
    const t = BASE.plus({ milliseconds: quarters * QUARTER_HOUR });
    const zone = style % 3 === 0 ? "utc" : style % 3 === 1 ? ZONE : "America/New_York";
    const iso = t.setZone(zone).toISO({ suppressMilliseconds: style % 2 === 0 });
    if (iso === null) throw new RangeError("instant out of range");
    text = zone === "utc" ? iso.replace("+00:00", "Z") : iso;
    texts.set(key, text);
  }
  return text;
};

const days = new Map<number, DateTime>();
const localDay = (quarters: number): DateTime => {
  const key = Math.floor(quarters / 4);
  let day = days.get(key);
  if (day === undefined) {
    day = BASE.plus({ milliseconds: key * 4 * QUARTER_HOUR })
      .setZone(ZONE)
      .startOf("day");
    days.set(key, day);
  }
  return day;
};

const dateText = (day: DateTime): string => day.toISODate() ?? "";

interface Drafted {
  readonly event: ProjectableEvent;
  readonly recordedQuarters: number;
}

/**
 * Walks one hazard and returns its events with their recording times. The walk keeps what
 * the rules need: status, level, the deadline day and whether a listing is active.
 */
type HazardDraw = typeof hazardArb extends fc.Arbitrary<infer T> ? T : never;

const walk = (id: string, h: HazardDraw): Drafted[] => {
  const b = new HistoryBuilder();
  const recorded: number[] = [];
  let now = h.start;
  let rec = h.start + h.delay;
  const stamp = (delay: number) => {
    rec = Math.max(rec, now + delay);
    recorded.push(rec);
  };
  const at = (style: number) => instantText(now, style);
  const handle = b.hazard(
    id,
    at(h.delay),
    { level: h.level, sector: h.sector, region: h.region, unit: h.unit, source: h.source },
    instantText(rec, h.delay + 1),
  );
  recorded.push(rec);
  let status: string = "reported";
  let level: HazardLevel = h.level;
  let deadline = localDay(now);
  let listed = false;
  let everAccepted = false;
  for (const step of h.steps) {
    if (status === "voided") break;
    now += step.gap;
    const day = localDay(now);
    const later = (days: number) => dateText(DateTime.max(day, deadline).plus({ days }));
    const r = () => instantText(Math.max(rec, now + step.delay), step.pick);
    const before = b.events.length;
    const a = step.action;
    if (a < 8)
      handle.notice(
        at(step.pick),
        (["reminder", "supervision_letter", "interview", "bulletin"] as const)[step.pick % 4] ?? "reminder",
      );
    else if (a < 12) {
      if (step.pick % 2 === 0) handle.fine(at(step.pick), step.pick * 100);
      else handle.enforce(at(step.pick), "case_filed");
    } else if (a < 16 && level === "major" && !listed && status !== "closed") {
      const gov = GOV[step.pick % 4] ?? "city";
      handle.list(at(step.pick), gov, dateText(day.plus({ days: 1 + (step.pick % 20) })));
      listed = true;
    } else if (a < 20 && listed) {
      if (step.pick % 2 === 0)
        handle.extend(at(step.pick), dateText(day.plus({ days: 1 + (step.pick % 9) })), "supervision");
      else if (everAccepted && status !== "rectifying" && status !== "pending_acceptance") {
        handle.lift(at(step.pick));
        listed = false;
      }
    } else if (a < 24 && (status === "reported" || status === "rectifying") && !listed) {
      handle.changeLevel(at(step.pick), level === "major" ? "general" : "major");
      level = level === "major" ? "general" : "major";
    } else if (status === "reported") {
      if (a < 60) {
        const d = localDay(now).plus({ days: step.pick % 15 });
        handle.assign(at(step.pick), dateText(d), r());
        deadline = d;
        status = "rectifying";
      } else if (a < 75 && level === "general") {
        handle.complete(at(step.pick), r());
        status = "pending_acceptance";
      } else if (a < 78) {
        handle.void(at(step.pick));
        status = "voided";
      } else {
        handle.control(at(step.pick), true);
        status = "long_term_control";
      }
    } else if (status === "rectifying") {
      if (a < 40 && deadline >= day) {
        const d = DateTime.fromISO(later(1 + (step.pick % 10)), { zone: ZONE });
        handle.extend(at(step.pick), dateText(d));
        deadline = d;
      } else if (a < 75) {
        handle.complete(at(step.pick), r());
        status = "pending_acceptance";
      } else if (a < 94) {
        handle.control(at(step.pick), step.pick % 3 === 0);
        if (step.pick % 3 === 0) status = "long_term_control";
      } else {
        handle.void(at(step.pick));
        status = "voided";
      }
    } else if (status === "long_term_control") {
      if (a < 70) {
        handle.complete(at(step.pick), r());
        status = "pending_acceptance";
      }
    } else if (status === "pending_acceptance") {
      if (a < 70) {
        handle.accept(at(step.pick), r());
        status = "accepted";
        everAccepted = true;
      } else {
        handle.reject(at(step.pick));
        status = "rectifying";
      }
    } else if (status === "accepted" && listed && a < 60) {
      handle.lift(at(step.pick));
      listed = false;
    } else if (status === "accepted" || status === "closed") {
      if (a < 60 && status === "accepted" && !listed) {
        handle.close(at(step.pick), r());
        status = "closed";
      } else if (a >= 80) {
        const d = day.plus({ days: step.pick % 20 });
        handle.reopen(at(step.pick), dateText(d));
        deadline = d;
        status = "rectifying";
        everAccepted = false;
      }
    }
    if (b.events.length > before) stamp(step.delay);
  }
  return b.events.map((event, i) => {
    const q = recorded[i] ?? rec;
    // The builder wrote recordedAt from `r()` for some steps; the grid value is authoritative.
    return { event: { ...event, recordedAt: instantText(q, i + 1) }, recordedQuarters: q };
  });
};

/** A random valid ledger: its events in commit order (as `readAll` returns them). */
export const arbHistory = (maxHazards = 12): fc.Arbitrary<ProjectableEvent[]> =>
  fc.array(hazardArb, { minLength: 1, maxLength: maxHazards }).map((hazards) => {
    const drafted = hazards.flatMap((h, i) => walk(`HZ-${i + 1}`, h));
    return drafted
      .map((d, order) => ({ ...d, order }))
      .sort((x, y) => x.recordedQuarters - y.recordedQuarters || x.order - y.order)
      .map((d) => d.event);
  });

/** An instant on the histories' grid (a local midnight is 16:00Z), as RFC 3339 text. */
export const arbInstant: fc.Arbitrary<string> = fc
  .tuple(fc.nat(4 * 24 * 70), fc.nat(5))
  .map(([q, style]) => instantText(q, style));
