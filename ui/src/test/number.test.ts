import { describe, expect, it } from "vitest";
import { formatForInput, parseNumber, reformat } from "../lib/number";

const ok = (value: number | null) => ({ ok: true, value });

describe("parseNumber (same rules as sxsh_domain::format::parse_number)", () => {
  it.each([
    ["1.234.567,5", 1234567.5],
    ["1234,5", 1234.5],
    ["12", 12],
    ["-3,25", -3.25],
    ["+7", 7],
    [",5", 0.5],
    ["1 234 567", 1234567],
    ["1\u00a0234,5", 1234.5],
    ["2.000", 2000],
  ])("vi %s", (text, value) => {
    expect(parseNumber(text, "vi")).toEqual(ok(value));
  });

  it.each([
    ["1,234,567.5", 1234567.5],
    ["1234.5", 1234.5],
    ["-0.25", -0.25],
    [".5", 0.5],
    ["2,000", 2000],
  ])("en %s", (text, value) => {
    expect(parseNumber(text, "en")).toEqual(ok(value));
  });

  it("empty or blank text is no number", () => {
    expect(parseNumber("", "vi")).toEqual(ok(null));
    expect(parseNumber("   ", "en")).toEqual(ok(null));
  });

  it.each(["12abc", "1,2,3", "1.23", "1.2345", "1,5,0", "1.234,5,6", "--1", "1e5", "abc", ".", "1..000", "-"])(
    "vi rejects %s",
    (text) => {
      expect(parseNumber(text, "vi").ok).toBe(false);
    },
  );

  it.each(["1.2.3", "1,23", "12,5", "1.5.0", "1.", "1e400", "NaN", "abc"])("en rejects %s", (text) => {
    expect(parseNumber(text, "en").ok).toBe(false);
  });

  it("the same text means different numbers in vi and en", () => {
    expect(parseNumber("1.234", "vi")).toEqual(ok(1234));
    expect(parseNumber("1.234", "en")).toEqual(ok(1.234));
  });
});

describe("formatting for inputs", () => {
  it("groups thousands and keeps every decimal", () => {
    expect(formatForInput(1234567.5, "vi")).toBe("1.234.567,5");
    expect(formatForInput(1234567.5, "en")).toBe("1,234,567.5");
    expect(formatForInput(0.000125, "vi")).toBe("0,000125");
  });

  it("reformat leaves invalid or empty text as typed", () => {
    expect(reformat("12abc", "vi")).toBe("12abc");
    expect(reformat("", "vi")).toBe("");
    expect(reformat("1234,5", "vi")).toBe("1.234,5");
    expect(reformat("2500", "en", true)).toBe("2,500");
    expect(reformat("2,5", "vi", true)).toBe("2,5");
  });
});
