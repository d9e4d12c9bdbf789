// One synced assessment, read-only: who and when, its review, the figures Rust computes
// (`calc::figures::assessment_calcs`, as the app and the reports show them), its options and
// the cost of its waste, its photos (thumbnails; the original on click), and its PDF report
// and worksheets (XLSX) made by the same `sxsh-report` code as the app's.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { DateInput } from "../components/DateInput";
import { Field } from "../components/Field";
import { Link, useParams } from "react-router-dom";
import { PageHead } from "../components/PageHead";
import { irrText, paybackText } from "../lib/econText";
import { fmtDate, fmtDateTime, fmtFigure, fmtMoney } from "../lib/format";
import { useLang } from "../lib/hooks";
import { portal } from "./api";
import { FormError, fieldTokens, isoOrText } from "./forms";
import type { PortalAssessmentPage, PortalSession } from "./types";

export function AssessmentPage({ session }: { session: PortalSession }) {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const page = useQuery({ queryKey: ["portal", "assessment", id], queryFn: () => portal.assessment(id) });
  return (
    <div className="page" data-testid="portal-assessment-page">
      <p className="small">
        <Link to="/assessments">← {t("portal.assessments")}</Link>
      </p>
      {page.isError ? <p className="error-box" role="alert">{String(page.error)}</p> : null}
      {page.data ? <View p={page.data} admin={session.account.role === "admin"} /> : page.isPending ? <div className="loading">{t("common.loading")}</div> : null}
    </div>
  );
}

