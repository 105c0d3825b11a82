import { buildDemoLedger } from "@hazard-ledger/cli";
import { getInMemoryEventStore, importEventLog, toEventLogLine, verifyAll } from "@hazard-ledger/core";
import type { EventStore } from "@hazard-ledger/core";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";

// The SM3 profile end to end in the library: a log sealed by an sm3 ledger is exported with
// its hashes, and a new sm3 ledger takes it back, checking every given hash with SM3.
const lines = buildDemoLedger({ hazards: 30, seed: 11 }).map((e) => JSON.stringify(e));
const now = "2024-06-01T00:00:00Z";
const sm3Store = () =>
  getInMemoryEventStore({
    settings: { timeZone: "Asia/Shanghai", hashAlgorithm: "sm3", createdBy: "init", createdAt: now },
  });

const exported = async (store: EventStore): Promise<string[]> => {
  const out: string[] = [];
  for await (const e of store.readAll()) out.push(toEventLogLine(e));
  return out;
};

describe("an sm3 ledger", () => {
  it("seals with SM3, verifies, exports, and a new sm3 ledger imports the export identically", async () => {
    const first = sm3Store();
    expect(E.isRight(await importEventLog(first, lines, { now }))).toBe(true);
    expect(await verifyAll(first.readAll(), "sm3")).toEqual([]);
    const log = await exported(first);

    const second = sm3Store();
    expect(await importEventLog(second, log, { now })).toMatchObject(E.right({ appended: log.length }));
    expect(await exported(second)).toEqual(log);

    const sha256 = getInMemoryEventStore();
    expect(E.isRight(await importEventLog(sha256, lines, { now }))).toBe(true);
    expect((await exported(sha256))[0]).not.toEqual(log[0]);
  });

  it("is refused by a sha256 ledger, which says the hashes are sm3 ones", async () => {
    const first = sm3Store();
    expect(E.isRight(await importEventLog(first, lines, { now }))).toBe(true);
    const log = await exported(first);
    const refused = await importEventLog(getInMemoryEventStore(), log, { now });
    expect(E.isLeft(refused) && refused.left.line).toBe(1);
    expect(E.isLeft(refused) && refused.left.message).toMatch(
      /^hash: does not match the content of \S+ seq 0 under this ledger's sha256; it is the sm3 hash: import the log into a ledger made with --hash sm3$/,
    );
  });
});
