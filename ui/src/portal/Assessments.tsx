// The assessments the account sees, with the office's review of each: received ("mới nhận"),
// sent back with comments, approved (counted in the official figures) or rejected. An admin
// reviews here; the decision is a change op the server applies like a device's, and reaches
// the consultant's app with the next sync.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { PageHead } from "../components/PageHead";
import { fmtDate, fmtDateTime } from "../lib/format";
import { useLang } from "../lib/hooks";
import { useDebounced } from "../lib/useDebounced";
import { PortalErrorText } from "./forms";
import { portal, xlsxUrl } from "./api";
import { AreaPicker, useArea } from "./Areas";
import type { PortalAssessment, PortalSession, ReviewState } from "./types";

const STATES: ReviewState[] = ["approved", "needs_changes", "rejected"];

/** The review state's label key: `received` when not reviewed yet. */
const stateKey = (s: ReviewState | null) => s ?? "received";

export function Assessments({ session }: { session: PortalSession }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [q, setQ] = useState("");
  const [open, setOpen] = useState<string | null>(null);
  const query = useDebounced(q.trim(), 200);
  const { area } = useArea();
  const list = useQuery({ queryKey: ["portal", "assessments", query, area], queryFn: () => portal.assessments(query, area), placeholderData: (prev) => prev });
  return (
    <div className="page" data-testid="portal-assessments">
      <PageHead title={t("portal.assessments")} sub={t("portal.assessmentsSub")}>
        <a className="button" href={xlsxUrl("assessments", query, area)} download data-testid="portal-assessments-xlsx">
          {t("portal.exportXlsx")}
        </a>
      </PageHead>
      <AreaPicker />
      <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder={t("portal.searchAssessments")} aria-label={t("portal.search")} data-testid="portal-assessment-search" />
      {list.isError ? <p className="error-box" role="alert">{String(list.error)}</p> : null}
      <div className="card card--table">
        <table className="table">
          <thead>
            <tr>
              <th>{t("portal.name")}</th>
              <th>{t("portal.assessment")}</th>
              <th>{t("portal.start")}</th>
              <th>{t("portal.consultant")}</th>
              <th>{t("portal.review")}</th>
            </tr>
          </thead>
          <tbody>
            {(list.data ?? []).map((a) => (
              <Row key={a.id} a={a} open={open === a.id} onToggle={() => setOpen(open === a.id ? null : a.id)} canReview={session.account.role === "admin"} lang={lang} />
            ))}
            {list.data && list.data.length === 0 ? (
              <tr>
                <td colSpan={5} className="empty muted">
                  {t("portal.noAssessments")}
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function Row({ a, open, onToggle, canReview, lang }: { a: PortalAssessment; open: boolean; onToggle: () => void; canReview: boolean; lang: "vi" | "en" }) {
  const { t } = useTranslation();
  return (
    <>
      <tr className="clickable" onClick={onToggle} data-testid="portal-assessment-row" data-assessment-id={a.id} aria-expanded={open}>
        <td>{a.enterprise_name}</td>
        <td>
          {a.title} <span className="muted small">· {t(`portal.kind.${a.kind}`)}</span>
        </td>
        <td>{a.start_date ? fmtDate(a.start_date, lang) : "–"}</td>
        <td>{a.consultant}</td>
        <td>
          <span className={`badge badge--review-${stateKey(a.review_state)}`} data-testid="portal-review-state">
            {t(`portal.reviewState.${stateKey(a.review_state)}`)}
          </span>
        </td>
      </tr>
      {open ? (
        <tr className="row-extra">
          <td colSpan={5}>
            <ReviewPanel a={a} canReview={canReview} lang={lang} />
          </td>
        </tr>
      ) : null}
    </>
  );
}

function ReviewPanel({ a, canReview, lang }: { a: PortalAssessment; canReview: boolean; lang: "vi" | "en" }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [state, setState] = useState<ReviewState>("approved");
  const [comment, setComment] = useState("");
  const send = useMutation({
    mutationFn: () => portal.review(a.id, state, comment),
    onSuccess: () => {
      setComment("");
      void qc.invalidateQueries({ queryKey: ["portal"], predicate: (q) => q.queryKey[1] !== "session" });
    },
  });
  // The server refuses a review without its comment too; said here in the page's language.
  const [missing, setMissing] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const needsComment = state !== "approved" && comment.trim() === "";
    setMissing(needsComment);
    if (!needsComment) send.mutate();
  };
  return (
    <div className="portal-review" data-testid="portal-review-panel">
      <div className="portal-review__history">
        <div className="row-actions">
          <Link className="button button--small button--primary" to={`/assessments/${encodeURIComponent(a.id)}`} data-testid="portal-assessment-open">
            {t("portal.openAssessment")}
          </Link>
          <a className="button button--small" href={`/portal/api/assessments/${encodeURIComponent(a.id)}/report.pdf?lang=${lang}`} download data-testid="portal-assessment-pdf">
            {t("portal.reportPdf")}
          </a>
        </div>
      {a.reviews.length === 0 ? <p className="muted small">{t("portal.notReviewed")}</p> : null}
      <ol className="portal-review__list" data-testid="portal-review-history">
        {a.reviews.map((r) => (
          <li key={r.id}>
            <b>{t(`portal.reviewState.${r.state}`)}</b> · {r.reviewer} · {fmtDateTime(r.reviewed_at, lang)}
            {r.comment ? <div className="wrap-any">{r.comment}</div> : null}
          </li>
        ))}
      </ol>
      </div>
      {canReview ? (
        <form onSubmit={submit} className="portal-review__form">
          <fieldset className="fieldset-plain">
            <legend className="small">{t("portal.decision")}</legend>
            {STATES.map((s) => (
              <label key={s} className="check">
                <input type="radio" name={`review-${a.id}`} value={s} checked={state === s} onChange={() => setState(s)} data-testid={`portal-review-${s}`} />
                {t(`portal.reviewState.${s}`)}
              </label>
            ))}
          </fieldset>
          <label className="field">
            <span>{t("portal.comment")}</span>
            <textarea rows={3} value={comment} onChange={(e) => setComment(e.target.value)} placeholder={state === "approved" ? "" : t("portal.commentRequired")} data-testid="portal-review-comment" />
          </label>
          {missing ? (
            <p className="field-error" role="alert" data-testid="portal-review-error">
              {t("portal.commentRequired")}
            </p>
          ) : null}
          {send.isError && !missing ? (
            <p className="field-error" role="alert" data-testid="portal-review-error">
              <PortalErrorText error={send.error} />
            </p>
          ) : null}
          <button type="submit" className="button button--primary" disabled={send.isPending} data-testid="portal-review-submit">
            {t("portal.saveReview")}
          </button>
        </form>
      ) : null}
    </div>
  );
}
