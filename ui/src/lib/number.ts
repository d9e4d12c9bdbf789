// Numbers as people type them, mirroring `sxsh_domain::format::parse_number` exactly so the
// UI and Rust agree on what a text means: vi `1.234.567,5`, en `1,234,567.5`; spaces
// (also non-breaking) may group thousands; a leading `-` or `+` is kept.

import type { Lang } from "../backend/types";

export type ParseResult = { ok: true; value: number | null } | { ok: false };

const SPACES = /[ \u00a0\u202f]/g;

function marks(lang: Lang): { group: string; point: string } {
  return lang === "vi" ? { group: ".", point: "," } : { group: ",", point: "." };
}

const isDigits = (s: string) => s.length > 0 && /^[0-9]+$/.test(s);

/** Parses `text` in `lang`. Empty text is `{ok: true, value: null}`. */
export function parseNumber(text: string, lang: Lang): ParseResult {
  const { group, point } = marks(lang);
  const t = text.trim().replace(SPACES, "");
  if (t === "") return { ok: true, value: null };
  let sign = "";
  let body = t;
  if (body.startsWith("-")) {
    sign = "-";
    body = body.slice(1);
  } else if (body.startsWith("+")) {
    body = body.slice(1);
  }
  const at = body.indexOf(point);
  const int = at >= 0 ? body.slice(0, at) : body;
  const frac = at >= 0 ? body.slice(at + 1) : null;
  const groups = int.split(group);
  const first = groups[0] ?? "";
  const groupedOk = groups.slice(1).every((g) => g.length === 3 && isDigits(g));
  const intOk =
    (isDigits(first) || (first === "" && frac !== null && !int.includes(group))) && groupedOk;
  const fracOk = frac === null || isDigits(frac);
  if (!intOk || !fracOk) return { ok: false };
  const plain = `${sign}${int === "" ? "0" : int.split(group).join("")}.${frac ?? "0"}`;
  const v = Number(plain);
  if (!Number.isFinite(v)) return { ok: false };
  return { ok: true, value: v };
}

export function localeOf(lang: Lang): string {
  return lang === "vi" ? "vi-VN" : "en-GB";
}

const numberFormats = new Map<string, Intl.NumberFormat>();

/** One `Intl.NumberFormat` per language and number of decimals, made once: making one costs
 * far more than formatting with it (a long worksheet formats thousands of numbers). */
export function numberFormat(lang: Lang, maxDecimals: number): Intl.NumberFormat {
  const key = `${lang}:${maxDecimals}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(localeOf(lang), { useGrouping: true, maximumFractionDigits: maxDecimals });
    numberFormats.set(key, f);
  }
  return f;
}

/** How a number is written back into an input after blur: grouped, every decimal kept. */
export function formatForInput(value: number, lang: Lang, integer = false): string {
  if (!Number.isFinite(value)) return "";
  return numberFormat(lang, integer ? 0 : 10).format(value);
}

/** Reformats typed text on blur: a valid number is written in the display format, anything
 * else (empty, invalid) is left exactly as typed. */
export function reformat(text: string, lang: Lang, integer = false): string {
  const p = parseNumber(text, lang);
  if (!p.ok || p.value === null) return text;
  if (integer && !Number.isInteger(p.value)) return text;
  return formatForInput(p.value, lang, integer);
}

/** The text an input starts with for a stored number. */
export function numberText(value: number | null | undefined, lang: Lang, integer = false): string {
  return value === null || value === undefined ? "" : formatForInput(value, lang, integer);
}
