import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { Readable } from "node:stream";
import { type EventStore, formatErrors } from "@hazard-ledger/core";
import {
  LedgerDigest,
  compareWithDigest,
  ledgerTreeOf,
  verifyLedgerDigestSignature,
} from "@hazard-ledger/core/digest";
import { isLeft } from "fp-ts/lib/Either.js";
import { type CliIo, RejectedError } from "../io.js";
import { eventAt, readLedgerLeaves } from "./ledgerLog.js";

const readAllText = async (input: Readable): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const c of input) chunks.push(typeof c === "string" ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks).toString("utf8");
};

/**
 * The digest an auditor holds: what `digest --format json` printed, or a report printed with
 * `report --format json`, or its `ledger` object alone (a digest without its commit time).
 */
export const readDigestFile = async (io: CliIo, file: string): Promise<LedgerDigest> => {
  const where = `--digest ${file}`;
  const text =
    file === "-"
      ? await readAllText(io.stdin)
      : await readFile(resolve(io.cwd, file), "utf8").catch((e: NodeJS.ErrnoException) => {
          throw new RejectedError(`${where}: cannot read (${e.code ?? e.message})`);
        });
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (e) {
    throw new RejectedError(`${where}: not JSON (${(e as Error).message})`);
  }
  const digest =
    typeof raw === "object" && raw !== null && !("digest" in raw) && "ledger" in raw ? raw.ledger : raw;
  // A report's `ledger` (whole report, or the object alone) names no commit time.
  const decoded = LedgerDigest.decode(
    typeof digest === "object" && digest !== null && !("committedAt" in digest)
      ? { committedAt: null, ...digest }
      : digest,
  );
  if (isLeft(decoded))
    throw new RejectedError(`${where}: not a ledger digest: ${formatErrors(decoded.left)}`);
  return decoded.right;
};

const placeText = (place: { hazardId: string; seq: number } | undefined): string =>
  place === undefined ? "" : ` (${place.hazardId} seq ${place.seq})`;

/**
 * `verify --digest`: proves that the store's log extends the earlier digest, or says where it
 * parts from it. Answers the problems (one line each) and, when it holds, the line to print.
 */
export const verifyAgainstDigest = async (
  store: EventStore,
  earlier: LedgerDigest,
  publicKeyPem: Buffer | undefined,
): Promise<{ problems: string[]; notes: string[] }> => {
  const notes: string[] = [];
  if (publicKeyPem !== undefined) {
    const signed = verifyLedgerDigestSignature(earlier, publicKeyPem);
    if (isLeft(signed)) return { problems: [`digest signature: ${signed.left.message}`], notes };
    notes.push(`the digest is signed by key ${signed.right.keyId}`);
  } else if (earlier.signature !== undefined)
    notes.push(`the digest is signed by key ${earlier.signature.keyId} (not checked: give --public-key)`);

  const { algorithm, hashes } = await readLedgerLeaves(store);
  const tree = ledgerTreeOf(algorithm, hashes);
  if (isLeft(tree)) return { problems: [tree.left.message], notes };
  // The digest the store keeps (and `digest` prints) must be the one its log gives: a kept
  // frontier that is not (a forged saved index) would have printed a false anchor.
  const kept = await store.ledgerDigest(hashes.length);
  const keptProblem = isLeft(kept)
    ? [`the store's own digest: ${kept.left.message}`]
    : kept.right.digest !== tree.right.digest()
      ? [
          `the digest the store keeps for its ${hashes.length} events (${kept.right.digest}) is not the one its log gives ` +
            `(${tree.right.digest()}): the store's saved digest frontier was altered, so digests it printed were wrong`,
        ]
      : [];
  const found = compareWithDigest(tree.right, hashes, earlier);
  if (isLeft(found)) return { problems: [...keptProblem, `digest: ${found.left.message}`], notes };
  const m = earlier.events;
  const d = found.right;
  switch (d.kind) {
    case "extends":
      notes.push(
        `the log extends the digest of ${m} events (consistency proof of ${d.proof.path.length} hashes): ` +
          `${hashes.length - m} events added since, none changed`,
      );
      return { problems: keptProblem, notes };
    case "parts":
      return {
        problems: [
          ...keptProblem,
          d.at === hashes.length
            ? `the log parts from the digest of ${m} events at position ${d.at}: it ends there, ${m - d.at} of the events the digest covers are gone`
            : `the log parts from the digest of ${m} events at position ${d.at}${placeText(await eventAt(store, d.at))}: ` +
              "an event there was deleted, reordered or rewritten since",
        ],
        notes,
      };
    case "parts_within":
      return {
        problems: [
          ...keptProblem,
          `the log parts from the digest of ${m} events within positions ${d.from} to ${d.to - 1}` +
            `${placeText(await eventAt(store, d.from))}: events there were deleted, reordered or rewritten since ` +
            "(a digest printed with --with-leaves names the very event)",
        ],
        notes,
      };
  }
};
