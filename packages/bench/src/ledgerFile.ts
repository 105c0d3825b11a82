import { createWriteStream, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { once } from "node:events";
import type { NewHazardEvent } from "@hazard-ledger/core";
import { buildDemoLedger } from "@hazard-ledger/cli";

/** A generated event log on disk. */
export interface LedgerFile {
  readonly path: string;
  readonly events: number;
  readonly hazards: number;
  readonly bytes: number;
}

/** Hazards per block of the generator: each block is one year of a district, with its own seed. */
const BLOCK_HAZARDS = 10_000;

/**
 * A seeded, realistic ledger of exactly `events` events, block by block: the demo ledger's
 * district year (`buildDemoLedger`) of {@link BLOCK_HAZARDS} hazards, numbered on from the
 * last block, each block with the next seed. One block is in memory at a time. The last block
 * is cut at `events`, which leaves each of its hazards a valid beginning of its history (a
 * block is in recorded order).
 */
export function* ledgerBlocks(events: number, seed = 2023): Generator<NewHazardEvent[]> {
  let left = events;
  for (let block = 0; left > 0; block++) {
    const ledger = buildDemoLedger({
      hazards: BLOCK_HAZARDS,
      seed: seed + block,
      firstHazard: block * BLOCK_HAZARDS + 1,
    });
    const part = ledger.length > left ? ledger.slice(0, left) : ledger;
    left -= part.length;
    yield part;
  }
}

/** Writes {@link ledgerBlocks} as an event log (NDJSON, one event per line, as `import` reads it). */
export const writeLedgerFile = async (path: string, events: number): Promise<LedgerFile> => {
  const out = createWriteStream(path);
  let written = 0;
  let bytes = 0;
  let hazards = 0;
  for (const block of ledgerBlocks(events)) {
    hazards += new Set(block.map((e) => e.hazardId)).size;
    const chunk = Buffer.from(block.map((e) => JSON.stringify(e) + "\n").join(""));
    written += block.length;
    bytes += chunk.length;
    if (!out.write(chunk)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  return { path, events: written, hazards, bytes };
};

/**
 * {@link writeLedgerFile} kept in `dir` for later runs (`pnpm bench --logs DIR`): the generator
 * is seeded, so the log of a size is always the same and a 10M one (3.5 GB, minutes to write)
 * need be written once. The log is written under a temporary name and its description last,
 * so a run killed while writing leaves nothing that a later run would take as whole.
 */
export const keptLedgerFile = async (dir: string, events: number): Promise<LedgerFile> => {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `ledger-${events}-seed2023.ndjson`);
  const described = `${path}.json`;
  try {
    return JSON.parse(readFileSync(described, "utf8")) as LedgerFile;
  } catch {
    const written = await writeLedgerFile(`${path}.tmp`, events);
    renameSync(written.path, path);
    const ledger = { ...written, path };
    writeFileSync(described, JSON.stringify(ledger) + "\n");
    return ledger;
  }
};
