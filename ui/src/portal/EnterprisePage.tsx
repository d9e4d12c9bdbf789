// One enterprise: its facts, its assessments over the years — each with the office's review
// and Rust's figures for that assessment alone (options identified and implemented, net
// benefit and tCO₂ of the implemented ones, the potential of the identified ones) — and the
// office's awareness surveys of it and support to it.
import { useQuery } from "@tanstack/react-query";
import { Fragment } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router-dom";
import { PageHead } from "../components/PageHead";
import { fmtDate, fmtFigure, fmtMoney, fmtNumber } from "../lib/format";
import { useLang } from "../lib/hooks";
import { nameOf, portal } from "./api";
import { PortalErrorText } from "./forms";
import type { PortalEnterprisePage } from "./types";

export function EnterprisePage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const page = useQuery({ queryKey: ["portal", "enterprise", id], queryFn: () => portal.enterprise(id) });
  return (
    <div className="page" data-testid="portal-enterprise-page">
      <p className="small">
        <Link to="/enterprises">← {t("portal.enterprises")}</Link>
      </p>
      {page.isError ? (
        <p className="error-box" role="alert">
          <PortalErrorText error={page.error} />
        </p>
      ) : null}
      {page.data ? <View p={page.data} /> : page.isPending ? <div className="loading">{t("common.loading")}</div> : null}
    </div>
  );
}

function View({ p }: { p: PortalEnterprisePage }) {
  const { t } = useTranslation();
  const lang = useLang();
  const reference = useQuery({ queryKey: ["portal", "reference"], queryFn: portal.reference, staleTime: Infinity });
  const e = p.enterprise;
  const n = (x: number) => fmtNumber(x, lang, 0);
  const facts: [string, string][] = [
    ["kind", t(`portal.ent.kinds.${e.kind}`)],
    ["sector", e.sector ? nameOf(reference.data?.sectors, e.sector, lang) : "–"],
    ["place", [e.craft_village, e.commune, e.district, e.province].filter(Boolean).join(", ") || "–"],
    ["products", e.main_products || "–"],
    ["employees", e.employees === null ? "–" : n(e.employees)],
    ["taxCode", e.tax_code || "–"],
  ];
  return (
    <>
      <PageHead title={e.name} sub={t("portal.ent.sub", { count: p.assessments.length })} />
      <section className="card portal-facts">
        <dl>
          {facts.map(([k, v]) => (
            <Fragment key={k}>
              <dt>{t(`portal.ent.${k}`)}</dt>
              <dd data-testid={`portal-ent-${k}`}>{v}</dd>
            </Fragment>
          ))}
        </dl>
      </section>
      <section className="card card--table">
        <h2 className="card__title">{t("portal.ent.assessments")}</h2>
        {p.assessments.length === 0 ? <p className="muted">{t("portal.ent.noAssessments")}</p> : null}
        {p.assessments.length > 0 ? (
          <table className="table" data-testid="portal-ent-assessments">
            <thead>
              <tr>
                <th>{t("portal.start")}</th>
                <th>{t("portal.assessment")}</th>
                <th>{t("portal.review")}</th>
                <th className="num">{t("portal.ent.options")}</th>
                <th className="num">{t("portal.ent.netAchieved")}</th>
                <th className="num">{t("portal.ent.tco2Achieved")}</th>
                <th className="num">{t("portal.ent.netPotential")}</th>
              </tr>
            </thead>
            <tbody>
              {p.assessments.map((x) => (
                <tr key={x.assessment.id} data-testid="portal-ent-assessment">
                  <td>{fmtDate(x.assessment.start_date, lang)}</td>
                  <td>
                    <Link to={`/assessments/${encodeURIComponent(x.assessment.id)}`}>{x.assessment.title}</Link>
                    <div className="muted small">
                      {t("portal.ent.kindOf", { kind: t(`portal.kind.${x.assessment.kind}`, { defaultValue: x.assessment.kind }) })} · {t("portal.ent.cycle", { cycle: x.assessment.cycle })}
                    </div>
                  </td>
                  <td>{t(`portal.reviewState.${x.assessment.review_state ?? "received"}`)}</td>
                  <td className="num">
                    {n(x.options_implemented)} / {n(x.options_identified)}
                  </td>
                  <td className="num" data-testid="portal-ent-net">
                    {x.options_implemented === 0 ? t("portal.noData") : fmtMoney(x.implemented.net_vnd, lang)}
                  </td>
                  <td className="num">{x.options_implemented === 0 ? t("portal.noData") : fmtFigure(x.implemented.tco2, lang)}</td>
                  <td className="num">{x.options_identified === 0 ? t("portal.noData") : fmtMoney(x.identified.net_vnd, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
      <section className="card card--table">
        <h2 className="card__title">{t("portal.ent.outreach")}</h2>
        {p.surveys.length === 0 && p.support.length === 0 ? <p className="muted">{t("portal.ent.noOutreach")}</p> : null}
        <ul className="portal-ent-outreach">
          {p.surveys.map((s) => (
            <li key={s.id} data-testid="portal-ent-survey">
              {fmtDate(s.survey_date, lang)} · {t("portal.ent.survey")}:{" "}
              {[s.aware ? t("portal.out.aware") : null, s.applying ? t("portal.out.applying") : null, s.planning ? t("portal.out.planning") : null].filter(Boolean).join(", ") || t("portal.ent.noneOfThem")}
            </li>
          ))}
          {p.support.map((s) => (
            <li key={s.id} data-testid="portal-ent-support">
              {fmtDate(s.date, lang)} · {t(`portal.supportKinds.${s.kind}`)}
              {s.amount_vnd !== null ? ` · ${fmtMoney(s.amount_vnd, lang)}` : ""}
              {s.lender ? ` · ${s.lender}` : ""}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
