// The words for Rust's payback and IRR results (the app's option results and the portal's
// assessment page show them alike).
import type { TFunction } from "i18next";
import type { Irr, Lang, Payback } from "../backend/types";
import { fmtNumber, fmtPercent } from "./format";

/** A payback in years, or why there is none. */
export function paybackText(p: Payback, t: TFunction, lang: Lang): string {
  // A known zero investment with savings pays back at once.
  if (p.kind === "years") return p.years === 0 ? t("option.paybackNow") : t("option.years", { value: fmtNumber(p.years, lang, 1) });
  if (p.kind === "no_investment") return t("option.noInvestment");
  if (p.kind === "no_savings") return t("option.noSavingsData");
  return t("option.noPayback");
}

/** An IRR, or why there is none. */
export function irrText(irr: Irr, t: TFunction, lang: Lang): string {
  if (irr.kind === "unique") return fmtPercent(irr.rate, lang, 1);
  if (irr.kind === "multiple") return irr.rates.map((x) => fmtPercent(x, lang, 1)).join("; ");
  if (irr.kind === "above_max") return t("option.irrAboveMax");
  if (irr.kind === "no_investment") return t("option.noInvestment");
  if (irr.kind === "no_savings") return t("option.noSavingsData");
  return t("option.noIrr");
}
