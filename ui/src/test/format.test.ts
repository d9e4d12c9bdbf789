import { describe, expect, it } from "vitest";
import { fmtFigure, typesetUnit } from "../lib/format";

// The same cases as sxsh_domain::format's tests: one rule in Rust (reports) and in the UI.
describe("computed figures", () => {
  it("have three significant figures and keep whole units", () => {
    const cases: [number, string][] = [
      [30238.1, "30.238"],
      [158.73, "159"],
      [16.6667, "16,7"],
      [0.28346, "0,283"],
      [7.6114, "7,61"],
      [0.0001543, "0,000154"],
      [2527, "2.527"],
      [500, "500"],
      [0, "0"],
      [-1.23456, "-1,23"],
    ];
    for (const [v, vi] of cases) expect(fmtFigure(v, "vi"), String(v)).toBe(vi);
    expect(fmtFigure(16.6667, "en")).toBe("16.7");
  });
});

describe("units", () => {
  it("are typeset with the report font's glyphs", () => {
    const cases: [string, string][] = [
      ["m3", "m³"],
      ["m3/t starch", "m³/t starch"],
      ["1000m3", "1000 m³"],
      ["tCO2/MWh", "tCO₂/MWh"],
      ["kgCO2e/t", "kgCO₂e/t"],
      ["m2", "m²"],
      ["MJ/t", "MJ/t"],
      ["mm3x", "mm3x"],
      ["kWh", "kWh"],
    ];
    for (const [code, shown] of cases) expect(typesetUnit(code), code).toBe(shown);
  });
});
