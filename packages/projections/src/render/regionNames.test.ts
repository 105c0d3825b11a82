import { describe, expect, it } from "vitest";
import { regionLabel, regionName, regionNamesFromTable, withOverrides } from "./regionNames.js";

const names = regionNamesFromTable("test", {
  "430000": "湖南省",
  "430100": "长沙市",
  "430111": "雨花区",
  "430121": "长沙县",
  "430111008": "洞井街道",
  "110000": "北京市",
  "110100": "市辖区",
  "110101": "东城区",
});

describe("region names", () => {
  it("a township by its own name, a county with its city, a city or province by its own", () => {
    expect(regionName("430111008", names)).toBe("洞井街道");
    expect(regionName("430111", names)).toBe("长沙市雨花区");
    expect(regionName("430121", names)).toBe("长沙市长沙县");
    expect(regionName("430100", names)).toBe("长沙市");
    expect(regionName("430000", names)).toBe("湖南省");
  });

  it("a municipality's district takes the province's name, not 市辖区", () => {
    expect(regionName("110101", names)).toBe("北京市东城区");
    expect(regionName("110100", names)).toBe("北京市");
  });

  it("reads codes of 6, 9 and 12 digits, padded or not", () => {
    expect(regionLabel("430111008000", names)).toBe("430111008000 洞井街道");
    expect(regionLabel("430111000000", names)).toBe("430111000000 长沙市雨花区");
    expect(regionLabel("430111000", names)).toBe("430111000 长沙市雨花区");
    expect(regionLabel("430100000000", names)).toBe("430100000000 长沙市");
  });

  it("prints the code alone when the names do not know it or none are given", () => {
    expect(regionLabel("430111999", names)).toBe("430111999");
    expect(regionLabel("430111008", undefined)).toBe("430111008");
  });

  it("overrides come first and name their source", () => {
    const mine = regionNamesFromTable("regions.json", {
      "430111008000": "洞井街道（新）",
      "430111999": "新设街道",
    });
    const both = withOverrides(names, mine);
    expect(regionLabel("430111008", both)).toBe("430111008 洞井街道（新）");
    expect(regionLabel("430111999", both)).toBe("430111999 新设街道");
    expect(regionLabel("430111", both)).toBe("430111 长沙市雨花区");
    expect(both.source).toBe("regions.json; test");
  });
});
