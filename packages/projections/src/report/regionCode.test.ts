import { describe, expect, it } from "vitest";
import { canonicalRegionCode, regionAtLevel, regionCovers, significantPrefix } from "./regionCode.js";

describe("region codes", () => {
  it("strips the padding pairs of 6-digit codes only", () => {
    expect(significantPrefix("430000")).toBe("43");
    expect(significantPrefix("430100")).toBe("4301");
    expect(significantPrefix("430104")).toBe("430104");
    expect(significantPrefix("430104001")).toBe("430104001");
    expect(significantPrefix("430104001001")).toBe("430104001001");
  });

  it("reads 12-digit 统计用区划代码 with trailing zeros as the township or county they pad", () => {
    expect(canonicalRegionCode("430111008000")).toBe("430111008");
    expect(canonicalRegionCode("430111000000")).toBe("430111");
    expect(canonicalRegionCode("430111000")).toBe("430111");
    expect(canonicalRegionCode("430100000000")).toBe("430100");
    expect(canonicalRegionCode("430111008001")).toBe("430111008001");
    expect(significantPrefix("430104001000")).toBe("430104001");
    expect(significantPrefix("430100000000")).toBe("4301");
    expect(regionCovers("430104001000", "430104001002")).toBe(true);
    expect(regionCovers("430100000000", "430104001")).toBe(true);
    expect(regionAtLevel("430111000000", "township")).toBe("430111");
    expect(regionAtLevel("430111008000", "county")).toBe("430111");
  });

  it("lets a division cover the codes it prefixes and no others", () => {
    expect(regionCovers("430000", "430104001")).toBe(true);
    expect(regionCovers("430100", "430104001")).toBe(true);
    expect(regionCovers("430104", "430104001")).toBe(true);
    expect(regionCovers("430104", "430104")).toBe(true);
    expect(regionCovers("430104", "430105001")).toBe(false);
    expect(regionCovers("430100", "430200")).toBe(false);
    expect(regionCovers("430104001", "430104002")).toBe(false);
  });

  it("rolls a code up to the division at a level, leaving coarser codes as they are", () => {
    expect(regionAtLevel("430104001", "province")).toBe("430000");
    expect(regionAtLevel("430104001", "city")).toBe("430100");
    expect(regionAtLevel("430104001", "county")).toBe("430104");
    expect(regionAtLevel("430104001", "township")).toBe("430104001");
    expect(regionAtLevel("430104001002", "township")).toBe("430104001");
    expect(regionAtLevel("430100", "county")).toBe("430100");
    expect(regionAtLevel("430000", "city")).toBe("430000");
  });
});
