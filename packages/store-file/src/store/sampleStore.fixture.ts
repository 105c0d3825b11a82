import { closeSync, openSync, readFileSync } from "node:fs";
import type { NewHazardEvent } from "@hazard-ledger/core";
import { type RecordHeader } from "../format/recordFormat.js";
import { segmentPath } from "../format/segmentFile.js";
import { FileWindow } from "../scan/fileWindow.js";
import { scanRecords } from "../scan/scanRecords.js";
import { type FileEventStore, openFileEventStore } from "./fileEventStore.js";

const actor = { id: "u-1001", role: "inspector", org: "区应急管理局", level: "county" } as const;

/** A progress event noted `note`. */
export const progress = (hazardId: string, note: string): NewHazardEvent => ({
  hazardId,
  type: "ProgressReported",
  occurredAt: "2023-03-02T09:30:00+08:00",
  actor,
  data: { note },
});

/** A store with `hazards` hazards of `perHazard` events each, appended round robin. */
export const sampleStore = async (
  dir: string,
  hazards: number,
  perHazard: number,
  options: Parameters<typeof openFileEventStore>[1] = {},
): Promise<FileEventStore> => {
  const store = await openFileEventStore(dir, { fsync: false, ...options });
  for (let i = 0; i < perHazard; i++)
    for (let h = 0; h < hazards; h++) {
      const r = await store.appendToStream(`HZ-${h}`, [progress(`HZ-${h}`, `n${i}`)]);
      if (r._tag === "Left") throw new Error(r.left.message);
    }
  return store;
};

/** A record of a segment file as the tests see it. */
export interface RecordSpan {
  readonly offset: number;
  readonly header: RecordHeader;
}

/** The records of segment `n` of the store in `dir`. */
export const recordsOf = (dir: string, n = 0): RecordSpan[] => {
  const fd = openSync(segmentPath(dir, n), "r");
  try {
    const size = readFileSync(segmentPath(dir, n)).length;
    const out: RecordSpan[] = [];
    scanRecords(new FileWindow(fd, size), 16, (r) => void out.push({ offset: r.offset, header: r.header }));
    return out;
  } finally {
    closeSync(fd);
  }
};
