import fc from "fast-check";
import { validate, version } from "uuid";
import { describe, expect, it } from "vitest";
import { COMMAND_EVENT_ID_NAMESPACE, EVENT_ID_NAMESPACE, serverEventId } from "./eventIds.js";

const commandId = fc.string({ minLength: 1, maxLength: 40 });
const index = fc.integer({ min: 0, max: 10_000 });

describe("serverEventId", () => {
  it("derives the same uuid v5 from the same command id and index, every time", () => {
    fc.assert(
      fc.property(commandId, index, (c, i) => {
        const id = serverEventId({ commandId: c }, i);
        expect(validate(id)).toBe(true);
        expect(version(id)).toBe(5);
        expect(serverEventId({ commandId: c, eventId: "ignored" }, i)).toBe(id);
      }),
      { numRuns: 200 },
    );
  });

  it("gives distinct ids to distinct (command id, index) pairs", () => {
    fc.assert(
      fc.property(commandId, index, commandId, index, (c1, i1, c2, i2) => {
        fc.pre(c1 !== c2 || i1 !== i2);
        expect(serverEventId({ commandId: c1 }, i1)).not.toBe(serverEventId({ commandId: c2 }, i2));
      }),
      { numRuns: 200 },
    );
    // The index is always the part after the last colon, so colons in a command id are safe.
    expect(serverEventId({ commandId: "a:1" }, 0)).not.toBe(serverEventId({ commandId: "a" }, 10));
  });

  it("derives from the event's own eventId when there is no command id, in another namespace", () => {
    const id = serverEventId({ eventId: "cmd:0" }, 3);
    expect(version(id)).toBe(5);
    expect(serverEventId({ eventId: "cmd:0" }, 7)).toBe(id);
    expect(id).not.toBe(serverEventId({ commandId: "cmd" }, 0));
    expect(COMMAND_EVENT_ID_NAMESPACE).not.toBe(EVENT_ID_NAMESPACE);
  });

  it("makes a random uuid for an event with neither id", () => {
    const a = serverEventId({}, 0);
    expect(version(a)).toBe(4);
    expect(serverEventId({}, 0)).not.toBe(a);
  });

  it("refuses an index that is not a whole number ≥ 0", () => {
    expect(() => serverEventId({ commandId: "c" }, -1)).toThrow(/event index -1/);
    expect(() => serverEventId({ commandId: "c" }, 1.5)).toThrow(/event index 1.5/);
  });
});
