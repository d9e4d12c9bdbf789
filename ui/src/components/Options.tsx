// The <option>s of the selects in the forms.

import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import type { GridYear, Lang, Named } from "../backend/types";
import { COAL_GRADES } from "../backend/types";
import { fmtNumber } from "../lib/format";

/** An `<option>` for each of `values`, shown as `label(value)` (its translation). */
export function Options<T extends string>({ values, label }: { values: readonly T[]; label: (value: T) => string }) {
  return (
    <>
      {values.map((v) => (
        <option key={v} value={v}>
          {label(v)}
        </option>
      ))}
    </>
  );
}

/** An `<option>` for each coded reference entry (sector, fuel), named in `lang`. */
export function NamedOptions({ list, lang }: { list: readonly Named[]; lang: Lang }) {
  return (
    <>
      {list.map((x) => (
        <option key={x.code} value={x.code}>
          {lang === "vi" ? x.name_vi : x.name_en}
        </option>
      ))}
    </>
  );
}

/** A unit's display name: its translation, or the unit code itself (`kWh`). */
export function unitName(t: TFunction, unit: string): string {
  return t(`unit.${unit}`, { defaultValue: unit });
}

/** The choices of a unit select (RhfSelect): none (`–`), then `units` by name. */
export function unitChoices(t: TFunction, units: readonly string[]): { value: string; label: string }[] {
  return [{ value: "", label: "–" }, ...units.map((u) => ({ value: u, label: unitName(t, u) }))];
}

/** The `<option>`s of the grid emission factor year: the default year (`""`), then each
 * year with its factor (unofficial ones marked). */
export function GridYearOptions({ years, defaultYear, lang }: { years: readonly GridYear[]; defaultYear: number | undefined; lang: Lang }) {
  const { t } = useTranslation();
  return (
    <>
      <option value="">{t("econ.gridDefault", { year: defaultYear ?? "" })}</option>
      {years.map((g) => (
        <option key={g.year} value={String(g.year)}>
          {g.year} — {fmtNumber(g.value, lang, 4)} tCO₂/MWh{g.official ? "" : ` (${t("econ.unofficial")})`}
        </option>
      ))}
    </>
  );
}

/** The `<option>`s of a coal fines grade: the default (grade 3–4, empty) and each grade. */
export function CoalGradeOptions() {
  const { t } = useTranslation();
  return (
    <>
      <option value="">{t("option.coalGradeDefault")}</option>
      {COAL_GRADES.map((g) => (
        <option key={g} value={g}>
          {t("option.coalGradeN", { grade: g.replace("_", "–") })}
        </option>
      ))}
    </>
  );
}
