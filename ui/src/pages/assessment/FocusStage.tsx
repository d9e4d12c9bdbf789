import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { z } from "zod";
import { errorAt } from "../../lib/errors";
import type { AssessmentDocument } from "../../backend/types";
import { Field } from "../../components/Field";
import { fmtFigure, fmtMoney, fmtNumber } from "../../lib/format";
import { useLang } from "../../lib/hooks";
import { longText } from "../../lib/schema";
import { useAssessmentPart } from "./useAssessmentPart";
import { useCalcs } from "./useCalcs";

type Values = { focus_recommendation: string; next_steps: string };
const schema = z.object({ focus_recommendation: longText(), next_steps: longText() }) as unknown as z.ZodType<Values>;

function OptionsSummary({ doc }: { doc: AssessmentDocument }) {
  const { t } = useTranslation();
  const lang = useLang();
  const calcs = useCalcs(doc.assessment.id);
  const results = new Map((calcs.data?.options ?? []).map((o) => [o.option_id, o.result]));
  if (doc.options.length === 0) {
    return (
      <p className="muted">
        {t("focus.noOptions")} <Link to={`/assessment/${doc.assessment.id}/d`}>{t("stages.d.short")}</Link>
      </p>
    );
  }
  return (
    <table className="table" data-testid="focus-options">
      <thead>
        <tr>
          <th>{t("option.title")}</th>
          <th>{t("option.selected")}</th>
          <th className="num">{t("option.investment")}</th>
          <th className="num">{t("option.netSavings")}</th>
          <th className="num">{t("option.payback")}</th>
          <th className="num">{t("option.co2")}</th>
        </tr>
      </thead>
      <tbody>
        {doc.options.map((o) => {
          const r = results.get(o.id);
          const p = r?.economics.payback;
          return (
            <tr key={o.id}>
              <td>{o.title || "…"}</td>
              <td>{o.selected ? "✓" : ""}</td>
              <td className="num">{fmtMoney(o.investment_vnd, lang)}</td>
              <td className="num">{r ? fmtMoney(r.economics.annual_net_savings_vnd, lang) : "–"}</td>
              <td className="num">{p ? (p.kind === "years" ? t("option.years", { value: fmtNumber(p.years, lang, 1) }) : t("option.noPayback")) : "–"}</td>
              <td className="num">{r ? fmtFigure(r.impact.tco2, lang) : "–"}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function FocusStage({ doc }: { doc: AssessmentDocument }) {
  const { t } = useTranslation();
  const { form } = useAssessmentPart<Values>({
    doc,
    schema,
    values: (x) => ({ focus_recommendation: x.focus_recommendation, next_steps: x.next_steps }),
    patch: (v) => ({ focus_recommendation: v.focus_recommendation, next_steps: v.next_steps }),
  });
  const { register, formState } = form;
  const err = (n: keyof Values) => errorAt(formState.errors, n);
  return (
    <>
      <section className="card">
        <h3 className="card__title">{t("focus.options")}</h3>
        <OptionsSummary doc={doc} />
      </section>
      <section className="card">
        <Field label={t("focus.recommendation")} htmlFor="focus-rec" error={err("focus_recommendation")} testId="focus-recommendation" hint={t("focus.recommendationHint")}>
          <textarea id="focus-rec" rows={5} {...register("focus_recommendation")} data-testid="focus-recommendation" />
        </Field>
        <Field label={t("focus.nextSteps")} htmlFor="next-steps" error={err("next_steps")} testId="next-steps" hint={t("focus.nextStepsHint")}>
          <textarea id="next-steps" rows={5} {...register("next_steps")} data-testid="next-steps" />
        </Field>
      </section>
    </>
  );
}
