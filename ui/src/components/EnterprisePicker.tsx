import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import type { Enterprise, Stored } from "../backend/types";
import { useEnterpriseSearch, useEnterpriseSummary } from "../lib/hooks";
import { ErrorBox } from "./ErrorBox";
import { Modal } from "./Modal";

/** Pick an enterprise (accent-insensitive search), e.g. for a new assessment. */
export function EnterprisePicker({
  title,
  onPick,
  onClose,
  busy,
}: {
  title: string;
  onPick: (e: Stored<Enterprise>) => void;
  onClose: () => void;
  busy?: boolean;
}) {
  const { t } = useTranslation();
  const summary = useEnterpriseSummary();
  const { query, setQuery, list } = useEnterpriseSearch();
  const nav = useNavigate();
  return (
    <Modal title={title} onClose={onClose} testId="enterprise-picker">
      <input
        className="search"
        type="search"
        autoFocus
        value={query}
        placeholder={t("enterprises.searchPlaceholder")}
        onChange={(e) => setQuery(e.target.value)}
        data-testid="enterprise-picker-search"
      />
      {list.isError ? <ErrorBox error={list.error} /> : null}
      <ul className="pick-list">
        {(list.data ?? []).map((e) => (
          <li key={e.id}>
            <button type="button" disabled={busy} onClick={() => onPick(e)} data-testid="enterprise-pick-row">
              <span className="pick-list__name">{e.name}</span>
              <span className="muted small">{summary(e)}</span>
            </button>
          </li>
        ))}
        {list.data && list.data.length === 0 ? <li className="muted empty">{query.trim() ? t("enterprises.noMatch") : t("enterprises.none")}</li> : null}
      </ul>
      {list.data && list.data.length === 0 ? (
        <button
          type="button"
          className="button button--primary"
          onClick={() => nav(`/enterprises/new${query.trim() ? `?name=${encodeURIComponent(query.trim())}` : ""}`)}
          data-testid="enterprise-picker-add"
        >
          + {query.trim() ? t("enterprises.addNamed", { name: query.trim() }) : t("enterprises.add")}
        </button>
      ) : null}
    </Modal>
  );
}
