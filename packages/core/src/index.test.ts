import type { Either } from "fp-ts/lib/Either.js";
import { describe, expect, expectTypeOf, it } from "vitest";
import * as core from "./index.js";
import {
  type AppendError,
  type DecideContext,
  type DomainError,
  type EventData,
  type EventStore,
  type HandledCommand,
  type HazardCommand,
  type HazardCommandInput,
  type HazardCommandResult,
  type HazardState,
  type ImportError,
  type NewHazardEvent,
  type RecordedHazardEvent,
  type RetryExhausted,
  decideContext,
  getInMemoryEventStore,
  hazardCommandHandler,
  hazardDecider,
  replay,
} from "./index.js";
import * as storeKit from "./store-kit.js";

const actor = { id: "u-1", role: "inspector", level: "county" } as const;
const context = decideContext("2023-03-01T10:00:00+08:00");

describe("the public surface of @hazard-ledger/core", () => {
  it("is curated: these runtime values and no others (add one on purpose, not through a barrel)", () => {
    expect(Object.keys(core).sort()).toEqual(
      [
        "Actor",
        "CURRENT_SCHEMA_VERSIONS",
        "CalendarDate",
        "DEFAULT_HASH_ALGORITHM",
        "DEFAULT_TIME_ZONE",
        "DomainErrorCode",
        "EnforcementAction",
        "EventLogEnvelope",
        "GovLevel",
        "HAZARD_COMMAND_TYPES",
        "HashAlgorithm",
        "HazardCategory",
        "HazardCommandCodec",
        "HazardLevel",
        "HazardSource",
        "HazardStatus",
        "Instant",
        "LedgerSettings",
        "NewHazardEvent",
        "NonEmptyString",
        "NonNegativeInteger",
        "NoticeKind",
        "RegionCode",
        "StoredHazardEvent",
        "TextInputError",
        "Unit",
        "VoidReason",
        "checkEventLog",
        "checkHashAlgorithm",
        "commandOfEvent",
        "decideContext",
        "decodeEventLogLine",
        "decodeUtf8",
        "defaultPolicy",
        "defaultPolicyRules",
        "defaultUpcasters",
        "eventDataCodecs",
        "formatDomainError",
        "formatErrors",
        "getInMemoryEventStore",
        "govLevelRank",
        "hazardCommandHandler",
        "hazardDecider",
        "importEventLog",
        "instantMillis",
        "isTimeZone",
        "localDateOf",
        "oneOf",
        "permit",
        "policyFromRules",
        "refuse",
        "replay",
        "struct",
        "toEventLogLine",
        "utf8Lines",
        "verifyAll",
        "verifyStream",
        "weekdayCalendar",
        "workingDayCounter",
      ].sort(),
    );
    expect(Object.keys(core).length).toBeLessThanOrEqual(60);
  });

  it("keeps store-author helpers off the root: they are @hazard-ledger/core/store-kit's", () => {
    for (const name of [
      "settle",
      "pullBatch",
      "sealEvent",
      "checkAppendShape",
      "canonicalEventJson",
      "applyEvent",
    ])
      expect([name, name in core, name in storeKit]).toEqual([name, false, true]);
  });

  it("has one decider entry: decide, evolve and initialState are hazardDecider's", () => {
    for (const name of [
      "decide",
      "decideDecoded",
      "evolve",
      "initialState",
      "commandHandler",
      "handleCommand",
    ])
      expect([name, name in core]).toEqual([name, false]);
    expectTypeOf(hazardDecider.decide).parameters.toEqualTypeOf<
      [HazardCommandInput, HazardState, DecideContext]
    >();
    expectTypeOf(hazardDecider.decide).returns.toEqualTypeOf<
      Either<DomainError, readonly NewHazardEvent[]>
    >();
    expectTypeOf(hazardDecider.initialState).toEqualTypeOf<HazardState>();
    expectTypeOf(replay).returns.toEqualTypeOf<HazardState>();
  });

  it("types a command by its type: a mistyped command cannot compile", () => {
    const report: HazardCommand = {
      type: "ReportHazard",
      hazardId: "HZ-1",
      occurredAt: "2023-03-01T09:00:00+08:00",
      actor,
      data: {
        title: "配电箱未接地",
        level: "general",
        sector: "industry_trade",
        region: "430104001",
        unit: { name: "某某机械厂" },
        source: "department_inspection",
      },
    };
    expect(hazardDecider.decide(report, hazardDecider.initialState, context)._tag).toBe("Right");

    // @ts-expect-error: no such command type
    const unknownType: HazardCommand = { ...report, type: "ReportHazzard" };
    // @ts-expect-error: a level the contract does not know
    const badLevel: HazardCommand = { ...report, data: { ...report.data, level: "severe" } };
    const closeWithReportData: HazardCommand = {
      type: "CloseHazard",
      hazardId: "HZ-1",
      occurredAt: "2023-03-01T09:00:00+08:00",
      actor,
      // @ts-expect-error: a close carries the close's data, not a report's
      data: { title: "配电箱未接地" },
    };
    // @ts-expect-error: the data of a report needs its title
    const noTitle: HazardCommand = { ...report, data: { level: "general" } };
    expect([unknownType, badLevel, closeWithReportData, noTitle]).toHaveLength(4);
  });

  it("types an event by its type: a mistyped event cannot compile", () => {
    expectTypeOf<EventData<"HazardReported">["level"]>().toEqualTypeOf<"general" | "major">();
    expectTypeOf<EventData<"RectificationAssigned">["deadline"]>().toEqualTypeOf<string>();
    const progress: NewHazardEvent = {
      type: "ProgressReported",
      hazardId: "HZ-1",
      occurredAt: "2023-03-02T09:00:00+08:00",
      actor,
      data: { note: "材料已到" },
    };
    // @ts-expect-error: no such event type
    const misspelt: NewHazardEvent = { ...progress, type: "ProgresReported" };
    // @ts-expect-error: a progress report's note is text
    const numericNote: NewHazardEvent = { ...progress, data: { note: 42 } };
    expect([progress, misspelt, numericNote]).toHaveLength(3);
    expectTypeOf(hazardDecider.evolve).parameter(1).toMatchTypeOf<NewHazardEvent>();
  });

  it("handles a command one way: the handler's result names every way it can fail", async () => {
    const store: EventStore = getInMemoryEventStore();
    const handle = hazardCommandHandler(store);
    expectTypeOf(handle).returns.resolves.toEqualTypeOf<HazardCommandResult>();
    expectTypeOf<HazardCommandResult>().toEqualTypeOf<
      Either<DomainError | AppendError | RetryExhausted, HandledCommand<HazardState>>
    >();
    expectTypeOf<HandledCommand<HazardState>["events"]>().toEqualTypeOf<readonly RecordedHazardEvent[]>();
    // @ts-expect-error: the handler takes a command and its context, not a bare event type
    void handle("ReportHazard", context);
    await store.close();
  });

  it("gives every refused import line a code", () => {
    expectTypeOf<ImportError["code"]>().not.toEqualTypeOf<string | undefined>();
    expectTypeOf<"BROKEN_JSON">().toMatchTypeOf<ImportError["code"]>();
    expectTypeOf<"HAZARD_NOT_FOUND">().toMatchTypeOf<ImportError["code"]>();
    // @ts-expect-error: not a code an import refuses with
    const bad: ImportError["code"] = "SOMETHING_ELSE";
    expect(bad).toBe("SOMETHING_ELSE");
  });
});
