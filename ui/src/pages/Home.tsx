import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router-dom";
import { EnterprisePicker } from "../components/EnterprisePicker";
import { ErrorBox } from "../components/ErrorBox";
import { api, qk } from "../lib/api";
import { fmtDate } from "../lib/format";
import { useLang } from "../lib/hooks";
import { useDebounced } from "../lib/useDebounced";

export function Home() {
  const { t } = useTranslation();
  const lang = useLang();
  const nav = useNavigate();
  const qc = useQueryClient();
  const [query, setQuery] = useState("");
  const q = useDebounced(query, 200);
  const [picking, setPicking] = useState(false);
  const recent = useQuery({ queryKey: qk.recent(q), queryFn: () => api.assessmentRecent(q, 50) });
  const create = useMutation({
    mutationFn: (enterpriseId: string) => api.assessmentCreate(enterpriseId, "quick"),
    onSuccess: (a) => {
      void qc.invalidateQueries({ queryKey: qk.assessmentsAll });
      nav(`/assessment/${a.id}/a`);
    },
  });

  return (
    <div className="page" data-testid="page-home">
      <div className="page-head">
        <div>
          <h1>{t("home.title")}</h1>
          <p className="muted">{t("home.subtitle")}</p>
        </div>
        <button type="button" className="button button--primary" onClick={() => setPicking(true)} data-testid="assessment-new">
          {t("home.newQuick")}
        </button>
      </div>

      <div className="toolbar">
        <input
          className="search"
          type="search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder={t("home.searchPlaceholder")}
          aria-label={t("home.searchPlaceholder")}
          data-testid="home-search"
        />
      </div>

      <section className="card">
        <h2 className="card__title">{t("home.recent")}</h2>
        {recent.isError ? <ErrorBox error={recent.error} onRetry={() => void recent.refetch()} /> : null}
        {recent.data && recent.data.length === 0 ? (
          <p className="empty muted" data-testid="home-empty">
            {q ? t("home.noMatch") : t("home.none")}
          </p>
        ) : null}
        {recent.data && recent.data.length > 0 ? (
          <table className="table" data-testid="recent-table">
            <thead>
              <tr>
                <th>{t("home.col.assessment")}</th>
                <th>{t("home.col.enterprise")}</th>
                <th>{t("home.col.kind")}</th>
                <th>{t("home.col.status")}</th>
                <th className="num">{t("home.col.edited")}</th>
              </tr>
            </thead>
            <tbody>
              {recent.data.map((s) => (
                <tr key={s.assessment.id} className="clickable" data-testid="assessment-row" onClick={() => nav(`/assessment/${s.assessment.id}/a`)}>
                  <td>
                    <Link to={`/assessment/${s.assessment.id}/a`} onClick={(e) => e.stopPropagation()} data-testid="assessment-link">
                      {s.assessment.title}
                    </Link>
                  </td>
                  <td>{s.enterprise_name}</td>
                  <td className="nowrap">{t(`assessmentKind.${s.assessment.kind}`)}</td>
                  <td>
                    <span className={`badge badge--${s.assessment.status}`}>{t(`assessmentStatus.${s.assessment.status}`)}</span>
                  </td>
                  <td className="num nowrap">{fmtDate(s.assessment.updated_at, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>

      {picking ? (
        <EnterprisePicker
          title={t("home.pickEnterprise")}
          busy={create.isPending}
          onClose={() => setPicking(false)}
          onPick={(e) => create.mutate(e.id)}
        />
      ) : null}
      {create.isError ? <ErrorBox error={create.error} /> : null}
    </div>
  );
}
