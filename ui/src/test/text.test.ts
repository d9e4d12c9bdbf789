import { describe, expect, it } from "vitest";
import { compareVi, fold, matchesFolded, sortVi } from "../lib/text";

describe("accent folding (as sxsh_domain::text::fold)", () => {
  it("strips marks, maps đ to d, lower-cases and collapses spaces", () => {
    expect(fold("Làng gốm Kim Lan")).toBe("lang gom kim lan");
    expect(fold("Đa Sỹ")).toBe("da sy");
    expect(fold("  Hộ   rèn\tNguyễn  Đức ")).toBe("ho ren nguyen duc");
    // Decomposed input folds the same.
    expect(fold("Đa Sỹ".normalize("NFD"))).toBe("da sy");
  });

  it("matches every word of the query, in any order", () => {
    expect(matchesFolded("Làng gốm Kim Lan", "kim lan")).toBe(true);
    expect(matchesFolded("Làng rèn Đa Sỹ", "da sy")).toBe(true);
    expect(matchesFolded("Hộ gốm Đào Việt Bình", "binh dao")).toBe(true);
    expect(matchesFolded("Hộ gốm Đào Việt Bình", "bat trang")).toBe(false);
    expect(matchesFolded("anything", "   ")).toBe(true);
  });
});

describe("Vietnamese collation", () => {
  it("sorts with Intl.Collator('vi')", () => {
    const names = ["Đa Sỹ", "Dương", "Bát Tràng", "Ân Thi", "An Hiệp", "Kim Lan"];
    const sorted = sortVi(names, (s) => s);
    // d before đ, a-words together, accents after the base letter.
    expect(sorted.indexOf("Dương")).toBeLessThan(sorted.indexOf("Đa Sỹ"));
    expect(sorted.indexOf("An Hiệp")).toBeLessThan(sorted.indexOf("Bát Tràng"));
    expect(sorted.indexOf("Ân Thi")).toBeLessThan(sorted.indexOf("Bát Tràng"));
    expect(compareVi("Kim Lan", "Kim Lan")).toBe(0);
  });
});
