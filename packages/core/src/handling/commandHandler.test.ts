import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import type { HazardCommand } from "../commands/hazardCommand.js";
import { decideContext } from "../decider/decide.js";
import type { Decider } from "../decider/decider.js";
import { replay } from "../decider/evolve.js";
import type { NewHazardEvent } from "../events/hazardEvent.js";
import type { EventStore } from "../store/eventStore.js";
import { getInMemoryEventStore } from "../store/inMemoryEventStore.js";
import { type AddressedCommand, handleCommand } from "./commandHandler.js";
import { hazardCommandHandler } from "./hazardCommandHandler.js";
import { commandOf, reportBody } from "./hazardCommands.fixture.js";

const context = decideContext("2023-03-01T10:00:00+08:00");
const report = (hazardId = "HZ-1", commandId = "c-report"): HazardCommand =>
  commandOf(reportBody, hazardId, 0, commandId);
const progress = (commandId: string, hazardId = "HZ-1"): HazardCommand => ({
  type: "ReportProgress",
  hazardId,
  occurredAt: "2023-03-01T09:30:00+08:00",
  actor: { id: "ent-1", role: "enterprise" },
  data: { note: commandId },
  commandId,
});

const progressEvent = (hazardId: string, note: string): NewHazardEvent => ({
  hazardId,
  type: "ProgressReported",
  occurredAt: "2023-03-01T09:30:00+08:00",
  actor: { id: "other-writer", role: "enterprise" },
  data: { note },
});
const reportedEvent = (hazardId: string): NewHazardEvent => ({
  hazardId,
  type: "HazardReported",
  occurredAt: "2023-03-01T09:00:00+08:00",
  actor: { id: "insp-1", role: "inspector" },
  data: reportBody.data as Extract<NewHazardEvent, { type: "HazardReported" }>["data"],
});

const ok = <L, A>(r: E.Either<L, A>): A => {
  if (E.isLeft(r)) throw new Error(`expected success, got ${JSON.stringify(r.left)}`);
  return r.right;
};
const failure = <L, A>(r: E.Either<L, A>): L => {
  if (E.isRight(r)) throw new Error("expected a failure");
  return r.left;
};

/** A store in which another writer appends to the stream just before each of our first `n` appends. */
const contendedStore = (n: number): { store: EventStore; inner: EventStore; intrusions: () => number } => {
  const inner = getInMemoryEventStore();
  let intrusions = 0;
  const store: EventStore = {
    ...inner,
    appendToStream: async (hazardId, events, options) => {
      if (intrusions < n) {
        intrusions++;
        await inner.appendToStream(hazardId, [progressEvent(hazardId, `intrusion ${intrusions}`)]);
      }
      return inner.appendToStream(hazardId, events, options);
    },
  };
  return { store, inner, intrusions: () => intrusions };
};

