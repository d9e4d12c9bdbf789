// Building a row and its `raw` texts from form values (docs/ui-rpc.md): each numeric field
// goes as the text typed, Rust parses it in the settings' language; the row carries the
// last good number, replaced by the parsed one when the text is valid.

import type { Lang, RawNumber } from "../backend/types";
import type { RawMap } from "./api";
import { parseNumber } from "./number";

export interface NumSpec {
  /** Path in the row and in the form values, dot-separated (`savings.0.quantity`). */
  path: string;
  integer?: boolean;
  required?: boolean;
  /** Typed as a percentage of a field stored as a fraction ("10" → 0.10); Rust divides. */
  percent?: boolean;
}

function getPath(obj: unknown, path: string): unknown {
  return path.split(".").reduce<unknown>((o, k) => (o == null ? undefined : (o as Record<string, unknown>)[k]), obj);
}

function setPath(obj: unknown, path: string, value: unknown): void {
  const parts = path.split(".");
  let o = obj as Record<string, unknown>;
  for (const p of parts.slice(0, -1)) {
    if (o[p] == null || typeof o[p] !== "object") return;
    o = o[p] as Record<string, unknown>;
  }
  o[parts[parts.length - 1]] = value;
}

/** Writes the numbers of `values` into (a copy of) `row` and returns it with `raw`. */
export function withRaw<R extends object>(
  row: R,
  values: object,
  specs: NumSpec[],
  lang: Lang,
): { row: R; raw: RawMap } {
  const out = structuredClone(row) as R;
  const raw: RawMap = {};
  for (const s of specs) {
    const text = String(getPath(values, s.path) ?? "");
    const entry: RawNumber = { text, integer: !!s.integer, required: !!s.required, percent: !!s.percent };
    raw[s.path] = entry;
    const p = parseNumber(text, lang);
    if (p.ok && (p.value !== null || !s.required)) {
      const value = p.value === null ? null : s.integer ? Math.round(p.value) : s.percent ? p.value / 100 : p.value;
      setPath(out, s.path, value);
    }
  }
  return { row: out, raw };
}

/** Unit codes by the dimension Rust checks (`sxsh_domain::units`). */
export const UNIT_DIMENSION: Record<string, string> = {
  kg: "mass",
  t: "mass",
  L: "volume",
  m3: "volume",
  hl: "volume",
  "1000m3": "volume",
  kWh: "energy",
  MWh: "energy",
  MJ: "energy",
  GJ: "energy",
  TOE: "energy",
  VND: "money",
  pcs: "count",
  h: "time",
  day: "time",
  m2: "area",
  kW: "power",
  "%": "ratio",
};

/** The units that fit a flow category or saved resource (all when any fits). */
export function unitsFor(kind: string, all: string[]): string[] {
  const want: Record<string, string[]> = {
    electricity: ["energy"],
    water: ["volume"],
    wastewater: ["volume"],
    other: ["money"],
    fuel: ["mass", "volume", "energy"],
    raw_material: ["mass", "volume", "count", "area"],
    auxiliary: ["mass", "volume", "count", "area"],
    product: ["mass", "volume", "count", "area"],
    by_product: ["mass", "volume", "count"],
    solid_waste: ["mass", "volume"],
    material: ["mass", "volume", "count", "area"],
  };
  const dims = want[kind];
  if (!dims) return all;
  return all.filter((u) => dims.includes(UNIT_DIMENSION[u] ?? ""));
}

/** The unit a new line of this kind starts with (from the units that fit it). */
export function preferredUnit(kind: string, fit: string[]): string {
  const pref: Record<string, string> = {
    electricity: "kWh",
    water: "m3",
    wastewater: "m3",
    fuel: "kg",
    raw_material: "t",
    product: "t",
    material: "t",
    other: "VND",
  };
  const p = pref[kind];
  return p && fit.includes(p) ? p : (fit[0] ?? "");
}
