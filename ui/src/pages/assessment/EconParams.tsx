import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { errorAt } from "../../lib/errors";
import type { AssessmentCalcs, AssessmentDocument, FactorUsed, Lang } from "../../backend/types";
import { Field } from "../../components/Field";
import { RhfNumber } from "../../components/FormInputs";
import { fmtNumber } from "../../lib/format";
import { useLang, useReference } from "../../lib/hooks";
import { numberText } from "../../lib/number";
import { numText } from "../../lib/schema";
import { useAssessmentPart } from "./useAssessmentPart";

/** The grid emission factor the options' CO2 figures used (from their factor lists). */
export function gridFactorUsed(calcs: AssessmentCalcs | undefined): FactorUsed | null {
  for (const o of calcs?.options ?? []) {
    const f = o.result.impact.factors.find((x) => x.name.startsWith("grid"));
    if (f) return f;
  }
  return null;
}

/** `discount_rate` is the text typed in per cent; Rust stores the fraction (raw `percent`). */
type Values = { discount_rate: string; life_years: string; grid_ef_year: string };

function schemaFor(lang: Lang) {
  return z.object({
    discount_rate: numText(lang, { required: true, min: 0, max: 100 }),
    life_years: numText(lang, { required: true, integer: true, min: 1, max: 50 }),
    grid_ef_year: z.string(),
  }) as unknown as z.ZodType<Values>;
}

export function EconParams({ doc, grid }: { doc: AssessmentDocument; grid: FactorUsed | null }) {
  const { t } = useTranslation();
  const lang = useLang();
  const ref = useReference();
  const a = doc.assessment;
  const schema = useMemo(() => schemaFor(lang), [lang]);
  const { form } = useAssessmentPart<Values>({
    doc,
    schema,
    defaultValues: {
      discount_rate: numberText(Math.round(a.discount_rate * 100 * 1e6) / 1e6, lang),
      life_years: numberText(a.life_years, lang, true),
      grid_ef_year: a.grid_ef_year === null ? "" : String(a.grid_ef_year),
    },
    patch: (v) => ({
      grid_ef_year: v.grid_ef_year === "" ? null : Number(v.grid_ef_year),
    }),
    numbers: [
      { path: "discount_rate", percent: true, required: true },
      { path: "life_years", integer: true, required: true },
    ],
  });
  const { register, control, formState } = form;
  const err = (n: keyof Values) => errorAt(formState.errors, n);
  const years = ref.data?.grid_years ?? [];
  const def = ref.data?.default_grid_year;
  const chosen = a.custom_grid_ef !== null ? null : (a.grid_ef_year ?? def);
  const chosenValue = years.find((g) => g.year === chosen)?.value;

  return (
    <section className="card" data-testid="econ-params">
      <div className="grid grid--4">
        <Field label={t("econ.discountRate")} error={err("discount_rate")} testId="econ-discount-rate">
          <div className="with-unit">
            <RhfNumber control={control} name="discount_rate" lang={lang} testId="econ-discount-rate" ariaLabel={t("econ.discountRate")} />
            <span className="unit">%</span>
          </div>
        </Field>
        <Field label={t("econ.life")} error={err("life_years")} testId="econ-life">
          <div className="with-unit">
            <RhfNumber control={control} name="life_years" lang={lang} integer testId="econ-life" ariaLabel={t("econ.life")} />
            <span className="unit">{t("econ.years")}</span>
          </div>
        </Field>
        <Field label={t("econ.gridYear")} testId="econ-grid-year">
          <select {...register("grid_ef_year")} data-testid="econ-grid-year">
            <option value="">{t("econ.gridDefault", { year: def ?? "" })}</option>
            {years.map((g) => (
              <option key={g.year} value={String(g.year)}>
                {g.year} — {fmtNumber(g.value, lang, 4)} tCO₂/MWh{g.official ? "" : ` (${t("econ.unofficial")})`}
              </option>
            ))}
          </select>
        </Field>
        <div className="field">
          <span className="label-like">{t("econ.gridUsed")}</span>
          <div className="grid-used" data-testid="grid-factor-used">
            {grid ? (
              <>
                <strong>{fmtNumber(grid.value, lang, 4)}</strong> {grid.unit}
                {grid.year !== null ? ` · ${t("econ.year", { year: grid.year })}` : ` · ${t("econ.custom")}`}
                {!grid.verified ? ` · ${t("econ.unverified")}` : ""}
                <div className="muted small ellipsis" title={grid.source}>
                  {grid.source}
                </div>
              </>
            ) : chosen !== null && chosen !== undefined ? (
              <>
                <strong>{chosenValue !== undefined ? fmtNumber(chosenValue, lang, 4) : "–"}</strong> tCO₂/MWh · {t("econ.year", { year: chosen })}
              </>
            ) : (
              <>{t("econ.custom")}</>
            )}
          </div>
        </div>
      </div>
    </section>
  );
}
