// The dashboard's charts: the roll-up's breakdowns by sector, district and year, and its
// options by technique, as horizontal bars. Every figure is Rust's (`calc::breakdown`, the
// lines of one breakdown add up to the dashboard's totals); the page only picks which figure
// to show, orders the bars by it and draws their lengths.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { fmtFigure, fmtMoney, fmtNumber } from "../lib/format";
import { inLang, useLang } from "../lib/hooks";
import { nameOf, portal } from "./api";
import type { BreakdownLine, RollupReport } from "./types";

/** The figures a chart can show. */
const METRICS = ["net_implemented", "net_identified", "tco2_implemented", "assessments", "options_implemented"] as const;
type Metric = (typeof METRICS)[number];

/** The figure `m` of a line, as Rust gave it. */
function figure(l: BreakdownLine, m: Metric): number {
  switch (m) {
    case "net_implemented":
      return l.implemented.net_vnd;
    case "net_identified":
      return l.identified.net_vnd;
    case "tco2_implemented":
      return l.implemented.tco2;
    case "assessments":
      return l.assessments;
    case "options_implemented":
      return l.options.implemented;
  }
}

/** Bars shown before "show all". */
const FIRST = 12;

interface Bar {
  key: string;
  label: string;
  value: number;
  text: string;
}

export function Charts({ r }: { r: RollupReport }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [metric, setMetric] = useState<Metric>("net_implemented");
  const reference = useQuery({ queryKey: ["portal", "reference"], queryFn: portal.reference, staleTime: Infinity });
  const text = (v: number) => (metric.startsWith("net_") ? fmtMoney(v, lang) : metric === "tco2_implemented" ? fmtFigure(v, lang) : fmtNumber(v, lang, 0));
  const unknown = t("portal.chart.unknown");
  const bars = (lines: BreakdownLine[], label: (l: BreakdownLine) => string): Bar[] =>
    lines.map((l) => ({ key: l.key, label: l.key === "" ? unknown : label(l), value: figure(l, metric), text: text(figure(l, metric)) }));
  const b = r.breakdowns;
  return (
    <section className="card" data-testid="portal-charts">
      <div className="portal-charts__head">
        <h2 className="card__title">{t("portal.chart.title")}</h2>
        <label className="field field--inline">
          <span>{t("portal.chart.metric")}</span>
          <select value={metric} onChange={(e) => setMetric(e.target.value as Metric)} data-testid="portal-chart-metric">
            {METRICS.map((m) => (
              <option key={m} value={m}>
                {t(`portal.chart.metrics.${m}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="portal-charts">
        <BarChart dim="sector" title={t("portal.chart.bySector")} bars={bars(b.by_sector, (l) => nameOf(reference.data?.sectors, l.key, lang))} />
        {/* The districts of one province (Rust gives them only then); else the provinces. */}
        {b.by_district.length > 0 ? (
          <BarChart dim="district" title={t("portal.chart.byDistrict")} bars={bars(b.by_district, (l) => l.label)} />
        ) : (
          <BarChart dim="province" title={t("portal.chart.byProvince")} bars={bars(b.by_province, (l) => l.label)} />
        )}
        <BarChart dim="year" title={t("portal.chart.byYear")} bars={bars(b.by_year, (l) => l.label)} keepOrder />
        <BarChart
          dim="technique"
          title={t("portal.chart.byTechnique")}
          bars={r.by_technique.map((x) => ({ key: x.code, label: inLang(x.name_vi, x.name_en, lang), value: x.implemented, text: t("portal.chart.ofIdentified", { implemented: fmtNumber(x.implemented, lang, 0), identified: fmtNumber(x.identified, lang, 0) }) }))}
          note={t("portal.chart.techniqueNote")}
        />
      </div>
    </section>
  );
}

/** One chart: a bar per line, longest first (years in order), the first dozen until asked. */
function BarChart({ dim, title, bars, keepOrder = false, note }: { dim: string; title: string; bars: Bar[]; keepOrder?: boolean; note?: string }) {
  const { t } = useTranslation();
  const [all, setAll] = useState(false);
  const ordered = keepOrder ? bars : [...bars].sort((a, b) => b.value - a.value || a.label.localeCompare(b.label, "vi"));
  const shown = all ? ordered : ordered.slice(0, FIRST);
  const max = Math.max(0, ...bars.map((x) => Math.abs(x.value)));
  return (
    <figure className="portal-chart" data-testid={`portal-chart-${dim}`}>
      <figcaption className="portal-chart__title">{title}</figcaption>
      {bars.length === 0 ? <p className="muted small">{t("portal.noData")}</p> : null}
      <table className="portal-chart__bars">
        <tbody>
          {shown.map((x) => (
            <tr key={x.key} data-testid={`portal-chart-${dim}-row`}>
              <th scope="row" className="portal-chart__label">
                {x.label}
              </th>
              <td className="portal-chart__bar">
                <span className={`portal-chart__fill${x.value < 0 ? " portal-chart__fill--negative" : ""}`} style={{ width: max > 0 ? `${(Math.abs(x.value) / max) * 100}%` : "0" }} />
              </td>
              <td className="num portal-chart__value" data-testid={`portal-chart-${dim}-value`}>
                {x.text}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {ordered.length > FIRST ? (
        <button type="button" className="button button--small" onClick={() => setAll(!all)} data-testid={`portal-chart-${dim}-all`}>
          {all ? t("portal.chart.fewer") : t("portal.chart.all", { count: ordered.length })}
        </button>
      ) : null}
      {note ? <p className="muted small">{note}</p> : null}
    </figure>
  );
}