describe("hazardCommandHandler", () => {
  it("appends the decided event and answers with it, the revision and the new state", async () => {
    const store = getInMemoryEventStore();
    const handle = hazardCommandHandler(store);
    const result = ok(await handle(report(), context));
    expect(result.events.map((e) => [e.type, e.seq, e.commandId])).toEqual([
      ["HazardReported", 0, "c-report"],
    ]);
    expect(result.nextExpectedRevision).toBe(0);
    expect(result.idempotentReplay).toBe(false);
    expect(result.attempts).toBe(1);
    expect(result.state.status).toBe("reported");
    expect(await store.readStream("HZ-1")).toEqual(result.events);
  });

  it("records events at the context's now, not at the store's clock", async () => {
    const store = getInMemoryEventStore({ now: () => new Date(0) });
    ok(await hazardCommandHandler(store)(report(), context));
    expect((await store.readStream("HZ-1"))[0]?.recordedAt).toBe(context.now);
  });

  it("returns a refused command's DomainError and writes nothing", async () => {
    const store = getInMemoryEventStore();
    const error = failure(await hazardCommandHandler(store)(progress("c-1"), context));
    expect(error).toMatchObject({ code: "HAZARD_NOT_FOUND", hazardId: "HZ-1" });
    expect(await store.streamRevision("HZ-1")).toBe("no_stream");
  });

  it("answers a repeated commandId with the original events, even where the rules would now refuse it", async () => {
    const store = getInMemoryEventStore();
    const handle = hazardCommandHandler(store);
    const first = ok(await handle(report(), context));
    ok(await handle(progress("c-1"), context));
    const again = ok(await handle(report(), context));
    expect(again.idempotentReplay).toBe(true);
    expect(again.events).toEqual(first.events);
    expect(again.nextExpectedRevision).toBe(1);
    expect(await store.streamRevision("HZ-1")).toBe(1);
    // A new commandId for the same report is decided, and refused.
    expect(failure(await handle(commandOf(reportBody, "HZ-1", 45, "c-other"), context))).toMatchObject({
      code: "HAZARD_ALREADY_REPORTED",
    });
  });

  it("a reused commandId loses an event (no more): another command under a stored commandId is COMMAND_ID_REUSED, nothing written", async () => {
    const store = getInMemoryEventStore();
    const handle = hazardCommandHandler(store);
    ok(await handle(report("HZ-1", "cmd-1"), context));
    // The case: a report, then another event under the same commandId.
    expect(failure(await handle(progress("cmd-1"), context))).toMatchObject({
      code: "COMMAND_ID_REUSED",
      hazardId: "HZ-1",
      commandId: "cmd-1",
    });
    // The same report with other data, or with an ext it did not have, is not a repeat either.
    const otherTitle = {
      ...report("HZ-1", "cmd-1"),
      data: { ...reportBody.data, title: "另一处隐患" },
    } as HazardCommand;
    expect(failure(await handle(otherTitle, context))).toMatchObject({ code: "COMMAND_ID_REUSED" });
    expect(failure(await handle({ ...report("HZ-1", "cmd-1"), ext: { k: 1 } }, context))).toMatchObject({
      code: "COMMAND_ID_REUSED",
    });
    expect(await store.streamRevision("HZ-1")).toBe(0);
    // A repeat at a later time, recorded later, is still the same command.
    const later = decideContext("2023-03-05T10:00:00+08:00");
    expect(ok(await handle(report("HZ-1", "cmd-1"), later)).idempotentReplay).toBe(true);
  });

  it("decides again against the new state when a concurrent write got in first", async () => {
    const { store, inner, intrusions } = contendedStore(2);
    await inner.appendToStream("HZ-1", [reportedEvent("HZ-1")]);
    const result = ok(await hazardCommandHandler(store)(progress("c-1"), context));
    expect(intrusions()).toBe(2);
    expect(result.attempts).toBe(3);
    expect(result.events.map((e) => e.seq)).toEqual([3]);
    const stream = await store.readStream("HZ-1");
    expect(stream.filter((e) => e.commandId === "c-1")).toEqual(result.events);
    expect(result.state).toEqual(replay(stream));
  });

  it("gives up with RETRY_EXHAUSTED after maxAttempts conflicts, having written nothing of its own", async () => {
    const { store, inner } = contendedStore(Number.POSITIVE_INFINITY);
    await inner.appendToStream("HZ-1", [reportedEvent("HZ-1")]);
    const error = failure(await hazardCommandHandler(store, { maxAttempts: 3 })(progress("c-1"), context));
    expect(error).toMatchObject({ code: "RETRY_EXHAUSTED", hazardId: "HZ-1", attempts: 3 });
    expect(error.code === "RETRY_EXHAUSTED" && error.lastError.code).toBe("WRONG_EXPECTED_REVISION");
    expect((await store.readStream("HZ-1")).some((e) => e.commandId === "c-1")).toBe(false);
  });

  it("refuses a maxAttempts that is not a whole number ≥ 1", () => {
    expect(() => hazardCommandHandler(getInMemoryEventStore(), { maxAttempts: 0 })).toThrow(/maxAttempts 0/);
  });
});

describe("commandHandler over any decider", () => {
  interface Add extends AddressedCommand {
    readonly amount: number;
  }
  type Total = number;
  /** A counter: an event per unit added, refused above 10. */
  const counter: Decider<Add, NewHazardEvent, Total, string, { readonly limit: number }> = {
    decide: (command, total, { limit }) =>
      total + command.amount > limit
        ? E.left(`over ${limit}`)
        : E.right(
            Array.from({ length: command.amount }, (_, i) => progressEvent(command.hazardId, `unit ${i}`)),
          ),
    evolve: (total) => total + 1,
    initialState: 0,
  };

  it("folds with the decider's evolve, stamps the commandId and passes the context through", async () => {
    const store = getInMemoryEventStore();
    const result = ok(
      await handleCommand(store, counter, { hazardId: "HZ-1", amount: 3, commandId: "add-1" }, { limit: 10 }),
    );
    expect(result.state).toBe(3);
    expect(result.events.map((e) => e.commandId)).toEqual(["add-1", "add-1", "add-1"]);
    const refused = failure(
      await handleCommand(store, counter, { hazardId: "HZ-1", amount: 3 }, { limit: 5 }),
    );
    expect(refused).toBe("over 5");
  });

  it("writes nothing for a decision of no events", async () => {
    const store = getInMemoryEventStore();
    const result = ok(await handleCommand(store, counter, { hazardId: "HZ-1", amount: 0 }, { limit: 10 }));
    expect(result).toMatchObject({ events: [], nextExpectedRevision: "no_stream", idempotentReplay: false });
    expect(await store.streamRevision("HZ-1")).toBe("no_stream");
  });

  it("passes the store's INVALID_APPEND through when the decider writes to another hazard", async () => {
    const stray: Decider<Add, NewHazardEvent, Total, string, null> = {
      ...counter,
      decide: () => E.right([progressEvent("HZ-2", "stray")]),
    };
    const error = failure(
      await handleCommand(getInMemoryEventStore(), stray, { hazardId: "HZ-1", amount: 1 }, null),
    );
    expect(error).toMatchObject({ code: "INVALID_APPEND", hazardId: "HZ-1" });
  });
});
