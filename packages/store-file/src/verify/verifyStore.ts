import { closeSync, fstatSync, openSync, readSync, readdirSync } from "node:fs";
import { DEFAULT_HASH_ALGORITHM, type StoredHazardEvent } from "@hazard-ledger/core";
import {
  DigestHex,
  type MerkleFrontier,
  appendLeaf,
  emptyFrontier,
  frontierRoot,
} from "@hazard-ledger/core/digest";
import { GENESIS_HASH, hashEvent } from "@hazard-ledger/core/store-kit";
import {
  FLAG_COMMIT,
  type RecordHeader,
  UndecodablePayload,
  decodeCompactPayload,
  decodePayload,
} from "../format/recordFormat.js";
import {
  SEGMENT_HEADER_SIZE,
  segmentHeaderProblem,
  segmentNumberOf,
  segmentPath,
} from "../format/segmentFile.js";
import { readIndexSnapshot } from "../index/indexSnapshot.js";
import { readLedgerManifest } from "../store/ledgerManifest.js";
import { FileWindow } from "../scan/fileWindow.js";
import { findNextIntactRecord, isDamagedWholeRecord, scanRecords } from "../scan/scanRecords.js";

/** Why a part of the log fails verification. */
export type VerifyBreakReason =
  /** A record's payload does not match its checksum. */
  | "payload_checksum"
  /** Bytes that should hold a record do not (damaged header or length). */
  | "bad_record"
  /** A record's header and payload disagree on the hazard or seq, or the payload is not an event. */
  | "bad_payload"
  /** Global positions skip or repeat. */
  | "position_gap"
  /** A segment file is damaged or missing, or a closed segment ends mid-transaction. */
  | "bad_segment"
  /** The log holds fewer committed events than the saved index counted: committed data was cut. */
  | "missing_data"
  /**
   * The ledger digest's frontier saved with the index (index.snapshot) is not the one of the
   * log's events it claims to cover: the saved index was altered (or the log under it).
   */
  | "digest_frontier_mismatch"
  /**
   * A record's commit time lies before the one of a record before it: the store never writes
   * that (a clock that goes back gets the last commit time again), so records were moved or
   * their times rewritten, and known-at views and backfills would be judged wrongly.
   */
  | "commit_time_order"
  /** From the hash chain, as `verifyStream` of the core names them. */
  | "seq_gap"
  | "prev_hash_mismatch"
  | "hash_mismatch";

/** One break: where it is and, when it can be told, which hazard and seq it concerns. */
export interface VerifyBreak {
  readonly hazardId?: string;
  readonly seq?: number;
  /** Segment number. */
  readonly segment: number;
  /** Byte offset of the record in the segment file. */
  readonly offset: number;
  readonly reason: VerifyBreakReason;
  /** One line, naming the hazard and seq when known. */
  readonly message: string;
}

/** What `verify` found. */
export interface VerifyReport {
  /** True when there is no break. */
  readonly ok: boolean;
  /** Committed events read. */
  readonly events: number;
  readonly hazards: number;
  readonly segments: number;
  readonly breaks: readonly VerifyBreak[];
  /**
   * Bytes after the last commit of the last segment: a write in progress, or one a crash
   * interrupted (cut at the next open or write). Never acknowledged, so not a break.
   */
  readonly tornTail?: { readonly segment: number; readonly offset: number; readonly bytes: number };
}

interface ChainState {
  nextSeq: number;
  lastHash: string;
  /** The event before could not be read: the next one starts the chain afresh. */
  unknown: boolean;
}

/** A record as read: its event (undefined when it could not be read), header and place. */
interface ReadRecord {
  readonly event: StoredHazardEvent | undefined;
  readonly header: RecordHeader;
  readonly segment: number;
  readonly offset: number;
}

/**
 * A transaction whose commit record is not read yet. Its records are checked as they are read
 * (an import of ten million events is one transaction: holding its events until its commit
 * record ran a 10M ledger's verify out of memory); what the checks found and changed is kept
 * here, so that a transaction that never commits (a torn tail) leaves no trace, as if its
 * records had not been checked.
 */
interface OpenTransaction {
  /** Where its first record is. */
  readonly offset: number;
  /** What its records' checks found, reported once it commits. */
  readonly breaks: VerifyBreak[];
  /** Each hazard's chain before the transaction touched it (undefined: it had none). */
  readonly chainsBefore: Map<string, ChainState | undefined>;
  readonly lastCommitMs: number | undefined;
  readonly expectedPosition: number | undefined;
  readonly events: number;
  readonly frontier: MerkleFrontier | undefined;
}

const isRecord = (u: unknown): u is Record<string, unknown> =>
  typeof u === "object" && u !== null && !Array.isArray(u);

