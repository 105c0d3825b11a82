import type { EventStore } from "@hazard-ledger/core";
import type { Either } from "fp-ts/lib/Either.js";
import { describe, expect, expectTypeOf, it } from "vitest";
import * as api from "./index.js";
import { type OpenStoreError, openStore } from "./index.js";

describe("the public surface of @hazard-ledger/open-store", () => {
  it("is openStore and the location parser", () => {
    expect(Object.keys(api).sort()).toEqual(["openStore", "parseStoreLocation"]);
  });

  it("opens a store as a value, never as a throw", () => {
    expectTypeOf(openStore).returns.resolves.toEqualTypeOf<Either<OpenStoreError, EventStore>>();
    expectTypeOf<OpenStoreError["code"]>().toEqualTypeOf<
      "INVALID_LOCATION" | "STORE_NOT_INSTALLED" | "OPEN_FAILED"
    >();
    // Checked by the compiler only: calling them would open stores (or reject) at run time.
    // @ts-expect-error: a location is text (a directory, memory: or a connection string)
    expectTypeOf(openStore).toBeCallableWith({ dir: "ledger" });
    // @ts-expect-error: only a file store can be opened to read, and only "read" or "write"
    expectTypeOf(openStore).toBeCallableWith("memory:", { mode: "append" });
    expectTypeOf(openStore).toBeCallableWith("memory:", { mode: "read" });
  });
});
