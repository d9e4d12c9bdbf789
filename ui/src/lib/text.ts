// Vietnamese text rules: accent folding for search (as `sxsh_domain::text::fold`) and
// Vietnamese collation for every local sort.

/** NFD, combining marks removed, đ/Đ → d, lower case, whitespace collapsed, trimmed.
 * `fold("Làng gốm Kim Lan") === "lang gom kim lan"`, `fold("Đa Sỹ") === "da sy"`. */
export function fold(s: string): string {
  return s
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}

/** True when every word of `query` (folded) occurs in `haystack` (folded). */
export function matchesFolded(haystack: string, query: string): boolean {
  const h = fold(haystack);
  return fold(query)
    .split(" ")
    .filter((w) => w.length > 0)
    .every((w) => h.includes(w));
}

const collator = new Intl.Collator("vi", { sensitivity: "base", numeric: true });

/** Compares two texts in Vietnamese order. */
export function compareVi(a: string, b: string): number {
  return collator.compare(a, b);
}

/** A copy of `items` sorted in Vietnamese order of `key`. */
export function sortVi<T>(items: readonly T[], key: (t: T) => string): T[] {
  return [...items].sort((a, b) => compareVi(key(a), key(b)));
}

/** NFC, as Rust stores text. */
export function nfc(s: string): string {
  return s.normalize("NFC");
}
