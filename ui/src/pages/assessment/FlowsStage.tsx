import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import type { AssessmentDocument, SpecificLine } from "../../backend/types";
import { ErrorBox } from "../../components/ErrorBox";
import { unitName } from "../../components/Options";
import { fmtFigure, fmtNumber, fmtQuantity, typesetUnit } from "../../lib/format";
import { inLang, nameOf, useLang, useReference } from "../../lib/hooks";
import { FlowTable } from "./FlowTable";
import { useCalcs } from "./useCalcs";

function lineName(l: SpecificLine, t: (k: string) => string, fuelName: (code: string) => string) {
  const base = t(`specific.indicator.${l.indicator}`);
  return l.fuel_code ? `${base}: ${fuelName(l.fuel_code)}` : base;
}

export function Specific({ doc }: { doc: AssessmentDocument }) {
  const { t } = useTranslation();
  const lang = useLang();
  const ref = useReference();
  const calcs = useCalcs(doc.assessment.id);
  const a = doc.assessment;
  const fuelName = (code: string) => nameOf(ref.data?.fuels, code, lang);
  // Ranges in words, as the report says them.
  const range = (min: number | null, max: number | null) =>
    min !== null && max !== null && min !== max
      ? `${fmtFigure(min, lang)}–${fmtFigure(max, lang)}`
      : max !== null
        ? t("specific.atMost", { v: fmtFigure(max, lang) })
        : min !== null
          ? t("specific.atLeast", { v: fmtFigure(min, lang) })
          : "–";
  return (
    <section className="card" data-testid="specific">
      <div className="card__head">
        <h3 className="card__title">{t("specific.title")}</h3>
        {a.production_volume !== null ? (
          <span className="muted small">
            {t("specific.per", { volume: fmtQuantity(a.production_volume, lang), unit: unitName(t, a.production_unit) })}
          </span>
        ) : null}
      </div>
      {calcs.isError ? <ErrorBox error={calcs.error} onRetry={() => void calcs.refetch()} /> : null}
      {a.production_volume === null ? (
        <p className="muted">
          {t("specific.needProduction")} <Link to={`/assessment/${a.id}/a`}>{t("stages.a.short")}</Link>
        </p>
      ) : a.production_volume === 0 ? (
        <p className="warn" data-testid="specific-production-zero">
          {t("specific.productionZero")} <Link to={`/assessment/${a.id}/a`}>{t("stages.a.short")}</Link>
        </p>
      ) : calcs.data && calcs.data.specific.length === 0 ? (
        <p className="muted">{t("specific.none")}</p>
      ) : null}
      {calcs.data && calcs.data.specific.length > 0 ? (
        <div className="table-wrap">
          <table className="table" data-testid="specific-table">
            <thead>
              <tr>
                <th>{t("specific.input")}</th>
                <th className="num">{t("specific.total")}</th>
                <th className="num">{t("specific.value")}</th>
                <th>{t("specific.benchmark")}</th>
                <th className="num">{t("specific.ourValue")}</th>
                <th className="num">{t("specific.range")}</th>
                <th>{t("specific.position")}</th>
              </tr>
            </thead>
            <tbody>
              {calcs.data.specific.map((l, i) => {
                const num = l.unit.split("/")[0] ?? "";
                const rows = l.benchmarks.length > 0 ? l.benchmarks : [null];
                return rows.map((b, j) => (
                  <tr key={`${i}-${j}`} data-testid="specific-row">
                    {j === 0 ? (
                      <>
                        <td rowSpan={rows.length}>{lineName(l, t, fuelName)}</td>
                        <td className="num" rowSpan={rows.length}>
                          {fmtQuantity(l.total, lang)} {num}
                        </td>
                        <td className="num" rowSpan={rows.length} data-testid="specific-value">
                          <strong>{fmtFigure(l.value, lang)}</strong> <span className="muted">{typesetUnit(l.unit)}</span>
                        </td>
                      </>
                    ) : null}
                    {b ? (
                      <>
                        <td className={j === 0 ? "small" : "small cont"}>
                          <span className={`badge badge--kind${b.kind === "regulatory_norm" ? " badge--norm" : ""}`} data-testid="benchmark-kind">
                            {t(b.kind === "regulatory_norm" ? "specific.kindNorm" : "specific.kindReference")}
                          </span>{" "}
                          {inLang(b.indicator_vi, b.indicator_en, lang)}
                          <div className="muted small" data-testid="benchmark-source">
                            {b.citable ? inLang(b.citation_vi, b.citation_en, lang) : t("specific.secondary")}
                          </div>
                        </td>
                        <td className="num">{fmtFigure(b.value, lang)}</td>
                        <td className="num">
                          {range(b.min, b.max)} <span className="muted small">{typesetUnit(b.unit)}</span>
                        </td>
                        <td>
                          <span className={`badge badge--pos-${b.position.position}`} data-testid="specific-position">
                            {t(`position.${b.position.position}`)}
                            {b.position.position !== "within" ? ` ${b.position.gap_pct > 0 ? "+" : ""}${fmtNumber(b.position.gap_pct, lang, 0)} %` : ""}
                          </span>
                        </td>
                      </>
                    ) : (
                      <td colSpan={4} className={j === 0 ? "muted small" : "muted small cont"}>
                        {t("specific.noBenchmark")}
                      </td>
                    )}
                  </tr>
                ));
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      {calcs.data?.specific_energy ? (
        <p className="small" data-testid="specific-energy">
          {t("specific.energyTotal", {
            gj: fmtFigure(calcs.data.specific_energy.gj, lang),
            toe: fmtFigure(calcs.data.specific_energy.toe, lang),
            kwh: fmtFigure(calcs.data.specific_energy.electricity_kwh, lang),
            per: calcs.data.specific_energy.per,
          })}
        </p>
      ) : null}
    </section>
  );
}

export function FlowsStage({ doc }: { doc: AssessmentDocument }) {
  const { t } = useTranslation();
  return (
    <>
      <FlowTable doc={doc} direction="in" title={t("flow.inputs")} />
      <FlowTable doc={doc} direction="out" title={t("flow.outputs")} />
      <Specific doc={doc} />
    </>
  );
}
