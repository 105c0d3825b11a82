// #region conformance
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describeEventStoreConformance } from "@hazard-ledger/testing";
import { afterAll } from "vitest";
import { openFileEventStore } from "./fileEventStore.js";

const root = mkdtempSync(path.join(tmpdir(), "store-file-conformance-"));
let n = 0;
afterAll(() => rmSync(root, { recursive: true, force: true }));

// fsync stays on: the suite is also the test of the durable write path.
describeEventStoreConformance("file store", () => openFileEventStore(path.join(root, `s${n++}`)));
// #endregion conformance
