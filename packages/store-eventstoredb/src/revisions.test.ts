import { ANY, NO_STREAM, STREAM_EXISTS } from "@eventstore/db-client";
import type { ExpectedRevision } from "@hazard-ledger/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  expectedRevisionFromServer,
  expectedRevisionToServer,
  revisionFromServer,
  revisionToServer,
  streamRevisionFromServer,
  streamRevisionToServer,
} from "./revisions.js";

const revision = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });

describe("stream revisions", () => {
  it("maps core revision n to server revision n and back, with no offset", () => {
    fc.assert(
      fc.property(revision, (n) => {
        expect(revisionToServer(n)).toBe(BigInt(n));
        expect(revisionFromServer(revisionToServer(n), "test")).toBe(n);
      }),
      { numRuns: 200 },
    );
    // The first event of a stream is revision 0 on both sides.
    expect(revisionToServer(0)).toBe(0n);
  });

  it("refuses a server revision a number cannot hold, naming where", () => {
    expect(() => revisionFromServer(BigInt(Number.MAX_SAFE_INTEGER) + 1n, "stream hazard-X")).toThrow(
      /stream hazard-X: server revision 9007199254740992/,
    );
    expect(() => revisionFromServer(-3n, "s")).toThrow(/-3/);
  });

  it("maps a current revision both ways, no_stream as no_stream", () => {
    fc.assert(
      fc.property(revision, (n) => {
        expect(streamRevisionFromServer(streamRevisionToServer(n), "t")).toBe(n);
      }),
      { numRuns: 200 },
    );
    expect(streamRevisionToServer("no_stream")).toBe(NO_STREAM);
    expect(streamRevisionFromServer(NO_STREAM, "t")).toBe("no_stream");
    // The gRPC trailer form of "no stream" is -1.
    expect(streamRevisionFromServer(-1n, "t")).toBe("no_stream");
  });
});

describe("expected revisions", () => {
  const kinds: [ExpectedRevision, unknown][] = [
    ["any", ANY],
    ["no_stream", NO_STREAM],
    ["stream_exists", STREAM_EXISTS],
    [0, 0n],
    [41, 41n],
  ];

  it.each(kinds)("maps %s to the server's %s and back", (core, server) => {
    expect(expectedRevisionToServer(core)).toBe(server);
    expect(expectedRevisionFromServer(expectedRevisionToServer(core), "t")).toBe(core);
  });

  it("maps every numeric expected revision both ways", () => {
    fc.assert(
      fc.property(revision, (n) => {
        expect(expectedRevisionFromServer(expectedRevisionToServer(n), "t")).toBe(n);
      }),
      { numRuns: 200 },
    );
  });

  it("reads the legacy negative expected versions of gRPC trailers", () => {
    expect(expectedRevisionFromServer(-1n, "t")).toBe("no_stream");
    expect(expectedRevisionFromServer(-2n, "t")).toBe("any");
    expect(expectedRevisionFromServer(-4n, "t")).toBe("stream_exists");
    expect(() => expectedRevisionFromServer(-3n, "stream s")).toThrow(/stream s: server revision -3/);
  });
});
