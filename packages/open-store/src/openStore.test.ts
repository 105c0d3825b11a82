import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type EventStore, commandOfEvent, decideContext, hazardCommandHandler } from "@hazard-ledger/core";
import { sampleReported } from "@hazard-ledger/testing";
import * as E from "fp-ts/lib/Either.js";
import { afterAll, describe, expect, it } from "vitest";
import { openStore } from "./openStore.js";
import { parseStoreLocation } from "./storeLocation.js";

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});
const tempDir = async () => {
  const dir = await mkdtemp(join(tmpdir(), "hazard-ledger-open-store-"));
  dirs.push(dir);
  return dir;
};

const storeOf = (opened: E.Either<{ message: string }, EventStore>): EventStore => {
  if (E.isLeft(opened)) throw new Error(opened.left.message);
  return opened.right;
};

const reportCommand = commandOfEvent(sampleReported("HZ-OPEN-1"));

describe("openStore", () => {
  it("opens the in-memory store for memory:", async () => {
    const store = storeOf(await openStore("memory:"));
    const handled = await hazardCommandHandler(store)(
      reportCommand,
      decideContext("2023-03-01T10:00:00+08:00"),
    );
    expect(E.isRight(handled)).toBe(true);
    expect(await store.streamRevision("HZ-OPEN-1")).toBe(0);
    await store.close();
  });

  it("opens the file store for a directory, and the same ledger again after a close", async () => {
    const dir = join(await tempDir(), "ledger");
    const store = storeOf(await openStore(dir));
    const handled = await hazardCommandHandler(store)(
      reportCommand,
      decideContext("2023-03-01T10:00:00+08:00"),
    );
    expect(E.isRight(handled)).toBe(true);
    await store.close();
    const again = storeOf(await openStore(dir, { mode: "read" }));
    expect(await again.streamRevision("HZ-OPEN-1")).toBe(0);
    await again.close();
  });

  it("gives the file store's refusal as a value: a file where a directory should be", async () => {
    const file = join(await tempDir(), "not-a-ledger");
    await writeFile(file, "hello");
    const opened = await openStore(file);
    expect(E.isLeft(opened) && opened.left.code).toBe("OPEN_FAILED");
  });

  it("opens the EventStoreDB store for esdb:// and kurrentdb:// without connecting yet", async () => {
    for (const location of ["esdb://localhost:1?tls=false", "kurrentdb://localhost:1?tls=false"]) {
      const opened = await openStore(location);
      expect(E.isRight(opened), location).toBe(true);
    }
  });

  it("names what is no location at all", async () => {
    for (const [location, reason] of [
      ["", "empty"],
      ["  ", "empty"],
      ["ftp://ledger.example", "unknown_scheme"],
      ["memory", undefined],
    ] as const) {
      const parsed = parseStoreLocation(location);
      if (reason === undefined) expect(parsed).toEqual(E.right({ kind: "file", dir: location }));
      else expect(E.isLeft(parsed) && parsed.left.reason).toBe(reason);
    }
    expect(parseStoreLocation("C:\\ledgers\\town")).toEqual(
      E.right({ kind: "file", dir: "C:\\ledgers\\town" }),
    );
    const opened = await openStore("ftp://ledger.example");
    expect(E.isLeft(opened) && opened.left.code).toBe("INVALID_LOCATION");
  });
});
