import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { toEventLogLine } from "../events/eventLogLine.js";
import type { StoredHazardEvent } from "../events/hazardEvent.js";
import { sealEvent } from "../hashing/hashChain.js";
import { progressNote, sealedLog } from "../hashing/sealedLog.fixture.js";
import type { HashAlgorithm } from "./hashAlgorithm.js";
import { type HazardProof, hazardProofOf, verifyHazardHistory } from "./hazardProof.js";
import type { LedgerDigest } from "./ledgerDigest.js";
import { ledgerTreeOf } from "./ledgerProofs.js";

const proofFor = (log: readonly StoredHazardEvent[], hazardId: string, algorithm: HashAlgorithm) => {
  const tree = ledgerTreeOf(
    algorithm,
    log.map((e) => e.hash),
  );
  if (E.isLeft(tree)) throw new Error(tree.left.message);
  const ledger: LedgerDigest = {
    algorithm,
    events: log.length,
    digest: tree.right.digest(),
    committedAt: "2023-03-02T01:00:00.000Z",
  };
  const positions = log.flatMap((e, leafIndex) =>
    e.hazardId === hazardId ? [{ seq: e.seq, leafIndex }] : [],
  );
  const proof = hazardProofOf(tree.right, ledger, hazardId, positions);
  if (E.isLeft(proof)) throw new Error(proof.left.message);
  const history = log.filter((e) => e.hazardId === hazardId).map((e) => toEventLogLine(e));
  return { proof: proof.right, history, ledger };
};

const failure = (r: E.Either<{ message: string }, unknown>): string =>
  E.isLeft(r) ? r.left.message : "proven";

describe.each<HashAlgorithm>(["sha256", "sm3"])(
  "a hazard's history proven against a %s digest",
  (algorithm) => {
    const log = sealedLog(5, 4, algorithm);
    const { proof, history, ledger } = proofFor(log, "HZ-3", algorithm);

    it("is proven with the proof alone and against the digest the auditor trusts", () => {
      expect(verifyHazardHistory(history, proof)).toEqual(E.right({ hazardId: "HZ-3", events: 4, ledger }));
      expect(E.isRight(verifyHazardHistory(history, proof, ledger))).toBe(true);
      const roundTrip = JSON.parse(JSON.stringify(proof)) as HazardProof;
      expect(E.isRight(verifyHazardHistory(history, roundTrip, ledger))).toBe(true);
    });

    it("fails for a rewritten event even with its hash chain recomputed", () => {
      const events = log.filter((e) => e.hazardId === "HZ-3");
      const forged: StoredHazardEvent[] = [];
      for (const e of events) {
        const prevHash = forged.length === 0 ? e.prevHash : forged[forged.length - 1]!.hash;
        forged.push(
          sealEvent(progressNote("HZ-3", e.seq === 1 ? "nothing found" : `round ${e.seq}`), {
            seq: e.seq,
            recordedAt: e.recordedAt,
            prevHash,
            schemaVersion: 1,
            hashAlgorithm: algorithm,
          }),
        );
      }
      expect(
        failure(
          verifyHazardHistory(
            forged.map((e) => toEventLogLine(e)),
            proof,
          ),
        ),
      ).toMatch(/^HZ-3 seq 1 is not in the ledger at that digest/);
    });

    it("fails for a history cut short, an event dropped, or a line edited without its hash", () => {
      expect(failure(verifyHazardHistory(history.slice(0, 3), proof))).toMatch(/the history was cut$/);
      expect(failure(verifyHazardHistory([history[0]!, ...history.slice(2)], proof))).toMatch(
        /expected seq 1/,
      );
      const edited = history.map((l, i) => (i === 2 ? l.replace("round 2", "round 9") : l));
      expect(failure(verifyHazardHistory(edited, proof))).toMatch(/hash does not match the event's content/);
    });

    it("fails against another digest, or with a proof of another hazard", () => {
      const other: LedgerDigest = {
        ...ledger,
        digest: proofFor(log.slice(0, -1), "HZ-3", algorithm).ledger.digest,
      };
      expect(failure(verifyHazardHistory(history, proof, other))).toMatch(
        /^the proof is against the digest of 20 events/,
      );
      expect(failure(verifyHazardHistory(history, { ...proof, ledger: other }))).toMatch(
        /^HZ-3 seq 0 is not in the ledger at that digest/,
      );
      const theirs = proofFor(log, "HZ-2", algorithm).proof;
      expect(failure(verifyHazardHistory(history, theirs))).toBe("event of HZ-3 in the history of HZ-2");
      expect(failure(verifyHazardHistory(history, { ...theirs, hazardId: "HZ-3" }))).toMatch(
        /^HZ-3 seq 0 is not in the ledger at that digest/,
      );
    });
  },
);
