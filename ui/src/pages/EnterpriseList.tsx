import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { LinkRow, ListState, SearchBox } from "../components/Lists";
import { PageHead } from "../components/PageHead";
import { nameOf, useEnterpriseSearch, useLang, useReference } from "../lib/hooks";

export function EnterpriseList() {
  const { t } = useTranslation();
  const lang = useLang();
  const ref = useReference();
  const { query, setQuery, q, list } = useEnterpriseSearch();

  return (
    <div className="page" data-testid="page-enterprises">
      <PageHead title={t("enterprises.title")} sub={t("enterprises.subtitle")}>
        <Link to="/enterprises/new" className="button button--primary" data-testid="enterprise-new">
          {t("enterprises.new")}
        </Link>
      </PageHead>
      <div className="toolbar">
        <SearchBox value={query} onChange={setQuery} label={t("enterprises.searchPlaceholder")} testId="enterprise-search" />
        {list.data ? (
          <span className="muted small" data-testid="enterprise-count">
            {t("enterprises.count", { count: list.data.length })}
          </span>
        ) : null}
      </div>
      <section className="card card--flush">
        <ListState query={list} retry empty={q ? t("enterprises.noMatch") : t("enterprises.none")} emptyTestId="enterprise-empty" />
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
                <LinkRow key={e.id} to={`/enterprises/${e.id}`} label={e.name} testId="enterprise-row">
                  <td>{t(`enterpriseKind.${e.kind}`)}</td>
                  <td>{e.sector ? nameOf(ref.data?.sectors, e.sector, lang) : ""}</td>
                  <td>{e.craft_village}</td>
                  <td>{[e.commune, e.district, e.province].filter(Boolean).join(", ")}</td>
                </LinkRow>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
    </div>
  );
}
