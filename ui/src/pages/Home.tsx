import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { EnterprisePicker } from "../components/EnterprisePicker";
import { ErrorBox } from "../components/ErrorBox";
import { LinkRow, ListState, SearchBox, StatusBadge } from "../components/Lists";
import { PageHead } from "../components/PageHead";
import { api, qk } from "../lib/api";
import { fmtDate } from "../lib/format";
import { useCreateAssessment, useLang } from "../lib/hooks";
import { useDebounced } from "../lib/useDebounced";

export function Home() {
  const { t } = useTranslation();
  const lang = useLang();
  const [query, setQuery] = useState("");
  const q = useDebounced(query, 200);
  const [picking, setPicking] = useState(false);
  const recent = useQuery({ queryKey: qk.recent(q), queryFn: () => api.assessmentRecent(q, 50) });
  const create = useCreateAssessment();

  return (
    <div className="page" data-testid="page-home">
      <PageHead title={t("home.title")} sub={t("home.subtitle")}>
        <button type="button" className="button button--primary" onClick={() => setPicking(true)} data-testid="assessment-new">
          {t("home.newQuick")}
        </button>
      </PageHead>

      <div className="toolbar">
        <SearchBox value={query} onChange={setQuery} label={t("home.searchPlaceholder")} testId="home-search" />
      </div>

      <section className="card">
        <h2 className="card__title">{t("home.recent")}</h2>
        <ListState query={recent} retry empty={q ? t("home.noMatch") : t("home.none")} emptyTestId="home-empty" />
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
                <LinkRow
                  key={s.assessment.id}
                  to={`/assessment/${s.assessment.id}/a`}
                  label={s.assessment.title}
                  testId="assessment-row"
                  linkTestId="assessment-link"
                >
                  <td>{s.enterprise_name}</td>
                  <td className="nowrap">{t(`assessmentKind.${s.assessment.kind}`)}</td>
                  <td>
                    <StatusBadge status={s.assessment.status} />
                  </td>
                  <td className="num nowrap">{fmtDate(s.assessment.updated_at, lang)}</td>
                </LinkRow>
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
