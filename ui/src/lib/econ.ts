// The economics parameters as the forms type them: the defaults in Settings and each
// assessment's own (EconParams) have the same fields, checks and conversions.

import { z } from "zod";
import type { Lang } from "../backend/types";
import { numberText } from "./number";
import type { NumSpec } from "./raw";
import { numText } from "./schema";

/** `discount_rate` is the text typed in per cent (Rust stores the fraction: raw `percent`);
 * `grid_ef_year` is `""` for the default year. */
export type EconValues = { discount_rate: string; life_years: string; grid_ef_year: string };

/** The instant checks of the economics fields (spread into a form's `z.object`). */
export function econFields(lang: Lang) {
  return {
    discount_rate: numText(lang, { required: true, min: 0, max: 100 }),
    life_years: numText(lang, { required: true, integer: true, min: 1, max: 50 }),
    grid_ef_year: z.string(),
  };
}

/** The texts the economics fields start with. */
export function econValues(
  e: { discount_rate: number; life_years: number; grid_ef_year: number | null },
  lang: Lang,
): EconValues {
  return {
    discount_rate: numberText(Math.round(e.discount_rate * 100 * 1e6) / 1e6, lang),
    life_years: numberText(e.life_years, lang, true),
    grid_ef_year: e.grid_ef_year === null ? "" : String(e.grid_ef_year),
  };
}

/** The numeric economics fields, sent as `raw` texts. */
export const ECON_NUMBERS: NumSpec[] = [
  { path: "discount_rate", percent: true, required: true },
  { path: "life_years", integer: true, required: true },
];

/** The grid factor year chosen in a select (`""`: the default year, `null`). */
export function gridYearOf(text: string): number | null {
  return text === "" ? null : Number(text);
}
