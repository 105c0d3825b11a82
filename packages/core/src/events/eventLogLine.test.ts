import { describe, expect, it } from "vitest";
import * as E from "fp-ts/lib/Either.js";
import { decodeEventLogLine, toEventLogLine } from "./eventLogLine.js";
import { sealEvent } from "../hashing/hashChain.js";
import { GENESIS_HASH } from "./hazardEvent.js";
import { sampleActor, sampleReportedData } from "@hazard-ledger/testing";

const line = (over: Record<string, unknown> = {}, data: Record<string, unknown> = {}) => ({
  hazardId: "HZ-2023-000001",
  type: "HazardReported",
  occurredAt: "2023-03-01T09:30:00+08:00",
  actor: sampleActor,
  data: { ...sampleReportedData, ...data },
  ...over,
});

const errorOf = (u: unknown) => {
  const r = decodeEventLogLine(u);
  if (E.isRight(r)) throw new Error("expected a decoding error");
  return r.left;
};

describe("decodeEventLogLine", () => {
  it("decodes the example line of the interchange spec", () => {
    const r = decodeEventLogLine(line({ seq: 0, recordedAt: "2023-03-01T02:05:11.120Z" }));
    expect(E.isRight(r)).toBe(true);
    if (E.isRight(r)) {
      expect(r.right.event.type).toBe("HazardReported");
      expect(r.right.seq).toBe(0);
      expect(r.right.event.recordedAt).toBe("2023-03-01T02:05:11.120Z");
    }
  });

  it("names the field of an impossible date", () => {
    expect(
      errorOf({
        ...line(),
        type: "RectificationAssigned",
        data: { responsibleUnit: "x", deadline: "2023-02-30" },
      }),
    ).toBe('data.deadline: "2023-02-30" is not a real calendar date');
  });

  it("names an unknown type", () => {
    expect(errorOf(line({ type: "HazardExploded" }))).toBe('type: "HazardExploded" is not an event type');
  });

  it("names a missing field", () => {
    const bad = line();
    delete (bad.data as Record<string, unknown>)["title"];
    expect(errorOf(bad)).toBe("data.title: is required");
  });

  it("names a bad hazard id", () => {
    expect(errorOf(line({ hazardId: "-bad id" }))).toMatch(/^hazardId: "-bad id" is not a hazard id/);
  });

  it("refuses negative money", () => {
    expect(errorOf({ ...line(), type: "EnforcementRecorded", data: { action: "fine", fineFen: -5 } })).toBe(
      "data.fineFen: -5 is not a non-negative whole number of fen",
    );
  });

  it("refuses an instant without an offset", () => {
    expect(errorOf(line({ occurredAt: "2023-03-01T09:30:00" }))).toMatch(/^occurredAt: .*offset/);
  });

  it("replays a v1 HazardReported (unit as a name) as the current shape", () => {
    const v1 = line({ schemaVersion: 1 }, { unit: "某某机械厂", creditCode: "91430104MA4L0XXXX1" });
    const r = decodeEventLogLine(v1);
    expect(E.isRight(r) && r.right.event.type === "HazardReported" && r.right.event.data.unit).toEqual({
      name: "某某机械厂",
      creditCode: "91430104MA4L0XXXX1",
    });
  });

  it("refuses a schema version from the future", () => {
    expect(errorOf(line({ schemaVersion: 9 }))).toMatch(
      /^schemaVersion: schemaVersion 9 of HazardReported is newer/,
    );
  });

  describe("unknown fields are silently dropped (no more): each is refused, named", () => {
    it.each([
      ["the envelope", line({ recordedat: "2023-03-01T02:05:11.120Z" }), "recordedat: unknown field"],
      ["data", line({}, { titel: "x" }), "data.titel: unknown field"],
      ["data.unit", line({}, { unit: { name: "某某机械厂", nmae: "x" } }), "data.unit.nmae: unknown field"],
      ["actor", line({ actor: { id: "u-1", role: "inspector", orgg: "x" } }), "actor.orgg: unknown field"],
      [
        "data.criteria[]",
        line({}, { criteria: [{ standard: "GB 1", clause: "1", note: "x" }] }),
        "data.criteria[0].note: unknown field",
      ],
      ["a misspelled optional field", line({}, { descripton: "漏电" }), "data.descripton: unknown field"],
    ])("in %s", (_where, bad, message) => {
      expect(errorOf(bad)).toBe(message);
    });

    it("keeps RectificationAssigned.plan open (a free-form object)", () => {
      const r = decodeEventLogLine({
        ...line(),
        type: "RectificationAssigned",
        data: { responsibleUnit: "x", deadline: "2023-03-31", plan: { anything: { goes: [1] } } },
      });
      expect(E.isRight(r)).toBe(true);
    });

    it("refuses an ext that is not an object", () => {
      expect(errorOf(line({ ext: [1] }))).toMatch(/^ext: /);
    });

    it("carries ext as given, into the hash, and back out in the exported line", () => {
      const ext = { z: 1, a: { 中文: ["保留", null, true] } };
      const r = decodeEventLogLine(line({ ext }));
      if (E.isLeft(r)) throw new Error(r.left);
      expect(r.right.event.ext).toEqual(ext);
      const seal = {
        seq: 0,
        recordedAt: "2023-03-01T02:05:11.120Z",
        prevHash: GENESIS_HASH,
        schemaVersion: 2,
      };
      const sealed = sealEvent(r.right.event, seal);
      const { ext: _ext, ...without } = r.right.event;
      expect(sealed.hash).not.toBe(sealEvent(without, seal).hash);
      const exported = toEventLogLine(sealed);
      expect(exported).toContain(JSON.stringify(ext));
      const again = decodeEventLogLine(JSON.parse(exported));
      if (E.isLeft(again)) throw new Error(again.left);
      expect(toEventLogLine(sealEvent(again.right.event, seal))).toBe(exported);
    });
  });
});