const identityOf = (u: Record<string, unknown>): { hazardId?: string; seq?: number } => ({
  ...(typeof u["hazardId"] === "string" ? { hazardId: u["hazardId"] } : {}),
  ...(typeof u["seq"] === "number" ? { seq: u["seq"] } : {}),
});

/** Tries to read the hazard and seq of a damaged record from whatever payload is left in it. */
const salvageIdentity = (bytes: Buffer): { hazardId?: string; seq?: number } => {
  // A JSON payload is the object after the header; a damaged header may hold a '{' too.
  for (let open = bytes.indexOf(0x7b); open >= 0 && open < 128; open = bytes.indexOf(0x7b, open + 1)) {
    try {
      const u: unknown = JSON.parse(bytes.toString("utf8", open));
      if (isRecord(u)) return identityOf(u);
    } catch {
      // not where the payload starts
    }
  }
  // A compact payload: the first place a whole event with a hazard id decodes from.
  for (let open = 0; open < Math.min(128, bytes.length); open++) {
    try {
      const u = decodeCompactPayload(bytes, open, bytes.length, false);
      if (isRecord(u) && typeof u["hazardId"] === "string") return identityOf(u);
    } catch {
      // not where the payload starts
    }
  }
  return {};
};

const where = (segment: number, offset: number): string => `(segment ${segment} offset ${offset})`;
const who = (hazardId: string | undefined, seq: number | undefined): string =>
  hazardId === undefined ? "unknown hazard" : seq === undefined ? hazardId : `${hazardId} seq ${seq}`;

/**
 * Reads every segment of the store in `dir` from the start, without the index: checks the
 * checksums of every record, the global order of positions, and every hazard's hash chain
 * (seqs 0, 1, 2..., each `prevHash` the hash before it, each `hash` recomputed with the
 * ledger's algorithm), and the ledger digest's frontier saved with the index against the one
 * the log's events give. Damage does not stop it: it resynchronises on the next intact record
 * and reports every break.
 */