function View({ p, admin }: { p: PortalAssessmentPage; admin: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const a = p.assessment;
  const e = p.enterprise;
  const tot = p.calcs.option_totals;
  const state = p.review_state ?? "received";
  const base = `/portal/api/assessments/${encodeURIComponent(a.id)}`;
  const tiles: [string, string][] = [
    ["options", fmtFigure(p.options.length, lang)],
    ["investment", fmtMoney(tot.investment_vnd, lang)],
    ["net", fmtMoney(tot.annual_net_savings_vnd, lang)],
    ["payback", paybackText(tot.payback, t, lang)],
    ["npv", tot.npv_vnd === null ? t("portal.noData") : fmtMoney(tot.npv_vnd, lang)],
    ["tco2", `${fmtFigure(tot.tco2, lang)} tCO₂`],
    ["toe", `${fmtFigure(tot.toe, lang)} TOE`],
  ];
  return (
    <>
      <PageHead title={a.title} sub={`${e.name} · ${[e.craft_village, e.district, e.province].filter(Boolean).join(", ")}`}>
        <a className="button" href={`${base}/report.pdf?lang=${lang}`} download data-testid="portal-page-pdf">
          {t("portal.reportPdf")}
        </a>
        <a className="button" href={`${base}/worksheets.xlsx?lang=${lang}`} download data-testid="portal-page-xlsx">
          {t("portal.worksheetsXlsx")}
        </a>
      </PageHead>
      <section className="card portal-facts">
        <dl>
          <dt>{t("portal.kindLabel")}</dt>
          <dd>
            {t(`portal.kind.${a.kind}`)} · {t("portal.cycle", { n: a.cycle })}
          </dd>
          <dt>{t("portal.period")}</dt>
          <dd>{[a.start_date, a.end_date].map((d) => (d ? fmtDate(d, lang) : "…")).join(" – ")}</dd>
          <dt>{t("portal.consultant")}</dt>
          <dd>{a.consultant || "–"}</dd>
          <dt>{t("portal.programme")}</dt>
          <dd>{p.programme ?? t("portal.noProgramme")}</dd>
          <dt>{t("portal.review")}</dt>
          <dd>
            <span className={`badge badge--review-${state}`} data-testid="portal-page-review">
              {t(`portal.reviewState.${state}`)}
            </span>
            {p.reviews.length > 0 ? (
              <span className="muted small">
                {" "}
                · {p.reviews[p.reviews.length - 1]!.reviewer}, {fmtDateTime(p.reviews[p.reviews.length - 1]!.reviewed_at, lang)}
              </span>
            ) : null}
          </dd>
        </dl>
      </section>
      <section className="portal-tiles" data-testid="portal-page-tiles">
        {tiles.map(([k, v]) => (
          <div key={k} className="card portal-tile" data-testid={`portal-page-${k}`}>
            <div className="muted small">{t(`portal.page.${k}`)}</div>
            <div className="portal-tile__value portal-tile__value--small num">{v}</div>
          </div>
        ))}
      </section>
      <section className="card card--table">
        <h2 className="card__title">{t("portal.page.optionsTitle")}</h2>
        <table className="table" data-testid="portal-page-options">
          <thead>
            <tr>
              <th>{t("portal.page.option")}</th>
              <th>{t("portal.page.techniques")}</th>
              <th className="num">{t("portal.page.investment")}</th>
              <th className="num">{t("portal.page.net")}</th>
              <th>{t("portal.page.payback")}</th>
              <th>{t("portal.page.irr")}</th>
              <th className="num">tCO₂</th>
            </tr>
          </thead>
          <tbody>
            {p.calcs.options.map((o) => {
              const opt = p.options.find((x) => x.id === o.option_id);
              return (
                <tr key={o.option_id} data-testid="portal-page-option">
                  <td>{o.title}</td>
                  <td>{opt?.techniques.join(", ")}</td>
                  <td className="num">{opt?.investment_vnd == null ? "–" : fmtMoney(opt.investment_vnd, lang)}</td>
                  <td className="num">{fmtMoney(o.result.economics.annual_net_savings_vnd, lang)}</td>
                  <td>{paybackText(o.result.economics.payback, t, lang)}</td>
                  <td>{irrText(o.result.economics.irr, t, lang)}</td>
                  <td className="num">{fmtFigure(o.result.impact.tco2, lang)}</td>
                </tr>
              );
            })}
            {p.calcs.options.length === 0 ? (
              <tr>
                <td colSpan={7} className="empty muted">
                  {t("portal.page.noOptions")}
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </section>
      {p.calcs.waste_costs.length > 0 ? (
        <section className="card card--table">
          <h2 className="card__title">{t("portal.page.wasteTitle")}</h2>
          <table className="table" data-testid="portal-page-waste">
            <tbody>
              {p.calcs.waste_costs.map((w) => (
                <tr key={w.waste_stream_id}>
                  <td>{w.name}</td>
                  <td className="num">{fmtMoney(w.cost.total_vnd, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      <section className="card">
        <h2 className="card__title">{t("portal.page.photos")}</h2>
        {p.photos.length === 0 ? <p className="muted">{t("portal.page.noPhotos")}</p> : null}
        <div className="portal-photos" data-testid="portal-page-photos">
          {p.photos.map((ph) => (
            <a key={ph.sha256} href={`/portal/api/photos/${ph.sha256}`} target="_blank" rel="noopener" className="portal-photo" data-testid="portal-page-photo">
              <img src={`/portal/api/photos/${ph.sha256}/thumb`} alt={ph.caption || t("portal.page.photo")} loading="lazy" />
              {ph.caption ? <span className="small">{ph.caption}</span> : null}
            </a>
          ))}
        </div>
      </section>
      <CaseStudyCard p={p} admin={admin} />
    </>
  );
}

/** The case study the enterprise agreed to publish: shown on the office's public page once
 * the assessment is approved and its programme is public. Admins record the consent (date,
 * reference, a short account) and withdraw it. */
function CaseStudyCard({ p, admin }: { p: PortalAssessmentPage; admin: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const qc = useQueryClient();
  const [f, setF] = useState({ date: "", ref: "", summary: "" });
  const add = useMutation({
    mutationFn: () => portal.addCaseStudy({ assessment_id: p.assessment.id, consent_date: isoOrText(f.date), consent_ref: f.ref, summary: f.summary }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ["portal"] }),
  });
  const del = useMutation({
    mutationFn: (id: string) => portal.deleteCaseStudy(id),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ["portal"] }),
  });
  const err = fieldTokens(add.error);
  const c = p.case_study;
  if (!c && !admin) return null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate();
  };
  return (
    <section className="card" data-testid="portal-case-study">
      <h2 className="card__title">{t("portal.caseStudy.title")}</h2>
      {c ? (
        <>
          <p data-testid="portal-case-study-summary">{c.summary}</p>
          <p className="muted small">{t("portal.caseStudy.consent", { date: fmtDate(c.consent_date, lang), ref: c.consent_ref || "–" })}</p>
          <p className="muted small">{p.review_state === "approved" ? t("portal.caseStudy.shownIfPublic") : t("portal.caseStudy.notYet")}</p>
          {admin ? (
            <button type="button" className="button button--small" disabled={del.isPending} onClick={() => del.mutate(c.id)} data-testid="portal-case-study-delete">
              {t("portal.caseStudy.withdraw")}
            </button>
          ) : null}
        </>
      ) : (
        <form className="portal-record-form" onSubmit={submit} data-testid="portal-case-study-form">
          <p className="muted small portal-record-form__wide">{t("portal.caseStudy.hint")}</p>
          <Field label={t("portal.caseStudy.date")} error={err["consent_date"]} testId="portal-case-study-date">
            <DateInput value={f.date} onChange={(v) => setF({ ...f, date: v })} data-testid="portal-case-study-date" />
          </Field>
          <Field label={t("portal.caseStudy.ref")} error={err["consent_ref"]}>
            <input value={f.ref} onChange={(e) => setF({ ...f, ref: e.target.value })} data-testid="portal-case-study-ref" />
          </Field>
          <Field label={t("portal.caseStudy.summary")} error={err["summary"]} className="portal-record-form__wide" testId="portal-case-study-summary">
            <textarea value={f.summary} onChange={(e) => setF({ ...f, summary: e.target.value })} rows={3} data-testid="portal-case-study-summary" />
          </Field>
          <FormError error={add.error} testId="portal-case-study-error" />
          <div className="portal-record-form__wide">
            <button type="submit" className="button button--primary" disabled={add.isPending} data-testid="portal-case-study-submit">
              {t("portal.caseStudy.save")}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
