// The office's public page (`/public`, no login): the programmes it chose to publish, with
// their official figures (approved assessments only, Rust's roll-up) and the case studies
// enterprises agreed to publish. Nothing confidential reaches it (the server sends none).
import { useQuery } from "@tanstack/react-query";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { applyLang } from "../i18n";
import { fmtDate, fmtFigure, fmtMoney, fmtNumber } from "../lib/format";
import { useLang } from "../lib/hooks";
import { nameOf, portal, publicSummary } from "./api";
import type { PublicProgramme } from "./types";

export function PublicPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const summary = useQuery({ queryKey: ["public", "summary"], queryFn: publicSummary });
  useEffect(() => {
    document.title = t("public.title");
  }, [t, lang]);
  const s = summary.data;
  return (
    <div className="public" data-testid="public-page">
      <header className="topbar">
        <div className="brand">
          <span className="brand__mark" aria-hidden="true" />
          {s?.office || "SXSH"}
        </div>
        <div className="topbar__right">
          <button type="button" className="button button--small" onClick={() => void applyLang(lang === "vi" ? "en" : "vi")} data-testid="public-lang">
            {t("portal.otherLang")}
          </button>
          <a className="button button--small" href="/">
            {t("public.officeLogin")}
          </a>
        </div>
      </header>
      <main className="public__content">
        <h1>{t("public.title")}</h1>
        <p className="muted">{t("public.sub")}</p>
        {summary.isError ? <p className="error-box" role="alert">{String(summary.error)}</p> : null}
        {s && s.programmes.length === 0 ? <p className="muted" data-testid="public-none">{t("public.none")}</p> : null}
        {(s?.programmes ?? []).map((p) => (
          <Programme key={p.id} p={p} />
        ))}
      </main>
    </div>
  );
}

function Programme({ p }: { p: PublicProgramme }) {
  const { t } = useTranslation();
  const lang = useLang();
  // Sector names (reference data, served without a login).
  const reference = useQuery({ queryKey: ["portal", "reference"], queryFn: portal.reference, staleTime: Infinity });
  const r = p.report;
  const n = (x: number) => fmtNumber(x, lang, 0);
  const tiles: [string, string][] = [
    ["assessments", n(r.assessments)],
    ["enterprises", n(r.enterprises)],
    ["applying", n(r.enterprises_applying_cp)],
    ["implemented", n(r.options_implemented)],
    ["investment", fmtMoney(r.implemented.investment_vnd, lang)],
    ["net", fmtMoney(r.implemented.net_vnd, lang)],
    ["kwh", `${fmtFigure(r.implemented.electricity_kwh, lang)} kWh`],
    ["tco2", `${fmtFigure(r.implemented.tco2, lang)} tCO₂`],
  ];
  return (
    <section className="card" data-testid="public-programme">
      <h2 className="card__title">{p.name}</h2>
      <p className="muted small">
        {[p.office, p.province].filter(Boolean).join(" · ")} · {fmtDate(p.period_start, lang)} – {fmtDate(p.period_end, lang)}
      </p>
      <p className="small">{t("public.official")}</p>
      <div className="portal-tiles">
        {tiles.map(([k, v]) => (
          <div key={k} className="card portal-tile" data-testid={`public-tile-${k}`}>
            <div className="muted small">{t(`public.tile.${k}`)}</div>
            <div className="portal-tile__value num" data-testid={`public-tile-${k}-value`}>
              {v}
            </div>
          </div>
        ))}
      </div>
      <h3>{t("public.caseStudies")}</h3>
      {p.case_studies.length === 0 ? <p className="muted">{t("public.noCaseStudies")}</p> : null}
      {p.case_studies.map((c) => (
        <article key={c.enterprise_name} className="public__case" data-testid="public-case-study">
          <h4>{c.enterprise_name}</h4>
          <p className="muted small">{[c.sector ? nameOf(reference.data?.sectors, c.sector, lang) : "", c.craft_village, c.district, c.province].filter(Boolean).join(" · ")}</p>
          <p>{c.summary}</p>
          <p className="small" data-testid="public-case-figures">
            {c.options_implemented > 0
              ? t("public.caseFigures", {
                  options: n(c.options_implemented),
                  net: fmtMoney(c.implemented.net_vnd, lang),
                  tco2: fmtFigure(c.implemented.tco2, lang),
                })
              : t("public.casePotential", {
                  options: n(c.options_identified),
                  net: fmtMoney(c.identified.net_vnd, lang),
                })}
          </p>
        </article>
      ))}
    </section>
  );
}
