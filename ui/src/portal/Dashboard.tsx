// The dashboard of a programme, a province or everything the account sees, for a year: the
// roll-up Rust computes (`calc::programme::rollup`, the same as `sxsh-server rollup` and the
// app's); the page shows its figures and computes none.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { PageHead } from "../components/PageHead";
import { AreaPicker, useArea } from "./Areas";
import { Charts } from "./Charts";
import { fmtFigure, fmtMoney, fmtNumber } from "../lib/format";
import { inLang, useLang } from "../lib/hooks";
import { nameOf, portal, rollupPdfUrl, type DashboardFilter } from "./api";
import type { Outreach, ReviewScope, RollupReport, Savings } from "./types";

/** A year typed in a filter: a whole year or none. */
function yearOf(text: string): number | null {
  const n = Number(text.trim());
  return text.trim() !== "" && Number.isInteger(n) && n >= 1990 && n <= 2100 ? n : null;
}

export function Dashboard() {
  const { t } = useTranslation();
  const lang = useLang();
  const [programme, setProgramme] = useState("");
  const [sector, setSector] = useState("");
  const [year, setYear] = useState("");
  const [review, setReview] = useState<ReviewScope>("approved");
  const programmes = useQuery({ queryKey: ["portal", "programmes"], queryFn: portal.programmes });
  const reference = useQuery({ queryKey: ["portal", "reference"], queryFn: portal.reference, staleTime: Infinity });
  const { area } = useArea();
  const filter: DashboardFilter = { programme_id: programme, ...area, sector, year: yearOf(year), review };
  const report = useQuery({ queryKey: ["portal", "dashboard", filter], queryFn: () => portal.dashboard(filter), placeholderData: (prev) => prev });
  return (
    <div className="page" data-testid="portal-dashboard">
      <PageHead title={t("portal.dashboard")} sub={t("portal.dashboardSub")}>
        <a className="button" href={rollupPdfUrl(filter, lang)} download data-testid="portal-rollup-pdf">
          {t("portal.rollupPdf")}
        </a>
      </PageHead>
      <AreaPicker />
      <section className="card portal-filters" aria-label={t("portal.filters")}>
        <label className="field">
          <span>{t("portal.programme")}</span>
          <select value={programme} onChange={(e) => setProgramme(e.target.value)} data-testid="portal-filter-programme">
            <option value="">{t("portal.allProgrammes")}</option>
            {(programmes.data ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t("portal.sector")}</span>
          <select value={sector} onChange={(e) => setSector(e.target.value)} data-testid="portal-filter-sector">
            <option value="">{t("portal.allSectors")}</option>
            {(reference.data?.sectors ?? []).map((x) => (
              <option key={x.code} value={x.code}>
                {nameOf(reference.data?.sectors, x.code, lang)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t("portal.reviewScope")}</span>
          <select value={review} onChange={(e) => setReview(e.target.value as ReviewScope)} data-testid="portal-filter-review">
            <option value="approved">{t("portal.scope.approved")}</option>
            <option value="with_pending">{t("portal.scope.with_pending")}</option>
          </select>
        </label>
        <label className="field">
          <span>{t("portal.year")}</span>
          <input value={year} onChange={(e) => setYear(e.target.value)} inputMode="numeric" aria-invalid={year.trim() !== "" && yearOf(year) === null} data-testid="portal-filter-year" />
        </label>
      </section>
      {report.isError ? <p className="error-box" role="alert">{String(report.error)}</p> : null}
      {report.data ? <Figures r={report.data} /> : <div className="loading">{t("common.loading")}</div>}
    </div>
  );
}

function Figures({ r }: { r: RollupReport }) {
  const { t } = useTranslation();
  const lang = useLang();
  const n = (x: number) => fmtNumber(x, lang, 0);
  const tiles: [string, string, string][] = [
    ["enterprises", n(r.enterprises), ""],
    ["withQuick", n(r.enterprises_with_quick), ""],
    ["withDetailed", n(r.enterprises_with_detailed), ""],
    ["applying", n(r.enterprises_applying_cp), r.applying_share_pct === null ? t("portal.noData") : `${fmtNumber(r.applying_share_pct, lang, 1)} %`],
    ["assessments", n(r.assessments), t("portal.quickDetailed", { quick: n(r.quick_assessments), detailed: n(r.detailed_assessments) })],
    ["options", n(r.options_identified), t("portal.selectedImplemented", { selected: n(r.options_selected), implemented: n(r.options_implemented) })],
  ];
  const rv = r.reviews;
  // Shares carry "%"; counts (enterprises) are whole numbers.
  const withUnit = (x: number, unit: string) => (unit === "%" || unit === "" ? `${fmtNumber(x, lang, 1)} %` : n(x));
  return (
    <>
      <p className="muted small portal-review-note" data-testid="portal-review-note">
        {t(`portal.scopeNote.${r.query.review}`, {
          counted: n(r.assessments),
          approved: n(rv.approved),
          needs: n(rv.needs_changes),
          received: n(rv.received),
          rejected: n(rv.rejected),
        })}
      </p>
      <section className="portal-tiles" data-testid="portal-tiles">
        {tiles.map(([k, v, sub]) => (
          <div key={k} className="card portal-tile" data-testid={`portal-tile-${k}`}>
            <div className="muted small">{t(`portal.tile.${k}`)}</div>
            <div className="portal-tile__value num" data-testid={`portal-tile-${k}-value`}>
              {v}
            </div>
            {sub ? <div className="small muted">{sub}</div> : null}
          </div>
        ))}
      </section>
      <section className="card card--table">
        <h2 className="card__title">{t("portal.savings")}</h2>
        <p className="muted small" data-testid="portal-grid-years">
          {r.grid_years.length === 0 ? t("portal.noGridYears") : t("portal.gridYears", { years: r.grid_years.join(", ") })}
        </p>
        <SavingsTable identified={r.identified} implemented={r.implemented} />
      </section>
      <Charts r={r} />
      <section className="card card--table">
        <h2 className="card__title">{t("portal.byTechnique")}</h2>
        <table className="table" data-testid="portal-techniques">
          <thead>
            <tr>
              <th>{t("portal.technique")}</th>
              <th className="num">{t("portal.identified")}</th>
              <th className="num">{t("portal.selected")}</th>
              <th className="num">{t("portal.implemented")}</th>
            </tr>
          </thead>
          <tbody>
            {r.by_technique.map((x) => (
              <tr key={x.code}>
                <td>{inLang(x.name_vi, x.name_en, lang)}</td>
                <td className="num">{n(x.identified)}</td>
                <td className="num">{n(x.selected)}</td>
                <td className="num">{n(x.implemented)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="card card--table">
        <h2 className="card__title">{t("portal.targets")}</h2>
        {r.progress.length === 0 ? <p className="muted">{t("portal.noTargets")}</p> : null}
        <table className="table" data-testid="portal-progress">
          <tbody>
            {r.progress.map((p) => (
              <tr key={`${p.target_set}-${p.code}`}>
                <td>{inLang(p.indicator_vi, p.indicator_en, lang) || t(`portal.indicator.${p.code}`, { defaultValue: p.code })}</td>
                <td className="num">{p.actual === null ? t("portal.noData") : withUnit(p.actual, p.unit)}</td>
                <td className="num">
                  {p.target_min !== null && p.target_max !== null
                    ? `${fmtNumber(p.target_min, lang, 1)}–${withUnit(p.target_max, p.unit)}`
                    : p.target_min !== null
                      ? `≥ ${withUnit(p.target_min, p.unit)}`
                      : "–"}
                </td>
                <td>{t(`portal.status.${p.status}`, { defaultValue: p.status })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <OutreachCard o={r.outreach} />
      {r.warnings.length > 0 ? (
        <section className="warn-box" data-testid="portal-warnings">
          {r.warnings.map((w) => (
            <p key={w.code}>{w.message}</p>
          ))}
        </section>
      ) : null}
    </>
  );
}

/** Identified and implemented savings side by side, one resource a line. */
function SavingsTable({ identified, implemented }: { identified: Savings; implemented: Savings }) {
  const { t } = useTranslation();
  const lang = useLang();
  const reference = useQuery({ queryKey: ["portal", "reference"], queryFn: portal.reference, staleTime: Infinity });
  const fuels = [...new Set([...Object.keys(identified.fuel_t), ...Object.keys(implemented.fuel_t)])].sort();
  const rows: [string, string, (s: Savings) => string][] = [
    ["options", "", (s) => fmtNumber(s.options, lang, 0)],
    ["investment", "đ", (s) => fmtMoney(s.investment_vnd, lang)],
    ["net", "đ/năm", (s) => fmtMoney(s.net_vnd, lang)],
    ["electricity", "kWh/năm", (s) => fmtFigure(s.electricity_kwh, lang)],
    ["water", "m³/năm", (s) => fmtFigure(s.water_m3, lang)],
    ["material", "t/năm", (s) => fmtFigure(s.material_t, lang)],
    ...fuels.map((f): [string, string, (s: Savings) => string] => [`fuel:${f}`, "t/năm", (s) => fmtFigure(s.fuel_t[f] ?? 0, lang)]),
    ["toe", "TOE/năm", (s) => fmtFigure(s.toe, lang)],
    ["tco2", "tCO₂/năm", (s) => fmtFigure(s.tco2, lang)],
  ];
  return (
    <table className="table" data-testid="portal-savings">
      <thead>
        <tr>
          <th />
          <th className="num">{t("portal.identified")}</th>
          <th className="num">{t("portal.implemented")}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([k, unit, f]) => (
          <tr key={k} data-testid={`portal-saving-${k}`}>
            <td>
              {k.startsWith("fuel:") ? nameOf(reference.data?.fuels, k.slice(5), lang) : t(`portal.saving.${k}`)}
              {unit && !unit.startsWith("đ") ? <span className="muted small"> ({unit})</span> : null}
            </td>
            <td className="num">{f(identified)}</td>
            <td className="num">{f(implemented)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The office's own records over the same filter: training, surveys, support. */
function OutreachCard({ o }: { o: Outreach }) {
  const { t } = useTranslation();
  const lang = useLang();
  const n = (x: number) => fmtNumber(x, lang, 0);
  const pct = (x: number | null) => (x === null ? t("portal.noData") : `${fmtNumber(x, lang, 1)} %`);
  const ofSurveyed = (count: number, share: number | null) => (o.enterprises_surveyed === 0 ? t("portal.noData") : t("portal.out.ofSurveyed", { count: n(count), pct: pct(share) }));
  const rows: [string, string][] = [
    ["trainings", n(o.training_events)],
    ["attendees", n(o.attendees)],
    [
      "officersTrained",
      o.extension_staff === null ? n(o.extension_staff_trained) : t("portal.out.officersOf", { trained: n(o.extension_staff_trained), base: n(o.extension_staff), pct: pct(o.extension_staff_trained_pct) }),
    ],
    ["surveyed", n(o.enterprises_surveyed)],
    ["aware", ofSurveyed(o.enterprises_aware, o.aware_share_pct)],
    ["applying", ofSurveyed(o.enterprises_applying, o.applying_share_pct)],
    ["planning", ofSurveyed(o.enterprises_planning, o.planning_share_pct)],
  ];
  return (
    <section className="card card--table" data-testid="portal-outreach">
      <h2 className="card__title">{t("portal.outreach")}</h2>
      <p className="muted small">{t("portal.outreachNote")}</p>
      <table className="table">
        <tbody>
          {rows.map(([k, v]) => (
            <tr key={k} data-testid={`portal-out-${k}`}>
              <td>{t(`portal.out.${k}`)}</td>
              <td className="num">{v}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table className="table" data-testid="portal-out-support">
        <thead>
          <tr>
            <th>{t("portal.supportKind")}</th>
            <th className="num">{t("portal.supportRecords")}</th>
            <th className="num">{t("portal.supportEnterprises")}</th>
            <th className="num">{t("portal.amount")}</th>
          </tr>
        </thead>
        <tbody>
          {o.support.map((l) => (
            <tr key={l.kind} data-testid={`portal-out-support-${l.kind}`}>
              <td>{t(`portal.supportKinds.${l.kind}`)}</td>
              <td className="num">{n(l.records)}</td>
              <td className="num">{n(l.enterprises)}</td>
              <td className="num">{fmtMoney(l.amount_vnd, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