export const verifyStoreDirectory = async (dir: string): Promise<VerifyReport> => {
  const breaks: VerifyBreak[] = [];
  const algorithm = readLedgerManifest(dir)?.hashAlgorithm ?? DEFAULT_HASH_ALGORITHM;
  const saved = readIndexSnapshot(dir);
  /** The digest's frontier over the log read so far; undefined once an event could not be read. */
  let frontier: MerkleFrontier | undefined = emptyFrontier(algorithm);
  const savedFrontier = saved?.frontier?.frontier;
  const chains = new Map<string, ChainState>();
  let events = 0;
  /** Undefined right after a damaged record, whose position is unknown. */
  let expectedPosition: number | undefined = 0;
  let tornTail: VerifyReport["tornTail"];

  const numbers = readdirSync(dir)
    .map(segmentNumberOf)
    .filter((n): n is number => n !== undefined)
    .sort((a, b) => a - b);
  const lastNumber = numbers[numbers.length - 1] ?? -1;

  const checkSavedFrontier = (
    fromLog: MerkleFrontier,
    segment: number,
    offset: number,
    into: VerifyBreak[],
  ): void => {
    if (savedFrontier === undefined || frontierRoot(fromLog) === frontierRoot(savedFrontier)) return;
    into.push({
      segment,
      offset,
      reason: "digest_frontier_mismatch",
      message:
        `the ledger digest's frontier saved with the index (index.snapshot) for the first ${fromLog.size} events ` +
        `is not the one the log's events give: the log or the saved index was altered since it was saved ` +
        `(a digest the store printed since may not be its log's; remove index.snapshot to rebuild it from the log)`,
    });
  };

  /** The latest commit time (ms) of the records read so far. */
  let lastCommitMs: number | undefined;

  /** The transaction being read; every record belongs to one. */
  let open: OpenTransaction | undefined;
  const setChain = (tx: OpenTransaction, hazardId: string, state: ChainState): void => {
    if (!tx.chainsBefore.has(hazardId)) tx.chainsBefore.set(hazardId, chains.get(hazardId));
    chains.set(hazardId, state);
  };

  const checkChain = (p: ReadRecord): void => {
    const { event: e, header, segment, offset } = p;
    const hazardId = e?.hazardId ?? header.hazardId;
    open ??= {
      offset,
      breaks: [],
      chainsBefore: new Map(),
      lastCommitMs,
      expectedPosition,
      events,
      frontier,
    };
    const tx = open;
    if (header.committedAt !== undefined) {
      if (lastCommitMs !== undefined && header.committedAt < lastCommitMs)
        tx.breaks.push({
          hazardId,
          seq: header.seq,
          segment,
          offset,
          reason: "commit_time_order",
          message: `${who(hazardId, header.seq)}: committed at ${new Date(header.committedAt).toISOString()}, before ${new Date(lastCommitMs).toISOString()}, the commit time of a record before it ${where(segment, offset)}`,
        });
      lastCommitMs = Math.max(lastCommitMs ?? header.committedAt, header.committedAt);
    }
    if (expectedPosition !== undefined && header.position !== expectedPosition)
      tx.breaks.push({
        hazardId,
        seq: header.seq,
        segment,
        offset,
        reason: "position_gap",
        message: `${who(hazardId, header.seq)}: position ${header.position} where ${expectedPosition} was expected ${where(segment, offset)}`,
      });
    expectedPosition = header.position + 1;
    events++;
    // An event whose hash is not a digest at all (damage the checksums did not catch, or a
    // writer's bug) is named below as a hash mismatch; the digest of the log is then unknown.
    frontier =
      e === undefined || frontier === undefined || !DigestHex.is(e.hash)
        ? undefined
        : appendLeaf(frontier, e.hash);
    if (frontier !== undefined && savedFrontier !== undefined && frontier.size === savedFrontier.size)
      checkSavedFrontier(frontier, segment, offset, tx.breaks);
    if (e === undefined) {
      const state = chains.get(hazardId);
      setChain(tx, hazardId, {
        nextSeq: header.seq + 1,
        lastHash: state?.lastHash ?? GENESIS_HASH,
        unknown: true,
      });
      return;
    }
    const state = chains.get(e.hazardId) ?? { nextSeq: 0, lastHash: GENESIS_HASH, unknown: false };
    const at = where(segment, offset);
    if (!state.unknown && e.seq !== state.nextSeq)
      tx.breaks.push({
        hazardId: e.hazardId,
        seq: e.seq,
        segment,
        offset,
        reason: "seq_gap",
        message: `${e.hazardId} seq ${e.seq}: expected seq ${state.nextSeq} ${at}`,
      });
    if (!state.unknown && e.prevHash !== state.lastHash)
      tx.breaks.push({
        hazardId: e.hazardId,
        seq: e.seq,
        segment,
        offset,
        reason: "prev_hash_mismatch",
        message: `${e.hazardId} seq ${e.seq}: prevHash does not match the hash of the event before it ${at}`,
      });
    const { hash, ...unhashed } = e;
    let recomputed: string | undefined;
    try {
      recomputed = hashEvent(unhashed, algorithm);
    } catch {
      recomputed = undefined;
    }
    if (recomputed !== hash)
      tx.breaks.push({
        hazardId: e.hazardId,
        seq: e.seq,
        segment,
        offset,
        reason: "hash_mismatch",
        message: `${e.hazardId} seq ${e.seq}: hash does not match the event's content ${at}`,
      });
    setChain(tx, e.hazardId, { nextSeq: e.seq + 1, lastHash: hash, unknown: false });
  };

  /** The open transaction's commit record was read: what its checks found stands. */
  const commit = (): void => {
    if (open !== undefined) breaks.push(...open.breaks);
    open = undefined;
  };

  /** The open transaction never commits: everything its records changed is taken back. */
  const takeBack = (tx: OpenTransaction): void => {
    ({ lastCommitMs, expectedPosition, events, frontier } = tx);
    for (const [hazardId, before] of tx.chainsBefore)
      if (before === undefined) chains.delete(hazardId);
      else chains.set(hazardId, before);
    open = undefined;
  };

  for (let i = 0; i <= lastNumber; i++) {
    if (numbers[i] !== i) {
      breaks.push({
        segment: i,
        offset: 0,
        reason: "bad_segment",
        message: `segment ${i} is missing`,
      });
      if (!numbers.includes(i)) continue;
    }
    // A store of many segments is read without holding the event loop the whole time.
    await new Promise((resolve) => setImmediate(resolve));
    const fd = openSync(segmentPath(dir, i), "r");
    try {
      const header = Buffer.alloc(SEGMENT_HEADER_SIZE);
      const problem = segmentHeaderProblem(
        header.subarray(0, readSync(fd, header, 0, SEGMENT_HEADER_SIZE, 0)),
        i,
      );
      if (problem !== undefined) {
        breaks.push({ segment: i, offset: 0, reason: "bad_segment", message: `segment ${i}: ${problem}` });
        continue;
      }
      const size = fstatSync(fd).size;
      const win = new FileWindow(fd, size);
      const isLast = i === lastNumber;
      let offset = SEGMENT_HEADER_SIZE;
      let tornAt: number | undefined;
      while (offset < size) {
        const { stop, end } = scanRecords(
          win,
          offset,
          (r) => {
            let event: StoredHazardEvent | undefined;
            let undecodable: string | undefined;
            try {
              const { header } = r;
              const u = decodePayload(r.buf, r.at + header.payloadStart, r.at + header.length, header.codec);
              event = isRecord(u) ? (u as unknown as StoredHazardEvent) : undefined;
            } catch (e) {
              if (e instanceof UndecodablePayload) undecodable = e.message;
              event = undefined;
            }
            if (event === undefined || event.hazardId !== r.header.hazardId || event.seq !== r.header.seq) {
              breaks.push({
                hazardId: r.header.hazardId,
                seq: r.header.seq,
                segment: i,
                offset: r.offset,
                reason: "bad_payload",
                message:
                  undecodable !== undefined
                    ? `${who(r.header.hazardId, r.header.seq)}: the compact payload does not decode (${undecodable}) ${where(i, r.offset)}`
                    : `${who(r.header.hazardId, r.header.seq)}: the payload is not the event its header names ${where(i, r.offset)}`,
              });
              event = undefined;
            }
            checkChain({ event, header: r.header, segment: i, offset: r.offset });
            if ((r.header.flags & FLAG_COMMIT) !== 0) commit();
          },
          true,
        );
        offset = end;
        if (stop.kind === "end" || stop.kind === "stopped") break;
        if (stop.kind === "bad_payload") {
          const { hazardId, seq } = stop.header;
          breaks.push({
            hazardId,
            seq,
            segment: i,
            offset: stop.offset,
            reason: "payload_checksum",
            message: `${hazardId} seq ${seq}: payload checksum mismatch ${where(i, stop.offset)}`,
          });
          checkChain({ event: undefined, header: stop.header, segment: i, offset: stop.offset });
          if ((stop.header.flags & FLAG_COMMIT) !== 0) commit();
          offset = stop.offset + stop.header.length;
          continue;
        }
        const next = findNextIntactRecord(win, stop.offset);
        if (next === undefined && !isDamagedWholeRecord(win, stop.offset)) {
          if (isLast) tornAt = stop.offset;
          else
            breaks.push({
              segment: i,
              offset: stop.offset,
              reason: "bad_record",
              message: `segment ${i} ends in a damaged or cut-short record ${where(i, stop.offset)}`,
            });
          break;
        }
        const damagedEnd = next ?? size;
        const damaged = win.view(stop.offset, damagedEnd - stop.offset);
        // A header this program cannot read but whose checksum held names its event itself.
        const salvaged: { hazardId?: string; seq?: number } =
          (stop.kind === "bad_header" ? stop.named : undefined) ??
          salvageIdentity(damaged.buf.subarray(damaged.at, damaged.at + (damagedEnd - stop.offset)));
        breaks.push({
          ...salvaged,
          segment: i,
          offset: stop.offset,
          reason: "bad_record",
          message: `${who(salvaged.hazardId, salvaged.seq)}: ${stop.kind === "bad_header" ? stop.message : "record cut short"} ${where(i, stop.offset)}`,
        });
        expectedPosition = undefined;
        if (salvaged.hazardId !== undefined) {
          const state = chains.get(salvaged.hazardId);
          chains.set(salvaged.hazardId, {
            nextSeq: (salvaged.seq ?? state?.nextSeq ?? 0) + 1,
            lastHash: state?.lastHash ?? GENESIS_HASH,
            unknown: true,
          });
        }
        if (next === undefined) break;
        offset = next;
      }
      const uncommitted = open;
      if (uncommitted !== undefined) takeBack(uncommitted);
      if (uncommitted !== undefined || tornAt !== undefined) {
        const from = uncommitted?.offset ?? tornAt ?? size;
        if (isLast) tornTail = { segment: i, offset: from, bytes: size - from };
        else
          breaks.push({
            segment: i,
            offset: from,
            reason: "bad_segment",
            message: `segment ${i} ends in a transaction without its commit record ${where(i, from)}`,
          });
      }
    } finally {
      closeSync(fd);
    }
  }
  // The saved index is a cache, but what it counted was committed (and fdatasync'd) before it
  // was written: a log shorter than it lost committed data, even when cut at a clean boundary.
  if (saved !== undefined && saved.index.size > events) {
    const last = saved.segmentEnds.length - 1;
    breaks.push({
      segment: last,
      offset: saved.segmentEnds[last] ?? 0,
      reason: "missing_data",
      message:
        `committed data is missing: the saved index (index.snapshot) counted ${saved.index.size} events ` +
        `up to segment ${last} offset ${saved.segmentEnds[last]}, the log holds ${events}`,
    });
  }
  return {
    ok: breaks.length === 0,
    events,
    hazards: chains.size,
    segments: numbers.length,
    breaks,
    ...(tornTail !== undefined ? { tornTail } : {}),
  };
};
