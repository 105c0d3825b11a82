import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type HazardState,
  type NewHazardEvent,
  localDateOf,
  replay,
  hazardDecider,
} from "@hazard-ledger/core";
import {
  closedLoopCountsAddUp,
  statesOf,
  statusMatchesLastEvent,
  streamsOf,
} from "../invariants/ledgerInvariants.js";
import { given } from "../scenario/givenWhenThen.js";
import { arbLedgerRun, arbValidHistory } from "./commandSequence.js";
import { arbHazard } from "./ledger.js";

const RUNS = { numRuns: 200 };
const ZONE = "Asia/Shanghai";

const byHazard = (events: readonly NewHazardEvent[]): NewHazardEvent[][] => [...streamsOf(events).values()];

/** Broken invariants of one state, as readable strings (empty when all hold). */
const brokenInvariants = (s: HazardState): string[] => {
  const broken: string[] = [];
  if (s.reportedAt === null) return broken;
  const discovery = localDateOf(s.reportedAt, ZONE);
  if (s.supervision?.active === true && s.level !== "major")
    broken.push("an active listing on a general hazard");
  if (s.status === "closed" && s.supervision?.active === true) broken.push("closed while listed");
  for (const [name, date] of [
    ["deadline", s.deadline],
    ["originalDeadline", s.originalDeadline],
    ["supervision deadline", s.supervision?.deadline ?? null],
  ] as const)
    if (date !== null && date < discovery) broken.push(`${name} ${date} before discovery ${discovery}`);
  if (s.deadline !== null && s.originalDeadline !== null && s.deadline < s.originalDeadline)
    broken.push(`effective deadline ${s.deadline} before the original ${s.originalDeadline}`);
  if (s.supervision !== null && s.supervision.deadline < s.supervision.originalDeadline)
    broken.push("supervision deadline before its original");
  if ((s.status === "accepted" || s.status === "closed") && s.level === "major" && !s.hasPlan)
    broken.push("a major hazard accepted without a plan");
  return broken;
};

describe("decider invariants over random command sequences", () => {
  it("no accepted event sequence reaches a state that breaks an invariant", () => {
    fc.assert(
      fc.property(arbLedgerRun(), (run) => {
        for (const stream of byHazard(run.events)) {
          let s = hazardDecider.initialState;
          for (const e of stream) {
            // Transition invariants: what the state before an event allows.
            if (e.type === "HazardClosed") expect(s.status, "closed ⇒ accepted before").toBe("accepted");
            if (e.type === "HazardVoided") {
              expect(["accepted", "closed"]).not.toContain(s.status);
              expect(s.reopenCount, "voided after a reopening").toBe(0);
            }
            if (e.type === "SupervisionLifted") expect(["accepted", "closed"]).toContain(s.status);
            if (e.type === "DeadlineExtended") {
              const current =
                e.data.scope === "rectification" ? s.deadline : (s.supervision?.deadline ?? null);
              expect(current).not.toBeNull();
              expect(localDateOf(e.occurredAt, ZONE) <= (current ?? "")).toBe(true);
            }
            s = hazardDecider.evolve(s, e);
            expect(brokenInvariants(s)).toEqual([]);
          }
        }
      }),
      RUNS,
    );
  });

  it("refused commands change nothing: the final states are the fold of the accepted events", () => {
    fc.assert(
      fc.property(arbLedgerRun({ validRatio: 0.7 }), (run) => {
        expect(statesOf(run.events)).toEqual(run.states);
      }),
      RUNS,
    );
  });

  it("every accepted history keeps the kit's ledger invariants (status from the last event, closed-loop counts)", () => {
    fc.assert(
      fc.property(arbLedgerRun({ validRatio: 0.7 }), (run) => {
        expect(statusMatchesLastEvent(run.events)).toEqual([]);
        expect(closedLoopCountsAddUp(run.events)).toEqual([]);
      }),
      RUNS,
    );
  });

  it("a refused command is refused with the same code as a given/when/then scenario of its history", () => {
    fc.assert(
      fc.property(arbLedgerRun({ hazards: 1, validRatio: 0.5 }), (run) => {
        run.rejections.forEach(({ index, command, error }, k) => {
          // One event per accepted command: the history is the events of the steps before.
          const history = run.events.slice(0, index - k);
          given(history).when(command, run.steps[index]?.now).then(error.code);
        });
      }),
      RUNS,
    );
  });
});

describe("replay is faithful to evolve", () => {
  it("replay(events) equals folding with evolve (immer), stream by stream", () => {
    fc.assert(
      fc.property(arbValidHistory(), (events) => {
        for (const stream of byHazard(events))
          expect(replay(stream)).toEqual(stream.reduce(hazardDecider.evolve, hazardDecider.initialState));
      }),
      RUNS,
    );
  });

  it("replay from a folded prefix equals the whole fold, and leaves the prefix state untouched", () => {
    fc.assert(
      fc.property(arbHazard(), fc.nat(), ({ events }, cut) => {
        const at = events.length === 0 ? 0 : cut % (events.length + 1);
        const prefix = events.slice(0, at).reduce(hazardDecider.evolve, hazardDecider.initialState);
        const snapshot = structuredClone(prefix);
        expect(replay(events.slice(at), prefix)).toEqual(
          events.reduce(hazardDecider.evolve, hazardDecider.initialState),
        );
        expect(prefix).toEqual(snapshot);
      }),
      RUNS,
    );
  });
});
