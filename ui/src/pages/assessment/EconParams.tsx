import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { errorAt } from "../../lib/errors";
import type { AssessmentCalcs, AssessmentDocument, FactorUsed, Lang } from "../../backend/types";
import { Field } from "../../components/Field";
import { RhfNumber, WithUnit } from "../../components/FormInputs";
import { GridYearOptions } from "../../components/Options";
import { fmtNumber } from "../../lib/format";
import { useLang, useReference } from "../../lib/hooks";
import type { EconValues } from "../../lib/econ";
import { ECON_NUMBERS, econFields, econValues, gridYearOf } from "../../lib/econ";
import { useAssessmentPart } from "./useAssessmentPart";

/** The grid emission factor the options' CO2 figures used (from their factor lists). */
export function gridFactorUsed(calcs: AssessmentCalcs | undefined): FactorUsed | null {
  for (const o of calcs?.options ?? []) {
    const f = o.result.impact.factors.find((x) => x.name.startsWith("grid"));
    if (f) return f;
  }
  return null;
}

type Values = EconValues;

function schemaFor(lang: Lang) {
  return z.object(econFields(lang)) as unknown as z.ZodType<Values>;
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
    values: (x) => econValues(x, lang),
    patch: (v) => ({ grid_ef_year: gridYearOf(v.grid_ef_year) }),
    numbers: ECON_NUMBERS,
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
          <WithUnit unit="%">
            <RhfNumber control={control} name="discount_rate" lang={lang} testId="econ-discount-rate" ariaLabel={t("econ.discountRate")} />
          </WithUnit>
        </Field>
        <Field label={t("econ.life")} error={err("life_years")} testId="econ-life">
          <WithUnit unit={t("econ.years")}>
            <RhfNumber control={control} name="life_years" lang={lang} integer testId="econ-life" ariaLabel={t("econ.life")} />
          </WithUnit>
        </Field>
        <Field label={t("econ.gridYear")} testId="econ-grid-year">
          <select {...register("grid_ef_year")} data-testid="econ-grid-year">
            <GridYearOptions years={years} defaultYear={def} lang={lang} />
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
                <div className="muted small wrap-any">
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
