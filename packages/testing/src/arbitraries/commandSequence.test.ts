import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import {
  HazardCommandCodec,
  type HazardEventType,
  NewHazardEvent,
  defaultPolicy,
  instantMillis,
  permit,
  refuse,
} from "@hazard-ledger/core";
import { HAZARD_EVENT_TYPES } from "@hazard-ledger/core/store-kit";
import { arbCommandSequence, arbLedgerRun, arbValidHistory, runCommands } from "./commandSequence.js";
import { arbActor, arbHazardCommand } from "./hazardCommand.js";

const RUNS = { numRuns: 200 };

describe("arbValidHistory", () => {
  it("covers all 16 event types, every status, escalations, refusals and late entries over 200 runs", () => {
    const runs = fc.sample(arbLedgerRun(), { numRuns: 200, seed: 20230301 });
    const types = new Map<HazardEventType, number>();
    const statuses = new Set<string>();
    let escalations = 0;
    let rejections = 0;
    let lateEntries = 0;
    for (const run of runs) {
      for (const e of run.events) {
        types.set(e.type, (types.get(e.type) ?? 0) + 1);
        if (
          e.recordedAt !== undefined &&
          instantMillis(e.recordedAt) - instantMillis(e.occurredAt) > 3_600_000
        )
          lateEntries++;
      }
      for (const s of run.states.values()) {
        statuses.add(s.status);
        if (s.listings > s.lifts + 1) escalations++;
      }
      rejections += run.rejections.length;
    }
    expect(HAZARD_EVENT_TYPES.filter((t) => (types.get(t) ?? 0) < 5)).toEqual([]);
    expect([...statuses].sort()).toEqual(
      [
        "accepted",
        "closed",
        "long_term_control",
        "pending_acceptance",
        "rectifying",
        "reported",
        "voided",
      ].sort(),
    );
    expect(escalations).toBeGreaterThan(0);
    expect(rejections).toBeGreaterThan(0);
    expect(lateEntries).toBeGreaterThan(0);
  });

  it("every event decodes with the NewHazardEvent codec and carries recordedAt", () => {
    fc.assert(
      fc.property(arbValidHistory(), (events) =>
        events.every((e) => E.isRight(NewHazardEvent.decode(e)) && e.recordedAt !== undefined),
      ),
      RUNS,
    );
  });

  it("recordedAt never decreases; occurredAt never decreases within a hazard and is never after recordedAt + skew", () => {
    fc.assert(
      fc.property(arbValidHistory({ hazards: 3 }), (events) => {
        const last = new Map<string, number>();
        let recorded = -Infinity;
        for (const e of events) {
          const r = instantMillis(e.recordedAt ?? "");
          const o = instantMillis(e.occurredAt);
          expect(r).toBeGreaterThanOrEqual(recorded);
          expect(o).toBeGreaterThanOrEqual(last.get(e.hazardId) ?? -Infinity);
          expect(o).toBeLessThanOrEqual(r + 5 * 60_000);
          recorded = r;
          last.set(e.hazardId, o);
        }
      }),
      RUNS,
    );
  });

  it("honours a user's policy: with 'only inspectors act (anyone reports)', every other event is an inspector's", () => {
    const inspectorsOnly = (c: { type: string; actor: { role: string } }) =>
      c.type === "ReportHazard" || c.actor.role === "inspector" ? permit : refuse("only inspectors act");
    fc.assert(
      fc.property(arbValidHistory({ policy: inspectorsOnly }), (events) =>
        events.every((e) => e.type === "HazardReported" || e.actor.role === "inspector"),
      ),
      RUNS,
    );
  });
});

describe("arbCommandSequence and runCommands", () => {
  it("running the generated steps again gives the run's events and refusals", () => {
    fc.assert(
      fc.property(arbLedgerRun({ hazards: 2, length: { min: 0, max: 30 } }), (run) => {
        const again = runCommands(run.steps);
        expect(again.events).toEqual(run.events);
        expect(again.rejections.map((r) => r.index)).toEqual(run.rejections.map((r) => r.index));
      }),
      RUNS,
    );
  });

  it("steps have non-decreasing now, and the requested length", () => {
    fc.assert(
      fc.property(arbCommandSequence({ length: 12 }), (steps) => {
        expect(steps).toHaveLength(12);
        steps.forEach((s, i) => {
          if (i > 0)
            expect(instantMillis(s.now)).toBeGreaterThanOrEqual(instantMillis(steps[i - 1]?.now ?? ""));
        });
      }),
      RUNS,
    );
  });

  it("validRatio 0 gives mostly refused commands, 1 mostly accepted ones", () => {
    const refusedShare = (validRatio: number) => {
      const runs = fc.sample(arbLedgerRun({ validRatio, length: 30 }), { numRuns: 30, seed: 7 });
      const steps = runs.reduce((n, r) => n + r.steps.length, 0);
      return runs.reduce((n, r) => n + r.rejections.length, 0) / steps;
    };
    expect(refusedShare(0)).toBeGreaterThan(0.6);
    expect(refusedShare(1)).toBeLessThan(0.1);
  });
});

describe("arbHazardCommand and arbActor", () => {
  it("commands decode with the command codec", () => {
    fc.assert(
      fc.property(arbHazardCommand(), (c) => E.isRight(HazardCommandCodec.decode(c))),
      RUNS,
    );
  });

  it("types and actors can be restricted", () => {
    fc.assert(
      fc.property(
        arbHazardCommand({ types: ["CloseHazard", "VoidHazard"] }),
        arbActor({ roles: ["authority"] }),
        (c, a) => ["CloseHazard", "VoidHazard"].includes(c.type) && a.role === "authority",
      ),
      RUNS,
    );
  });

  it("the default policy refuses a public actor assigning rectification", () => {
    const cmd = fc.sample(arbHazardCommand({ types: ["AssignRectification"] }), { numRuns: 1, seed: 1 })[0];
    expect(cmd).toBeDefined();
    if (cmd !== undefined)
      expect(E.isLeft(defaultPolicy({ ...cmd, actor: { id: "p", role: "public" } }, {} as never))).toBe(true);
  });

  it("refuses an empty actor selection with a clear error", () => {
    expect(() => arbActor({ roles: ["system"], actors: [] })).toThrow(/no actor of roles system/);
  });
});
