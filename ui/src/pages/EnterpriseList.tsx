import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router-dom";
import { ErrorBox } from "../components/ErrorBox";
import { api, qk } from "../lib/api";
import { nameOf, useLang, useReference } from "../lib/hooks";
import { useDebounced } from "../lib/useDebounced";

export function EnterpriseList() {
  const { t } = useTranslation();
  const lang = useLang();
  const nav = useNavigate();
  const ref = useReference();
  const [query, setQuery] = useState("");
  const q = useDebounced(query, 200);
  // The server searches ignoring accents ("kim lan" finds "Làng gốm Kim Lan") and returns
  // Vietnamese order.
  const list = useQuery({ queryKey: qk.enterprises(q), queryFn: () => api.enterpriseList(q) });

  return (
    <div className="page" data-testid="page-enterprises">
      <div className="page-head">
        <div>
          <h1>{t("enterprises.title")}</h1>
          <p className="muted">{t("enterprises.subtitle")}</p>
        </div>
        <Link to="/enterprises/new" className="button button--primary" data-testid="enterprise-new">
          {t("enterprises.new")}
        </Link>
      </div>
      <div className="toolbar">
        <input
          className="search"
          type="search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder={t("enterprises.searchPlaceholder")}
          aria-label={t("enterprises.searchPlaceholder")}
          data-testid="enterprise-search"
        />
        {list.data ? (
          <span className="muted small" data-testid="enterprise-count">
            {t("enterprises.count", { count: list.data.length })}
          </span>
        ) : null}
      </div>
      <section className="card card--flush">
        {list.isError ? <ErrorBox error={list.error} onRetry={() => void list.refetch()} /> : null}
        {list.data && list.data.length === 0 ? (
          <p className="empty muted" data-testid="enterprise-empty">
            {q ? t("enterprises.noMatch") : t("enterprises.none")}
          </p>
        ) : null}
        {list.data && list.data.length > 0 ? (
          <table className="table">
            <thead>
              <tr>
                <th>{t("enterprise.name")}</th>
                <th>{t("enterprise.kind")}</th>
                <th>{t("enterprise.sector")}</th>
                <th>{t("enterprise.craftVillage")}</th>
                <th>{t("enterprises.place")}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((e) => (
                <tr key={e.id} className="clickable" onClick={() => nav(`/enterprises/${e.id}`)} data-testid="enterprise-row">
                  <td>
                    <Link to={`/enterprises/${e.id}`} onClick={(ev) => ev.stopPropagation()}>
                      {e.name}
                    </Link>
                  </td>
                  <td>{t(`enterpriseKind.${e.kind}`)}</td>
                  <td>{e.sector ? nameOf(ref.data?.sectors, e.sector, lang) : ""}</td>
                  <td>{e.craft_village}</td>
                  <td>{[e.commune, e.district, e.province].filter(Boolean).join(", ")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
    </div>
  );
}
