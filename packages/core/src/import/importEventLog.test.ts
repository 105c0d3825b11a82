import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { toEventLogLine } from "../events/eventLogLine.js";
import type { EventStore } from "../store/eventStore.js";
import { getInMemoryEventStore } from "../store/inMemoryEventStore.js";
import { type ImportError, type ImportSummary, importEventLog } from "./importEventLog.js";
import { sampleReportedData } from "@hazard-ledger/testing";

const NOW = "2023-03-10T00:00:00.000Z";
const actor = { id: "u-1001", role: "inspector", level: "county" };
const reported = (hazardId: string, over: Record<string, unknown> = {}) => ({
  hazardId,
  type: "HazardReported",
  occurredAt: "2023-03-01T09:30:00+08:00",
  recordedAt: "2023-03-01T02:05:11.120Z",
  actor,
  data: sampleReportedData,
  ...over,
});
const assigned = (hazardId: string, over: Record<string, unknown> = {}) => ({
  hazardId,
  type: "RectificationAssigned",
  occurredAt: "2023-03-02T10:00:00+08:00",
  recordedAt: "2023-03-02T02:10:00Z",
  actor,
  data: { responsibleUnit: "某某机械厂", deadline: "2023-03-31" },
  ...over,
});
const lines = (...objects: unknown[]) => objects.map((o) => JSON.stringify(o));

const importInto = (store: EventStore, text: string[], now = NOW) => importEventLog(store, text, { now });
const refused = (r: E.Either<ImportError, ImportSummary>): ImportError => {
  if (E.isRight(r)) throw new Error(`expected a refusal, got ${JSON.stringify(r.right)}`);
  return r.left;
};
const imported = (r: E.Either<ImportError, ImportSummary>): ImportSummary => {
  if (E.isLeft(r)) throw new Error(`expected an import, got line ${r.left.line}: ${r.left.message}`);
  return r.right;
};
const exportOf = async (store: EventStore): Promise<string[]> => {
  const out: string[] = [];
  for await (const e of store.readAll()) out.push(toEventLogLine(e));
  return out;
};

