import { type NewHazardEvent, instantMillis } from "@hazard-ledger/core";
import { arbLedgerRun, arbValidHistory } from "@hazard-ledger/testing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { foldLedger } from "../ledger/ledger.js";
import type { ProjectableEvent } from "../ledger/projectableEvent.js";
import { buildReportSync } from "./report.js";
import type { ReportFigures } from "./reportCodec.js";

/*
 * The report properties again, over histories the real decider accepted (testing's
 * arbValidHistory): every event type, every path, and occurredAt lagging recordedAt.
 */

const withSeqs = (events: readonly NewHazardEvent[]): ProjectableEvent[] => {
  const seqs = new Map<string, number>();
  return events.map((e) => {
    const seq = (seqs.get(e.hazardId) ?? -1) + 1;
    seqs.set(e.hazardId, seq);
    return { ...e, seq, recordedAt: e.recordedAt ?? e.occurredAt };
  });
};

const histories = arbValidHistory({ hazards: 5, length: { min: 1, max: 40 } }).map(withSeqs);

/** An instant near the events' times: one of them, or a millisecond either side. */
const instantNear = (events: readonly ProjectableEvent[]) =>
  fc.tuple(fc.nat(Math.max(0, events.length * 2 - 1)), fc.constantFrom(-1, 0, 1)).map(([i, shift]) => {
    const e = events[Math.floor(i / 2)];
    const text = e === undefined ? "2023-06-01T00:00:00Z" : i % 2 === 0 ? e.occurredAt : e.recordedAt;
    return new Date(instantMillis(text) + shift).toISOString();
  });

const right = <A>(e: { _tag: "Left"; left: { message: string } } | { _tag: "Right"; right: A }): A => {
  if (e._tag === "Left") throw new Error(e.left.message);
  return e.right;
};

const conserved = (f: ReportFigures) =>
  f.discovered - f.voided === f.rectified + f.open + f.longTermControl && f.closed <= f.rectified;

describe("report over decided histories", () => {
  it("as of T and known at K equal the reports of the events kept by each axis", () => {
    fc.assert(
      fc.property(
        histories.chain((events) => fc.tuple(fc.constant(events), instantNear(events), instantNear(events))),
        ([events, asOf, knownAt]) => {
          const byT = events.filter((e) => instantMillis(e.occurredAt) <= instantMillis(asOf));
          expect(right(buildReportSync(events, { asOf, by: "sector" }))).toEqual(
            right(buildReportSync(byT, { asOf, by: "sector" })),
          );
          const byK = events.filter((e) => instantMillis(e.recordedAt) <= instantMillis(knownAt));
          const atK = right(buildReportSync(events, { asOf, knownAt, by: "level" }));
          const ofK = right(buildReportSync(byK, { asOf, by: "level" }));
          expect({ ...atK, knownAt: null }).toEqual(ofK);
          expect(conserved(atK.totals) && (atK.groups ?? []).every(conserved)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("folds to the decider's own final states", () => {
    fc.assert(
      fc.property(arbLedgerRun({ hazards: 5, length: { min: 1, max: 40 } }), (run) => {
        const ledger = right(foldLedger(withSeqs(run.events)));
        expect(new Map([...ledger.hazards].map(([id, entry]) => [id, entry.state]))).toEqual(run.states);
      }),
      { numRuns: 200 },
    );
  });
});
