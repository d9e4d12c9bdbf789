import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import en from "../i18n/en.json";
import vi from "../i18n/vi.json";

type Tree = { [k: string]: string | Tree };

function flatten(t: Tree, prefix = ""): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(t)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === "string") out[key] = v;
    else Object.assign(out, flatten(v, key));
  }
  return out;
}

const fvi = flatten(vi as Tree);
const fen = flatten(en as Tree);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name: string) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === "test" ? [] : sourceFiles(p);
    return /\.(ts|tsx)$/.test(name) ? [p] : [];
  });
}

describe("i18n catalogs", () => {
  it("vi and en have exactly the same keys", () => {
    const a = Object.keys(fvi).sort();
    const b = Object.keys(fen).sort();
    expect(a.filter((k) => !(k in fen))).toEqual([]);
    expect(b.filter((k) => !(k in fvi))).toEqual([]);
    expect(a.length).toBeGreaterThan(200);
  });

  it("no text is empty and Vietnamese is NFC with its diacritics", () => {
    for (const [k, v] of Object.entries(fvi)) {
      expect(v.trim(), k).not.toBe("");
      expect(v, k).toBe(v.normalize("NFC"));
    }
    for (const [k, v] of Object.entries(fen)) expect(v.trim(), k).not.toBe("");
    expect(fvi["nav.home"]).toBe("Trang chủ");
    expect(fvi["saveState.error"]).toBe("Lỗi — chưa lưu");
  });

  it("the same {{placeholders}} in both languages", () => {
    const ph = (s: string) => (s.match(/\{\{\s*\w+\s*\}\}/g) ?? []).map((x) => x.replace(/\s/g, "")).sort();
    for (const k of Object.keys(fvi)) expect(ph(fen[k]), k).toEqual(ph(fvi[k]));
  });

  it("every literal key the code asks for exists", () => {
    const root = join(__dirname, "..");
    const used = new Set<string>();
    for (const f of sourceFiles(root)) {
      const src = readFileSync(f, "utf8");
      for (const m of src.matchAll(/\bt\(\s*"([a-zA-Z0-9_.]+)"/g)) used.add(m[1]);
      for (const m of src.matchAll(/\?\s*"([a-z]+\.[a-zA-Z0-9_.]+)"\s*:\s*"([a-z]+\.[a-zA-Z0-9_.]+)"/g)) {
        used.add(m[1]);
        used.add(m[2]);
      }
    }
    const missing = [...used].filter((k) => !(k in fvi) && !k.includes("${"));
    expect(missing).toEqual([]);
  });

  it("has a translation for every field error and API error code", () => {
    const fieldCodes = [
      "required", "too_long", "not_nfc", "not_finite", "negative", "out_of_range", "unknown_unit",
      "wrong_dimension", "invalid_date", "invalid_code", "invalid_id", "not_a_number", "not_an_image",
      "control_character", "heic_photo",
    ];
    for (const c of fieldCodes) expect(fvi[`fieldError.${c}`], c).toBeTruthy();
    const apiCodes = [
      "VALIDATION_FAILED", "INVALID_INPUT", "NOT_FOUND", "DUPLICATE", "DB_NEWER_VERSION", "DB_NOT_A_DATABASE",
      "DB_FOREIGN", "DB_CORRUPT", "DB_BUSY", "IMPORT_MALFORMED", "IMPORT_NEWER_VERSION", "BACKUP_CORRUPT",
      "BACKUP_NEWER_VERSION", "ATTACHMENT_MISSING", "FILE_TOO_LARGE", "IO", "INTERNAL", "DB_OLDER_VERSION",
      "DATA_DIR_IN_USE", "READ_ONLY", "DISK_FULL", "OUTPUT_TARGET_INVALID", "NOT_A_REGULAR_FILE", "FILE_NOT_FOUND",
      "PERMISSION_DENIED", "IMAGE_TOO_LARGE", "IMPORT_ID_CONFLICT", "CLOCK_SKEW", "IMPORT_DUPLICATE_ID", "OUTPUT_FAILED", "PARENT_DELETED",
      "ASSESSMENT_COMPLETED", "STAGE_INCOMPLETE",
    ];
    for (const c of apiCodes) expect(fvi[`apiError.${c}`], c).toBeTruthy();
  });
});