describe("importEventLog", () => {
  it("a reused commandId loses an event (no more): a report and an assignment under one commandId are refused, naming the line", async () => {
    const store = getInMemoryEventStore();
    const r = refused(
      await importInto(
        store,
        lines(reported("HZ-A", { commandId: "cmd-1" }), assigned("HZ-A", { commandId: "cmd-1" })),
      ),
    );
    expect(r.line).toBe(2);
    expect(r.message).toMatch(
      /^commandId: "cmd-1" is already used by another event of HZ-A \(COMMAND_ID_REUSED/,
    );
    expect(await exportOf(store)).toEqual([]);
  });

  it("a reused commandId against the ledger is refused too; an identical repeat is still a no-op", async () => {
    const store = getInMemoryEventStore();
    imported(await importInto(store, lines(reported("HZ-A", { commandId: "cmd-1" }))));
    const before = await exportOf(store);
    expect(refused(await importInto(store, lines(assigned("HZ-A", { commandId: "cmd-1" })))).line).toBe(1);
    const again = imported(await importInto(store, lines(reported("HZ-A", { commandId: "cmd-1" }))));
    expect(again).toMatchObject({ appended: 0, duplicates: 1 });
    expect(await exportOf(store)).toEqual(before);
  });

  it("repeats of a hazard with many commands are judged as with few: an identical repeat is skipped, another event under an old commandId refused", async () => {
    const progress = (i: number, note = `进展 ${i}`) => ({
      hazardId: "HZ-A",
      type: "ProgressReported",
      occurredAt: "2023-03-02T10:00:00+08:00",
      recordedAt: `2023-03-02T02:${String(10 + i).padStart(2, "0")}:00Z`,
      actor,
      data: { note },
      commandId: `cmd-${i}`,
    });
    const many = Array.from({ length: 30 }, (_, i) => progress(i + 1));
    const store = getInMemoryEventStore();
    const first = imported(
      await importInto(
        store,
        lines(reported("HZ-A", { commandId: "cmd-0" }), ...many, progress(3), progress(25)),
      ),
    );
    expect(first).toMatchObject({ appended: 31, duplicates: 2 });
    for (const old of [3, 25]) {
      const r = refused(
        await importInto(store, lines({ ...progress(old, "另一条"), recordedAt: "2023-03-02T03:00:00Z" })),
      );
      expect(r.message).toMatch(
        new RegExp(`^commandId: "cmd-${old}" is already used by another event of HZ-A`),
      );
    }
  });

  it("ImportError without a code (no more): every kind of refused line names a stable code", async () => {
    const codeOf = async (text: string[]) => refused(await importInto(getInMemoryEventStore(), text)).code;
    expect(await codeOf(["{not json"])).toBe("BROKEN_JSON");
    expect(await codeOf(lines({ ...reported("HZ-A"), type: "HazardInvented" }))).toBe("INVALID_LINE");
    expect(await codeOf(lines(reported("HZ-A", { recordedAt: "2030-01-01T00:00:00Z" })))).toBe(
      "RECORDED_AT_IN_FUTURE",
    );
    expect(await codeOf(lines(reported("HZ-A", { seq: 1 })))).toBe("SEQ_MISMATCH");
    expect(
      await codeOf(lines(reported("HZ-A"), assigned("HZ-A", { recordedAt: "2023-03-01T00:00:00Z" }))),
    ).toBe("RECORDED_AT_BACKWARDS");
    expect(await codeOf(lines(assigned("HZ-A")))).toBe("HAZARD_NOT_FOUND");
    expect(await codeOf(lines(reported("HZ-A", { seq: 0, hash: "0".repeat(64) })))).toBe("HASH_UNVERIFIABLE");
    expect(
      await codeOf(lines(reported("HZ-A", { seq: 0, prevHash: "0".repeat(64), hash: "1".repeat(64) }))),
    ).toBe("HASH_MISMATCH");
  });

  it("a future recordedAt freezes a hazard (no more): recordedAt after now plus the tolerated skew is refused", async () => {
    const store = getInMemoryEventStore();
    const r = refused(
      await importInto(store, lines(reported("HZ-A", { recordedAt: "2030-01-01T00:00:00Z" }))),
    );
    expect(r).toEqual({
      code: "RECORDED_AT_IN_FUTURE",
      line: 1,
      message: `recordedAt: 2030-01-01T00:00:00Z is later than the time of import ${NOW} (tolerated clock skew 300 s)`,
    });
    // Within the skew is accepted (clocks of different machines disagree); one ms past it is not.
    const withinSkew = imported(
      await importInto(
        store,
        lines(
          reported("HZ-B", {
            recordedAt: "2023-03-10T00:05:00.000Z",
            occurredAt: "2023-03-10T08:00:00+08:00",
          }),
        ),
      ),
    );
    expect(withinSkew.appended).toBe(1);
    expect(
      refused(
        await importInto(
          store,
          lines(
            reported("HZ-C", {
              recordedAt: "2023-03-10T00:05:00.001Z",
              occurredAt: "2023-03-10T08:00:00+08:00",
            }),
          ),
        ),
      ).line,
    ).toBe(1);
  });

  it("occurredAt in the future is refused by the rules (OCCURRED_AFTER_RECORDED)", async () => {
    const store = getInMemoryEventStore();
    const r = refused(
      await importInto(
        store,
        lines(reported("HZ-A", { occurredAt: "2023-03-10T09:00:00+08:00", recordedAt: undefined })),
      ),
    );
    expect(r.message).toMatch(/OCCURRED_AFTER_RECORDED/);
  });

  it("re-importing the same file says the hazard already exists, or skips what the ledger already holds", async () => {
    const store = getInMemoryEventStore();
    // A file without seqs, imported twice: the second time names what happened.
    const file = lines(reported("HZ-A"), assigned("HZ-A"));
    imported(await importInto(store, file));
    const before = await exportOf(store);
    expect(refused(await importInto(store, file))).toEqual({
      code: "HAZARD_EXISTS",
      line: 1,
      message: "hazard HZ-A already exists in the ledger (was this file imported already?)",
    });
    // An export (seqs, hashes) imported again: each line is the very event the ledger holds.
    const again = imported(await importInto(store, before));
    expect(again).toMatchObject({ appended: 0, alreadyStored: 2 });
    expect(await exportOf(store)).toEqual(before);
    // The same seq with a different event is refused, naming it.
    const changed = JSON.parse(before[1] as string) as Record<string, unknown>;
    changed["recordedAt"] = "2023-03-02T02:11:00Z";
    delete changed["hash"];
    expect(refused(await importInto(store, [before[0] as string, JSON.stringify(changed)]))).toEqual({
      code: "SEQ_ALREADY_STORED",
      line: 2,
      message:
        "HZ-A seq 1 is already in the ledger with a different event (was another version of this file imported?)",
    });
    // A later event without seq whose recordedAt is before the ledger's last says so.
    expect(
      refused(await importInto(store, lines(assigned("HZ-A", { recordedAt: "2023-03-02T00:00:00Z" }))))
        .message,
    ).toMatch(
      /is earlier than the last event of HZ-A already in the ledger \(seq 1\); was this file imported already\?/,
    );
    expect(await exportOf(store)).toEqual(before);
  });

  it("an export that extends the ledger imports only its new part", async () => {
    const store = getInMemoryEventStore();
    imported(await importInto(store, lines(reported("HZ-A"), assigned("HZ-A"))));
    const full = await exportOf(store);
    // Its clock stands before the lines' recordedAt, so the new part is no backfill.
    const other = getInMemoryEventStore({ now: () => new Date(0) });
    imported(await importInto(other, [full[0] as string]));
    expect(imported(await importInto(other, full))).toMatchObject({ appended: 1, alreadyStored: 1 });
    expect(await exportOf(other)).toEqual(full);
  });
});
