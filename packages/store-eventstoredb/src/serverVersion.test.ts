import { describe, expect, it } from "vitest";
import { EventStoreDBServerVersionError, checkServerVersion, isAtLeastVersion } from "./serverVersion.js";

const clientOf = (serverVersion: string) => ({ capabilities: Promise.resolve({ serverVersion }) });

describe("isAtLeastVersion", () => {
  it("compares major.minor.patch as numbers", () => {
    expect(isAtLeastVersion("22.6.0", "22.6.0")).toBe(true);
    expect(isAtLeastVersion("22.10.1", "22.6.0")).toBe(true);
    expect(isAtLeastVersion("25.0.0", "22.6.0")).toBe(true);
    expect(isAtLeastVersion("22.4.9", "22.6.0")).toBe(false);
    expect(isAtLeastVersion("21.10.0", "22.6.0")).toBe(false);
    expect(isAtLeastVersion("unknown", "22.6.0")).toBe(false);
  });
});

describe("checkServerVersion", () => {
  it("accepts 22.6 and later, and a client that does not say", async () => {
    await expect(checkServerVersion(clientOf("22.6.0"))).resolves.toBeUndefined();
    await expect(checkServerVersion(clientOf("24.10.2"))).resolves.toBeUndefined();
    await expect(checkServerVersion({})).resolves.toBeUndefined();
  });

  it("refuses an older server, or one without ServerFeatures, naming the version and why", async () => {
    await expect(checkServerVersion(clientOf("21.10.5"))).rejects.toThrow(EventStoreDBServerVersionError);
    await expect(checkServerVersion(clientOf("21.10.5"))).rejects.toThrow(
      /EventStoreDB 21\.10\.5; this store needs EventStoreDB 22\.6 or later, or KurrentDB/,
    );
    await expect(checkServerVersion(clientOf("unknown"))).rejects.toThrow(/no ServerFeatures service/);
  });
});
