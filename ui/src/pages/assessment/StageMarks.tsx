// The consultant's marks on the stages (quick) and tasks (detailed) of an assessment, and the
// banner of a completed or reopened one. What a stage needs and whether it counts as done come
// from Rust (`assessment.progress`); these components only show it and send the marks.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { AssessmentProgress, Missing, Review, StageProgress } from "../../backend/types";
import { ErrorBox } from "../../components/ErrorBox";
import { api, qk } from "../../lib/api";
import { fmtDateTime } from "../../lib/format";
import { useLang } from "../../lib/hooks";
import { flushAll } from "../../lib/saveQueue";

/** What the stepper shows in place of a stage's number. */
export const STEP_MARK: Partial<Record<StageProgress["status"], string>> = {
  done: "✓",
  not_applicable: "–",
  marked_incomplete: "!",
};

/** Completed (read-only, with "Mở lại để sửa") or reopened: who did it and when. */
export function StatusBanner({ id, locked, progress }: { id: string; locked: boolean; progress: AssessmentProgress | undefined }) {
  const { t } = useTranslation();
  const lang = useLang();
  const qc = useQueryClient();
  const reopen = useMutation({
    mutationFn: () => api.markStage({ assessment_id: id, stage: "report", state: "open", reason: "" }),
    onSuccess: (p) => {
      qc.setQueryData(qk.progress(id), p);
      void qc.invalidateQueries({ queryKey: qk.assessment(id) });
      void qc.invalidateQueries({ queryKey: qk.assessmentsAll });
    },
  });
  const event = locked ? progress?.completed : progress?.reopened;
  if (!locked && !event) return null;
  return (
    <div className={`banner ${locked ? "banner--locked" : "banner--info"}`} role="status" data-testid={locked ? "assessment-locked" : "assessment-reopened"}>
      <span>
        {locked ? `${t("assessment.locked")} ` : null}
        {event
          ? t(`assessment.${locked ? "completed" : "reopened"}${event.by ? "By" : "At"}`, { by: event.by, at: fmtDateTime(event.at, lang) })
          : null}
      </span>
      {locked ? (
        <button type="button" className="button button--small" onClick={() => reopen.mutate()} disabled={reopen.isPending} data-testid="assessment-reopen">
          {t("assessment.reopen")}
        </button>
      ) : null}
      {reopen.isError ? <ErrorBox error={reopen.error} /> : null}
    </div>
  );
}

/** The programme office's latest review of the assessment, as the last sync brought it: sent
 * back with its comment, approved or rejected, by whom and when. The latest is the one with the
 * greatest `reviewed_at`, then id — `sxsh_domain::model::latest_review`'s rule. */
