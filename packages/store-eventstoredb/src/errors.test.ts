import {
  AccessDeniedError,
  InvalidArgumentError,
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
} from "@eventstore/db-client";
import { describe, expect, it } from "vitest";
import { EventStoreDBServerVersionError } from "./serverVersion.js";
import {
  EventStoreDBDataError,
  isRetryableSubscriptionError,
  isStreamNotFoundError,
  isWrongExpectedVersionError,
  wrongExpectedRevisionFromServer,
} from "./errors.js";

const wrongVersion = (
  expected: bigint | "no_stream" | "stream_exists" | "any",
  current: bigint | "no_stream",
) => new WrongExpectedVersionError(undefined, { streamName: "hazard-HZ-1", expected, current });

describe("the adapter's errors", () => {
  it("an error without a code (no more): each names a stable code beside its message", () => {
    expect([
      new EventStoreDBDataError("bad event").code,
      new EventStoreDBServerVersionError("too old").code,
    ]).toEqual(["EVENTSTOREDB_DATA", "SERVER_VERSION_UNSUPPORTED"]);
  });
});

describe("wrongExpectedRevisionFromServer", () => {
  it("keeps the caller's expectation and takes the server's actual revision as a number", () => {
    expect(wrongExpectedRevisionFromServer(wrongVersion(3n, 7n), "HZ-1", 3)).toEqual({
      code: "WRONG_EXPECTED_REVISION",
      message: "HZ-1: expected revision 3, but the stream is at revision 7",
      hazardId: "HZ-1",
      expected: 3,
      actual: 7,
    });
  });

  it('maps actualVersion "no_stream" to "no_stream"', () => {
    expect(wrongExpectedRevisionFromServer(wrongVersion(0n, "no_stream"), "HZ-1", 0)).toMatchObject({
      expected: 0,
      actual: "no_stream",
    });
    expect(
      wrongExpectedRevisionFromServer(wrongVersion("stream_exists", "no_stream"), "HZ-1", "stream_exists"),
    ).toMatchObject({
      expected: "stream_exists",
      actual: "no_stream",
    });
  });

  it("maps the actual revision of a no_stream expectation", () => {
    expect(wrongExpectedRevisionFromServer(wrongVersion("no_stream", 0n), "HZ-1", "no_stream")).toMatchObject(
      {
        expected: "no_stream",
        actual: 0,
      },
    );
  });
});

describe("error recognition", () => {
  it("recognises the client's errors by class and by their type tag (another copy of the client)", () => {
    expect(isWrongExpectedVersionError(wrongVersion(1n, 2n))).toBe(true);
    expect(isWrongExpectedVersionError({ type: "wrong-expected-version" })).toBe(true);
    expect(isWrongExpectedVersionError(new UnavailableError())).toBe(false);
    expect(isStreamNotFoundError(new StreamNotFoundError(undefined, "hazard-HZ-1"))).toBe(true);
    expect(isStreamNotFoundError({ type: "stream-not-found" })).toBe(true);
    expect(isStreamNotFoundError(new Error("stream-not-found"))).toBe(false);
  });

  it("retries a dropped subscription, but not what retrying cannot fix", () => {
    expect(isRetryableSubscriptionError(new UnavailableError())).toBe(true);
    expect(isRetryableSubscriptionError(new Error("socket hang up"))).toBe(true);
    expect(isRetryableSubscriptionError(new AccessDeniedError())).toBe(false);
    expect(isRetryableSubscriptionError(new InvalidArgumentError("bad filter"))).toBe(false);
    expect(isRetryableSubscriptionError(new EventStoreDBDataError("corrupt"))).toBe(false);
  });
});
