import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { ledgerModelProperty } from "@hazard-ledger/testing";
import fc from "fast-check";
import { afterAll, describe, it } from "vitest";
import { openFileEventStore } from "./fileEventStore.js";

const root = mkdtempSync(path.join(tmpdir(), "store-file-model-"));
let n = 0;
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("the file store under the command handler, against the model", () => {
  it("answers as the pure decider, loses nothing across restarts, keeps every invariant after each step", async () => {
    // fsync off: the durable write path is the conformance suite's; this is about the logic.
    const open = () => openFileEventStore(path.join(root, `m${n++}`), { fsync: false });
    await fc.assert(
      ledgerModelProperty({
        open,
        reopen: async (store) => {
          await store.close();
          return openFileEventStore(store.dir, { fsync: false });
        },
        hazards: 3,
        maxCommands: 25,
      }),
      { numRuns: 25 },
    );
  });
});
