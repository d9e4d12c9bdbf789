// Instant checks of form texts. Messages are field error codes (the same codes Rust uses),
// translated where they are shown.

import { z } from "zod";
import type { Lang } from "../backend/types";
import { parseDate } from "./dates";
import { errorToken } from "./errors";
import { parseNumber } from "./number";

export const MAX_NAME = 500;
export const MAX_TEXT = 20000;

export interface NumOpts {
  required?: boolean;
  integer?: boolean;
  /** Allow values below zero (e.g. a change in operating cost). */
  signed?: boolean;
  min?: number;
  max?: number;
}

/** A number typed as text in `lang`. */
export function numText(lang: Lang, o: NumOpts = {}) {
  return z.string().superRefine((text, ctx) => {
    const p = parseNumber(text, lang);
    if (!p.ok) {
      ctx.addIssue({ code: "custom", message: "not_a_number" });
      return;
    }
    if (p.value === null) {
      if (o.required) ctx.addIssue({ code: "custom", message: "required" });
      return;
    }
    if (o.integer && !Number.isInteger(p.value)) {
      ctx.addIssue({ code: "custom", message: "not_a_number" });
      return;
    }
    if (!o.signed && p.value < 0) {
      ctx.addIssue({ code: "custom", message: "negative" });
      return;
    }
    if ((o.min !== undefined && p.value < o.min) || (o.max !== undefined && p.value > o.max)) {
      // The same limits Rust states, so the message can say them.
      ctx.addIssue({ code: "custom", message: errorToken({ code: "out_of_range", min: o.min, max: o.max }) });
    }
  });
}

/** A one-line name; `required` → not blank. */
export function nameText(required = false) {
  const s = z.string().max(MAX_NAME, errorToken({ code: "too_long", max: MAX_NAME }));
  return required ? s.refine((v) => v.trim().length > 0, "required") : s;
}

export function longText(required = false) {
  const s = z.string().max(MAX_TEXT, errorToken({ code: "too_long", max: MAX_TEXT }));
  return required ? s.refine((v) => v.trim().length > 0, "required") : s;
}

/** A date typed as dd/mm/yyyy (or yyyy-mm-dd). */
export function dateText() {
  return z.string().refine((v) => parseDate(v).ok, "invalid_date");
}

/** The number a valid text stands for (`null` when empty or invalid). */
export function num(text: string, lang: Lang): number | null {
  const p = parseNumber(text, lang);
  return p.ok ? p.value : null;
}
