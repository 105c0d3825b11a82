import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { arbLedger, sealInOrder } from "@hazard-ledger/testing";
import { decodeEventLogLine, decodeEventLogLineByCodecs, toEventLogLine } from "./eventLogLine.js";

// decodeEventLogLine takes a hot path for lines the codecs accept; these properties prove it
// answers exactly what the codecs alone answer: the same value (keys in the same order) or
// the same message.

/** What a decoder answers, comparable: the message, or the value as JSON (key order counts). */
const answer = (r: E.Either<string, unknown>): string =>
  E.isLeft(r) ? `left ${r.left}` : `right ${JSON.stringify(r.right)}`;

const expectSameAnswer = (u: unknown): void => {
  const slow = decodeEventLogLineByCodecs(u);
  const fast = decodeEventLogLine(u);
  expect(answer(fast)).toBe(answer(slow));
  if (E.isRight(fast) && E.isRight(slow)) expect(fast.right).toStrictEqual(slow.right);
};

/** Lines of valid ledgers: as events without a place (a backfill's form) and as exported. */
const arbLines = arbLedger({ hazards: 3 }).map((run) => {
  const sealed = sealInOrder(run.events, "2023-01-01T00:00:00Z");
  return run.events.flatMap((event, i) => [
    JSON.parse(JSON.stringify(event)) as unknown,
    JSON.parse(toEventLogLine(sealed[i]!)) as unknown,
  ]);
});

/** Values of the wrong type, or near misses of the right one, for any field. */
const arbOddValue = fc.oneof(
  fc.constantFrom(
    null,
    undefined,
    true,
    0,
    -1,
    1.5,
    2,
    Number.MAX_SAFE_INTEGER + 1,
    "",
    " ",
    "x",
    "2023-02-30",
    "2023-02-28",
    "2023-02-30T09:00:00+08:00",
    "2023-03-01T24:00:00Z",
    "2023-03-01T09:30:00",
    "2023-03-01T09:30:00+24:00",
    "2023-03-01T09:30:00.1234567891Z",
    "2023-03-01t09:30:00z",
    "430111",
    "4301110",
    "general",
    "major",
    "inspector",
    "HazardClosed",
    "HazardExploded",
    "0".repeat(64),
    "A".repeat(64),
    [],
    ["x"],
    [{ standard: "GB 1", clause: "1" }],
    [{ standard: "", clause: "1" }],
    {},
    { name: "x" },
    { id: "x", role: "public" },
  ),
  fc.jsonValue({ maxDepth: 2 }),
);

/** Every path to an object or field of a parsed line. */
const pathsOf = (u: unknown, at: readonly (string | number)[] = []): (readonly (string | number)[])[] => {
  if (typeof u !== "object" || u === null) return [at];
  const keys: (string | number)[] = Array.isArray(u) ? u.map((_, i) => i) : Object.keys(u);
  return [at, ...keys.flatMap((k) => pathsOf((u as Record<string | number, unknown>)[k], [...at, k]))];
};

type Mutation =
  | { readonly kind: "set"; readonly value: unknown }
  | { readonly kind: "delete" }
  | { readonly kind: "add"; readonly key: string; readonly value: unknown };

const arbMutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("set" as const), value: arbOddValue }),
  fc.constant({ kind: "delete" as const }),
  fc.record({
    kind: fc.constant("add" as const),
    key: fc.constantFrom("extra", "__proto__", "type", "data", "title", "unit", "seq", "ext", "constructor"),
    value: arbOddValue,
  }),
);

/** The line with one mutation at one of its paths (picked by `pick`). */
const mutate = (line: unknown, pick: number, m: Mutation): unknown => {
  const copy = JSON.parse(JSON.stringify(line)) as unknown;
  const paths = pathsOf(copy);
  const path = paths[pick % paths.length] ?? [];
  if (path.length === 0) return m.kind === "set" ? m.value : copy;
  let parent = copy as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (m.kind === "set") parent[last] = m.value;
  else if (m.kind === "delete") {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else {
    const target = parent[last];
    if (typeof target === "object" && target !== null && !Array.isArray(target))
      Object.defineProperty(target, m.key, {
        value: m.value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else parent[last] = m.value;
  }
  return copy;
};

describe("decodeEventLogLine's hot path", () => {
  it("gives the codecs' value for every line of valid ledgers", () => {
    fc.assert(
      fc.property(arbLines, (lines) => {
        for (const line of lines) {
          expect(E.isRight(decodeEventLogLineByCodecs(line))).toBe(true);
          expectSameAnswer(line);
        }
      }),
      { numRuns: 40 },
    );
  });

  it("gives the codecs' answer, value or message, for lines with one field changed, removed or added", () => {
    fc.assert(
      fc.property(
        arbLines.filter((lines) => lines.length > 0),
        fc.nat(),
        fc.nat(),
        arbMutation,
        (lines, which, pick, m) => {
          expectSameAnswer(mutate(lines[which % lines.length], pick, m));
        },
      ),
      { numRuns: 600 },
    );
  });

  it("gives the codecs' answer for lines in another schema version", () => {
    fc.assert(
      fc.property(
        arbLines.filter((lines) => lines.length > 0),
        fc.nat(),
        fc.constantFrom(0, 1, 2, 3, -1, 1.5, "1", null),
        (lines, which, version) => {
          const line = lines[which % lines.length] as Record<string, unknown>;
          expectSameAnswer({ ...line, schemaVersion: version });
        },
      ),
      { numRuns: 200 },
    );
  });
});
