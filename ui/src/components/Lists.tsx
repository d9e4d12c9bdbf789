// Pieces of the list pages (Home, Enterprises, an enterprise's assessments).

import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router-dom";
import type { AssessmentStatus } from "../backend/types";
import { ErrorBox } from "./ErrorBox";

/** The search box over a list; its placeholder is also its accessible name. */
export function SearchBox({
  value,
  onChange,
  label,
  testId,
}: {
  value: string;
  onChange: (text: string) => void;
  label: string;
  testId: string;
}) {
  return (
    <input
      className="search"
      type="search"
      value={value}
      onChange={(e) => onChange(e.target.value)}
      placeholder={label}
      aria-label={label}
      data-testid={testId}
    />
  );
}

/** What a list query shows besides its rows: its error (with a retry button when `retry`),
 * or the `empty` line when it has no rows. */
export function ListState({
  query,
  empty,
  emptyTestId,
  retry = false,
}: {
  query: UseQueryResult<unknown[]>;
  empty: ReactNode;
  emptyTestId?: string;
  retry?: boolean;
}) {
  return (
    <>
      {query.isError ? <ErrorBox error={query.error} onRetry={retry ? () => void query.refetch() : undefined} /> : null}
      {query.data && query.data.length === 0 ? (
        <p className="empty muted" data-testid={emptyTestId}>
          {empty}
        </p>
      ) : null}
    </>
  );
}

/** A table row that opens `to` when clicked anywhere; its first cell is the link itself
 * (keyboard, middle click), showing `label`. */
export function LinkRow({
  to,
  label,
  testId,
  linkTestId,
  children,
}: {
  to: string;
  label: ReactNode;
  testId: string;
  linkTestId?: string;
  children: ReactNode;
}) {
  const nav = useNavigate();
  return (
    <tr className="clickable" onClick={() => nav(to)} data-testid={testId}>
      <td>
        <Link to={to} onClick={(e) => e.stopPropagation()} data-testid={linkTestId}>
          {label}
        </Link>
      </td>
      {children}
    </tr>
  );
}

/** An assessment's status as a coloured badge. */
export function StatusBadge({ status, testId }: { status: AssessmentStatus; testId?: string }) {
  const { t } = useTranslation();
  return (
    <span className={`badge badge--${status}`} data-testid={testId}>
      {t(`assessmentStatus.${status}`)}
    </span>
  );
}
