// The enterprises the account sees, searched accent-insensitively by the server ("da sy"
// finds "Đa Sỹ"), with their assessments and how far each has come with CP (its stage, from
// the server).
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { PageHead } from "../components/PageHead";
import { fmtDate } from "../lib/format";
import { useLang } from "../lib/hooks";
import { useDebounced } from "../lib/useDebounced";
import { nameOf, portal, xlsxUrl } from "./api";
import { AreaPicker, useArea } from "./Areas";
import type { EnterpriseStage } from "./types";

/** The stages of the list's filter, from the first to the furthest. */
const STAGES: EnterpriseStage[] = ["not_assessed", "quick", "detailed", "applying"];

export function Enterprises() {
  const { t } = useTranslation();
  const lang = useLang();
  const [q, setQ] = useState("");
  const [sector, setSector] = useState("");
  const [stage, setStage] = useState<EnterpriseStage | "">("");
  const filter = { sector, stage };
  const query = useDebounced(q.trim(), 200);
  const reference = useQuery({ queryKey: ["portal", "reference"], queryFn: portal.reference, staleTime: Infinity });
  const { area } = useArea();
  const list = useQuery({ queryKey: ["portal", "enterprises", query, area, sector, stage], queryFn: () => portal.enterprises(query, area, filter), placeholderData: (prev) => prev });
  return (
    <div className="page" data-testid="portal-enterprises">
      <PageHead title={t("portal.enterprises")} sub={list.data ? t("portal.enterpriseCount", { count: list.data.length }) : undefined}>
        <a className="button" href={xlsxUrl("enterprises", query, area, filter)} download data-testid="portal-enterprises-xlsx">
          {t("portal.exportXlsx")}
        </a>
      </PageHead>
      <AreaPicker />
      <div className="portal-list-filters">
        <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder={t("portal.searchHint")} aria-label={t("portal.search")} data-testid="portal-search" />
        <select value={sector} onChange={(e) => setSector(e.target.value)} aria-label={t("portal.sector")} data-testid="portal-enterprise-sector">
          <option value="">{t("portal.allSectors")}</option>
          {(reference.data?.sectors ?? []).map((x) => (
            <option key={x.code} value={x.code}>
              {nameOf(reference.data?.sectors, x.code, lang)}
            </option>
          ))}
        </select>
        <select value={stage} onChange={(e) => setStage(e.target.value as EnterpriseStage | "")} aria-label={t("portal.stage")} data-testid="portal-enterprise-stage">
          <option value="">{t("portal.allStages")}</option>
          {STAGES.map((x) => (
            <option key={x} value={x}>
              {t(`portal.stages.${x}`)}
            </option>
          ))}
        </select>
      </div>
      {list.isError ? <p className="error-box" role="alert">{String(list.error)}</p> : null}
      <div className="card card--table">
        <table className="table">
          <thead>
            <tr>
              <th>{t("portal.name")}</th>
              <th>{t("portal.place")}</th>
              <th>{t("portal.sector")}</th>
              <th>{t("portal.stage")}</th>
              <th className="num">{t("portal.assessmentsShort")}</th>
              <th>{t("portal.latest")}</th>
            </tr>
          </thead>
          <tbody>
            {(list.data ?? []).map((e) => (
              <tr key={e.id} data-testid="portal-enterprise-row">
                <td>
                  <Link to={`/enterprises/${encodeURIComponent(e.id)}`} data-testid="portal-enterprise-open">
                    {e.name}
                  </Link>
                </td>
                <td>{[e.craft_village, e.commune, e.district, e.province].filter(Boolean).join(", ")}</td>
                <td>{e.sector ? nameOf(reference.data?.sectors, e.sector, lang) : ""}</td>
                <td>
                  <span className={`badge badge--stage-${e.stage}`} data-testid="portal-enterprise-stage-of">
                    {t(`portal.stages.${e.stage}`)}
                  </span>
                </td>
                <td className="num">{e.assessments}</td>
                <td>{e.latest_start ? fmtDate(e.latest_start, lang) : "–"}</td>
              </tr>
            ))}
            {list.data && list.data.length === 0 ? (
              <tr>
                <td colSpan={6} className="empty muted">
                  {t("portal.noEnterprises")}
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
    </div>
  );
}
