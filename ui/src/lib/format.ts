// Display formats by language: numbers, money in đồng, dates.

import type { Lang } from "../backend/types";
import { localeOf, numberFormat } from "./number";

/** A quantity with up to `max` decimals (no trailing zeros). */
export function fmtNumber(value: number | null | undefined, lang: Lang, max = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  return numberFormat(lang, max).format(value);
}

/** About five significant digits, as the reports print measured quantities. */
export function fmtQuantity(value: number | null | undefined, lang: Lang): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  const abs = Math.abs(value);
  const decimals = abs === 0 ? 0 : Math.min(8, Math.max(0, 4 - Math.floor(Math.log10(abs))));
  return fmtNumber(value, lang, decimals);
}

/** A computed figure that is not money (an intensity, a benchmark compared with it, a total
 * of energy or CO₂): three significant figures, whole units never rounded away — the rule of
 * `sxsh_domain::format::format_figure`, with the same cases in test/format.test.ts. */
export function fmtFigure(value: number | null | undefined, lang: Lang): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  if (value === 0) return "0";
  const mag = Math.floor(Math.log10(Math.abs(value)));
  const decimals = Math.min(8, Math.max(0, 2 - mag));
  const scale = 10 ** decimals;
  return fmtNumber(Math.round(value * scale) / scale, lang, decimals);
}

/** A unit as it is printed (as `sxsh_domain::format::typeset_unit`): `m3` → `m³`, `m2` → `m²`,
 * `CO2` → `CO₂`, also inside `m3/t` or `tCO2/MWh`; `1000m3` → `1000 m³`. */
export function typesetUnit(unit: string): string {
  return unit
    .replace(/(^|[^A-Za-z])(\d*)m([23])(?![A-Za-z0-9])/g, (_m, pre: string, digits: string, p: string) => `${pre}${digits}${digits ? " " : ""}m${p === "2" ? "²" : "³"}`)
    .replace(/CO2/g, "CO₂");
}

/** Money in whole đồng: `1.234.567 đ` (vi), `1,234,567 VND` (en). */
export function fmtMoney(value: number | null | undefined, lang: Lang): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  const n = numberFormat(lang, 0).format(Math.round(value));
  return lang === "vi" ? `${n} đ` : `${n} VND`;
}

/** A fraction as a percentage: 0.1 → `10 %` (vi) / `10%` (en). */
export function fmtPercent(fraction: number | null | undefined, lang: Lang, max = 1): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return "–";
  const n = fmtNumber(fraction * 100, lang, max);
  return lang === "vi" ? `${n} %` : `${n}%`;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** One `Intl.DateTimeFormat` per language, with or without the time of day, made once. */
function dateFormat(lang: Lang, time: boolean): Intl.DateTimeFormat {
  const key = `${lang}:${time}`;
  let f = dateFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(localeOf(lang), {
      day: "2-digit",
      month: "2-digit",
      year: "numeric",
      ...(time ? { hour: "2-digit", minute: "2-digit" } : {}),
    });
    dateFormats.set(key, f);
  }
  return f;
}

/** `YYYY-MM-DD` or an RFC 3339 time as a date: `11/03/2025`. */
export function fmtDate(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return "–";
  const d = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(`${iso}T00:00:00`) : new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return dateFormat(lang, false).format(d);
}

/** An RFC 3339 time as date and time of day. */
export function fmtDateTime(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return "–";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return dateFormat(lang, true).format(d);
}

/** Bytes as KB / MB. */
export function fmtBytes(bytes: number, lang: Lang): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${fmtNumber(bytes / 1024, lang, 0)} KB`;
  return `${fmtNumber(bytes / (1024 * 1024), lang, 1)} MB`;
}