export function ReviewBanner({ reviews }: { reviews: Review[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  const latest = [...reviews].sort((a, b) => (a.reviewed_at === b.reviewed_at ? (a.id < b.id ? -1 : 1) : a.reviewed_at < b.reviewed_at ? -1 : 1)).at(-1);
  if (!latest) return null;
  const tone = latest.state === "approved" ? "banner--locked" : "banner--warn";
  return (
    <div className={`banner ${tone}`} role="status" data-testid="assessment-review" data-state={latest.state}>
      <span>
        <b>{t(`review.${latest.state}`)}</b> {t("review.by", { by: latest.reviewer, at: fmtDateTime(latest.reviewed_at, lang) })}
      </span>
      {latest.comment ? (
        <div className="banner__detail wrap-any" data-testid="assessment-review-comment">
          {latest.comment}
        </div>
      ) : null}
    </div>
  );
}

/** One thing a stage still needs, in words. `nameOf` names another stage. */
export function MissingText({ m, nameOf }: { m: Missing; nameOf: (code: string) => string }) {
  const { t } = useTranslation();
  if (m.code === "stage") {
    const key = m.stage.startsWith("NV") ? "stages.missing.task" : "stages.missing.stage";
    return <>{t(key, { name: nameOf(m.stage) })}</>;
  }
  if ("count" in m) return <>{t(`stages.missing.${m.code}`, { count: m.count })}</>;
  return <>{t(`stages.missing.${m.code}`)}</>;
}

/** The stage's own mark: "mark done" when everything it needs is there, else what is missing;
 * with `allowNa`, "not applicable" with its reason. */
export function StageMarker({
  id,
  code,
  progress,
  locked,
  nameOf,
  allowNa = false,
}: {
  id: string;
  code: string;
  progress: StageProgress | undefined;
  locked: boolean;
  nameOf: (code: string) => string;
  allowNa?: boolean;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const qc = useQueryClient();
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState("");
  const mark = useMutation({
    mutationFn: async ({ state, why }: { state: "done" | "open" | "na"; why: string }) => {
      // What the stage needs is judged on what is stored: send pending edits first.
      await flushAll();
      return api.markStage({ assessment_id: id, stage: code, state, reason: why });
    },
    onSuccess: (p) => {
      qc.setQueryData(qk.progress(id), p);
      setAsking(false);
    },
  });
  if (!progress) return null;
  const marked = progress.status === "done" || progress.status === "marked_incomplete" || progress.status === "not_applicable";
  return (
    <div className={`stage-mark stage-mark--${progress.status}`} data-testid="stage-mark" data-status={progress.status}>
      {progress.status === "done" && progress.marked_at ? (
        <span className="ok">{t(progress.marked_by ? "stages.doneBy" : "stages.doneAt", { by: progress.marked_by, at: fmtDateTime(progress.marked_at, lang) })}</span>
      ) : null}
      {progress.status === "not_applicable" ? (
        <span className="muted" data-testid="stage-na-reason">
          {t("stages.naBecause", { reason: progress.reason })}
        </span>
      ) : null}
      {progress.missing.length > 0 && progress.status !== "not_applicable" ? (
        <div className="stage-mark__missing" data-testid="stage-missing">
          <span className="muted small">{t("stages.missingTitle")}</span>
          <ul className="small">
            {progress.missing.map((m) => (
              <li key={m.code + ("stage" in m ? m.stage : "")}>
                <MissingText m={m} nameOf={nameOf} />
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {!locked && marked ? (
        <button type="button" className="button button--small" onClick={() => mark.mutate({ state: "open", why: "" })} disabled={mark.isPending} data-testid="stage-unmark">
          {t("stages.unmark")}
        </button>
      ) : null}
      {!locked && !marked && allowNa && !asking ? (
        <button type="button" className="button button--small" onClick={() => setAsking(true)} data-testid="stage-na">
          {t("stages.markNa")}
        </button>
      ) : null}
      {!locked && !marked && asking ? (
        <form
          className="stage-mark__na"
          onSubmit={(e) => {
            e.preventDefault();
            mark.mutate({ state: "na", why: reason });
          }}
        >
          <input value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t("stages.naReason")} aria-label={t("stages.naReason")} data-testid="stage-na-reason-input" />
          <button type="submit" className="button button--small" disabled={mark.isPending || reason.trim() === ""} data-testid="stage-na-confirm">
            {t("stages.markNaConfirm")}
          </button>
        </form>
      ) : null}
      {!locked && !marked ? (
        <button
          type="button"
          className="button button--small button--accent"
          onClick={() => mark.mutate({ state: "done", why: "" })}
          disabled={mark.isPending || progress.missing.length > 0}
          data-testid="stage-mark-done"
        >
          ✓ {t("stages.mark")}
        </button>
      ) : null}
      {mark.isError ? <ErrorBox error={mark.error} /> : null}
    </div>
  );
}

/** "Cannot be completed while …": the stages or tasks something waits for, named. */
export function WaitingFor({ missing, nameOf, testId }: { missing: Missing[]; nameOf: (code: string) => string; testId: string }) {
  const { t } = useTranslation();
  const waiting = missing.filter((m) => m.code === "stage");
  if (waiting.length === 0) return null;
  return (
    <div className="small muted" data-testid={testId}>
      {t("report.completeBlocked")}{" "}
      {waiting.map((m, i) => (
        <span key={i}>
          {i > 0 ? ", " : ""}
          <MissingText m={m} nameOf={nameOf} />
        </span>
      ))}
    </div>
  );
}
