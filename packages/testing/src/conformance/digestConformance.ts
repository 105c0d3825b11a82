import { DEFAULT_HASH_ALGORITHM, type StreamAppend } from "@hazard-ledger/core";
import { ledgerDigestOf, ledgerTreeOf, verifyConsistency, verifyInclusion } from "@hazard-ledger/core/digest";
import * as E from "fp-ts/lib/Either.js";
import { expect, it } from "vitest";
import { sampleProgress, sampleProgressEvents, sampleReported } from "../samples/sampleEvents.js";
import { sealInOrder } from "../samples/sealInOrder.js";
import { collect, left, right, type ConformanceFeature, conformanceFeature } from "./conformanceSupport.js";

/**
 * The ledger digest: the RFC 9162 tree hash of the first N events' hashes, the same for the
 * same log in every store, kept up through every kind of write, with inclusion and consistency
 * proofs that verify.
 */
export const describeDigestConformance: ConformanceFeature = conformanceFeature(
  "the ledger digest",
  (store) => {
    /**
     * Three hazards' events interleaved, each bringing its own recordedAt (as an import does),
     * so that the log, and its digest, are the same in every store: the expected chain hashes
     * are sealed here, by the core, independently of the store.
     */
    const knownLog = (): { appends: StreamAppend[]; hashes: string[] } => {
      const events = [0, 1, 2, 3].flatMap((round) =>
        ["HZ-D1", "HZ-D2", "HZ-D3"].map((hazardId, i) => {
          const recordedAt = `2024-01-0${round + 1}T00:0${i}:00.000Z`;
          return round === 0
            ? sampleReported(hazardId, { recordedAt })
            : sampleProgress(hazardId, `round ${round}`, { recordedAt });
        }),
      );
      return {
        appends: events.map((event) => ({ hazardId: event.hazardId, events: [event] })),
        hashes: sealInOrder(events).map((sealed) => sealed.hash),
      };
    };

    const treeOf = (hashes: readonly string[]) => {
      const tree = ledgerTreeOf(DEFAULT_HASH_ALGORITHM, hashes);
      if (E.isLeft(tree)) throw new Error(tree.left.message);
      return tree.right;
    };
    const hashesOf = async (): Promise<string[]> => (await collect(store.readAll())).map((e) => e.hash);
    const digestOf = async (upTo?: number) => {
      const answer = await store.ledgerDigest(upTo);
      if (E.isLeft(answer)) throw new Error(`expected a digest, got ${answer.left.message}`);
      return answer.right;
    };

    it("is the RFC 9162 tree hash of the empty log for a new store", async () => {
      expect(await digestOf()).toEqual({
        ...ledgerDigestOf(DEFAULT_HASH_ALGORITHM, []),
        committedAt: null,
        frontier: [],
      });
    });

    it("of the first N events, for every N, is the same for the same log in every store", async () => {
      const { appends, hashes } = knownLog();
      right(await store.appendBatch(appends));
      const log = await collect(store.readAll());
      expect(log.map((e) => e.hash)).toEqual(hashes);
      for (let n = 0; n <= hashes.length; n++)
        expect(await digestOf(n)).toMatchObject({
          ...ledgerDigestOf(DEFAULT_HASH_ALGORITHM, hashes.slice(0, n)),
          committedAt: log[n - 1]?.committedAt ?? null,
        });
      const whole = await digestOf();
      expect(whole).toMatchObject({
        events: hashes.length,
        digest: ledgerDigestOf("sha256", hashes).digest,
      });
      expect(whole.frontier).toEqual(treeOf(hashes).frontier());
      expect(whole.committedAt).toBe(log.at(-1)?.committedAt ?? null);
      expect(await store.ledgerDigest(hashes.length + 1)).toMatchObject(
        E.left({ code: "DIGEST_BEYOND_LOG", events: hashes.length, asked: hashes.length + 1 }),
      );
    });

    it("is kept up through appends, batches, refusals and replays", async () => {
      const matchesLog = async () => {
        const hashes = await hashesOf();
        expect(await digestOf()).toMatchObject(ledgerDigestOf(DEFAULT_HASH_ALGORITHM, hashes));
      };
      await matchesLog();
      right(await store.appendToStream("HZ-1", [sampleReported("HZ-1", { commandId: "c-1" })]));
      await matchesLog();
      right(
        await store.appendBatch([
          { hazardId: "HZ-2", events: [sampleReported("HZ-2")] },
          { hazardId: "HZ-1", events: sampleProgressEvents("HZ-1", 3) },
        ]),
      );
      await matchesLog();
      const before = await digestOf();
      left(await store.appendToStream("HZ-1", [sampleProgress("HZ-1", "late")], { expectedRevision: 0 }));
      right(await store.appendToStream("HZ-1", [sampleReported("HZ-1", { commandId: "c-1" })]));
      expect(await digestOf()).toEqual(before);
      right(await store.appendToStream("HZ-3", [sampleReported("HZ-3")]));
      await matchesLog();
      expect((await digestOf()).events).toBe(6);
    });

    it("proves every event included, and the log consistent with its earlier digests", async () => {
      const { appends, hashes } = knownLog();
      const earlier = [];
      for (const append of appends) {
        // Recorded in 2024, so every write after the first is a backfill.
        right(await store.appendBatch([append], { backfill: true }));
        earlier.push(await digestOf());
      }
      expect(await hashesOf()).toEqual(hashes);
      const now = await digestOf();
      const tree = treeOf(hashes);
      hashes.forEach((hash, i) => {
        const proof = tree.inclusionProof(i);
        expect(E.flatMap(proof, (p) => verifyInclusion(p, hash, now.digest))).toEqual(E.right(true));
      });
      for (const then of earlier) {
        const proof = tree.consistencyProof(then.events);
        expect(E.flatMap(proof, (p) => verifyConsistency(p, then.digest, now.digest))).toEqual(E.right(true));
      }
      const other = hashes.slice();
      other[3] = hashes[4] as string;
      const wrong = tree.inclusionProof(3);
      expect(E.isLeft(E.flatMap(wrong, (p) => verifyInclusion(p, other[3] as string, now.digest)))).toBe(
        true,
      );
    });
  },
);
