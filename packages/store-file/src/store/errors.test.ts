import { describe, expect, it } from "vitest";
import { LockTimeoutError } from "../lock/writerLock.js";
import { StoreCorruptError } from "./errors.js";
import { LedgerManifestError, LedgerSettingsConflictError } from "./ledgerManifest.js";
import { LedgerPathError } from "./ledgerPath.js";

const settings = {
  timeZone: "Asia/Shanghai",
  hashAlgorithm: "sha256",
  createdAt: "2024-01-01T00:00:00Z",
  createdBy: "init",
} as const;

describe("the file store's errors", () => {
  it("an error without a code (no more): each names a stable code beside its message", () => {
    const codes = [
      new StoreCorruptError("/ledger", { segment: 1, offset: 0, message: "bad checksum" }).code,
      new LockTimeoutError("held", undefined, "/ledger", "/ledger/writer.lock").code,
      new LedgerManifestError("/ledger", "broken").code,
      new LedgerSettingsConflictError("/ledger", settings, { ...settings, timeZone: "UTC" }).code,
      new LedgerPathError("NO_LEDGER", "/ledger", "no ledger").code,
    ];
    expect(codes).toEqual([
      "STORE_CORRUPT",
      "LOCK_TIMEOUT",
      "BAD_MANIFEST",
      "LEDGER_SETTINGS_CONFLICT",
      "NO_LEDGER",
    ]);
  });
});
