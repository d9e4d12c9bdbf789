import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, Navigate, NavLink, useNavigate, useParams } from "react-router-dom";
import { ErrorBox } from "../../components/ErrorBox";
import { StatusBadge } from "../../components/Lists";
import { ConfirmWhenOpen } from "../../components/Modal";
import { ProgressBar } from "../../components/ProgressBar";
import { api, qk } from "../../lib/api";
import { useReference } from "../../lib/hooks";
import { cancel, flushAll } from "../../lib/saveQueue";
import { FlowsStage } from "./FlowsStage";
import { FocusStage } from "./FocusStage";
import { OptionsStage } from "./OptionsStage";
import { PhotosPanel } from "./PhotosPanel";
import { ProfileStage } from "./ProfileStage";
import type { AssessmentProgress, StageProgress } from "../../backend/types";
import { fmtDateTime } from "../../lib/format";
import { useLang } from "../../lib/hooks";
import { LockedContext } from "../../lib/locked";
import type { Stage } from "./progress";
import { STAGE_CODES, STAGES, useProgress } from "./progress";
import { ReportStage } from "./ReportStage";
import { WalkStage } from "./WalkStage";

export function AssessmentPage() {
  const { t } = useTranslation();
  const { id = "", stage = "a" } = useParams();
  const qc = useQueryClient();
  const ref = useReference();
  const nav = useNavigate();
  const [confirming, setConfirming] = useState(false);
  const del = useMutation({
    mutationFn: async () => {
      cancel(`assessment:${id}`);
      await flushAll();
      return api.assessmentDelete(id);
    },
    onSuccess: () => {
      qc.removeQueries({ queryKey: qk.assessment(id) });
      void qc.invalidateQueries({ queryKey: qk.assessmentsAll });
      nav("/");
    },
  });
  const doc = useQuery({
    queryKey: qk.assessment(id),
    queryFn: () => api.assessmentOpen(id),
    // The forms own their texts while the page is open; the cache follows what they save.
    staleTime: Infinity,
  });
  const progress = useProgress(id);
  // Every change of the document (a save, a sync, an undo) may move a stage.
  useEffect(() => {
    if (doc.data) void qc.invalidateQueries({ queryKey: qk.progress(id) });
  }, [doc.data, id, qc]);

  // Leaving the assessment: send what is pending, then read it fresh next time.
  useEffect(() => {
    return () => {
      void flushAll().then(() => {
        void qc.invalidateQueries({ queryKey: qk.assessment(id) });
        void qc.invalidateQueries({ queryKey: qk.assessmentsAll });
      });
    };
  }, [id, qc]);

  if (doc.isError) return <ErrorBox error={doc.error} onRetry={() => void doc.refetch()} />;
  if (!doc.data || !ref.data) return <div className="loading">{t("common.loading")}</div>;
  if (stage !== "photos" && !(STAGES as readonly string[]).includes(stage)) return <Navigate to={`/assessment/${id}/a`} replace />;

  const d = doc.data;
  const stages = progress.data?.stages ?? [];
  const stageOf = (s: Stage) => stages.find((p) => p.stage === STAGE_CODES[s]);
  const doneCount = stages.filter((p) => p.status === "done" || p.status === "not_applicable").length;
  const photoCount = d.attachments.length;
  const locked = d.assessment.status === "completed";

  return (
    <div className="page page--assessment" data-testid="page-assessment">
      <div className="page-head page-head--tight">
        <div className="page-head__main">
          <div className="crumbs">
            <Link to="/">{t("nav.home")}</Link>
            <span aria-hidden="true"> / </span>
            <Link to={`/enterprises/${d.enterprise.id}`} data-testid="assessment-enterprise-link">
              {d.enterprise.name}
            </Link>
          </div>
          <h1 className="title-wrap" data-testid="assessment-title">
            {d.assessment.title}
          </h1>
        </div>
        <div className="page-head__side">
          <span className="badge">{t(`assessmentKind.${d.assessment.kind}`)}</span>
          <StatusBadge status={d.assessment.status} testId="assessment-status" />
          <NavLink to={`/assessment/${id}/photos`} className={({ isActive }) => `button button--small${isActive ? " button--active" : ""}`} data-testid="assessment-photos">
            {t("photos.panel", { count: photoCount })}
          </NavLink>
          <button type="button" className="button button--small button--danger-ghost" onClick={() => setConfirming(true)} data-testid="assessment-delete">
            {t("common.delete")}
          </button>
        </div>
      </div>

      <nav className="stepper" aria-label={t("stages.label")} data-testid="stepper">
        <ol>
          {STAGES.map((s, i) => {
            const status = stageOf(s)?.status ?? "not_started";
            return (
              <li key={s}>
                <NavLink
                  to={`/assessment/${id}/${s}`}
                  className={({ isActive }) => ["step", isActive ? "step--active" : "", `step--${status}`].join(" ")}
                  title={t(`stages.status.${status}`)}
                  data-testid={`stage-${s}`}
                  data-status={status}
                >
                  <span className="step__num">{STEP_MARK[status] ?? i + 1}</span>
                  <span className="step__label">{t(`stages.${s}.short`)}</span>
                </NavLink>
              </li>
            );
          })}
        </ol>
        <ProgressBar done={doneCount} total={STAGES.length} label={t("stages.progress", { done: doneCount, total: STAGES.length })} testId="stage-progress" />
      </nav>

      <StatusBanner id={id} locked={locked} progress={progress.data} />

      <LockedContext.Provider value={locked}>
      <div className="stage" data-testid={`stage-view-${stage}`}>
        {stage !== "photos" ? (
          <div className="stage__head">
            <h2>{t(`stages.${stage as Stage}.title`)}</h2>
            <p className="muted">{t(`stages.${stage as Stage}.intro`)}</p>
          </div>
        ) : null}
        {stage === "a" ? <ReadOnly locked={locked}><ProfileStage doc={d} /></ReadOnly> : null}
        {stage === "b" ? <WalkStage doc={d} /> : null}
        {stage === "c" ? <ReadOnly locked={locked}><FlowsStage doc={d} /></ReadOnly> : null}
        {stage === "d" ? <ReadOnly locked={locked}><OptionsStage doc={d} /></ReadOnly> : null}
        {stage === "e" ? <ReadOnly locked={locked}><FocusStage doc={d} /></ReadOnly> : null}
        {stage === "f" ? <ReportStage doc={d} progress={stageOf("f")} /> : null}
        {stage === "photos" ? <PhotosPanel doc={d} /> : null}
        {stage !== "photos" && stage !== "f" ? <StageMarker id={id} stage={stage as Stage} progress={stageOf(stage as Stage)} locked={locked} /> : null}
        {stage !== "photos" ? <StageNav id={id} stage={stage as Stage} /> : null}
      </div>
      </LockedContext.Provider>
      {del.isError ? <ErrorBox error={del.error} /> : null}
      <ConfirmWhenOpen
        open={confirming}
        onClose={() => setConfirming(false)}
        title={t("assessment.deleteTitle")}
        message={t("assessment.deleteMessage", { title: d.assessment.title })}
        confirmLabel={t("common.delete")}
        danger
        onConfirm={() => del.mutate()}
      />
    </div>
  );
}

/** A stage's forms, every control disabled while the assessment is completed. */
function ReadOnly({ locked, children }: { locked: boolean; children: React.ReactNode }) {
  return (
    <fieldset className="fieldset-plain" disabled={locked} data-testid={locked ? "stage-read-only" : undefined}>
      {children}
    </fieldset>
  );
}

/** What the stepper shows in place of a stage's number. */
const STEP_MARK: Partial<Record<StageProgress["status"], string>> = {
  done: "✓",
  not_applicable: "–",
  marked_incomplete: "!",
};

/** Completed (read-only, with "Mở lại để sửa") or reopened: who did it and when. */
function StatusBanner({ id, locked, progress }: { id: string; locked: boolean; progress: AssessmentProgress | undefined }) {
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
        {event ? t(locked ? "assessment.completedBy" : "assessment.reopenedBy", { by: event.by, at: fmtDateTime(event.at, lang) }) : null}
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

/** The stage's own mark: "mark done" when everything it needs is there, else what is missing. */
function StageMarker({ id, stage, progress, locked }: { id: string; stage: Stage; progress: StageProgress | undefined; locked: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const qc = useQueryClient();
  const mark = useMutation({
    mutationFn: async (state: "done" | "open") => {
      // What the stage needs is judged on what is stored: send pending edits first.
      await flushAll();
      return api.markStage({ assessment_id: id, stage: STAGE_CODES[stage], state, reason: "" });
    },
    onSuccess: (p) => qc.setQueryData(qk.progress(id), p),
  });
  if (!progress) return null;
  const marked = progress.status === "done" || progress.status === "marked_incomplete";
  return (
    <div className={`stage-mark stage-mark--${progress.status}`} data-testid="stage-mark" data-status={progress.status}>
      {progress.status === "done" ? (
        <span className="ok">{t("stages.doneBy", { by: progress.marked_by, at: fmtDateTime(progress.marked_at, lang) })}</span>
      ) : null}
      {progress.missing.length > 0 ? (
        <div className="stage-mark__missing" data-testid="stage-missing">
          <span className="muted small">{t("stages.missingTitle")}</span>
          <ul className="small">
            {progress.missing.map((m) => (
              <li key={m.code + ("stage" in m ? m.stage : "")}>
                {m.code === "stage"
                  ? t("stages.missing.stage", { name: t(`stages.${letterOf(m.stage)}.short`) })
                  : m.code === "unanswered"
                    ? t("stages.missing.unanswered", { count: m.count })
                    : t(`stages.missing.${m.code}`)}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {!locked && marked ? (
        <button type="button" className="button button--small" onClick={() => mark.mutate("open")} disabled={mark.isPending} data-testid="stage-unmark">
          {t("stages.unmark")}
        </button>
      ) : null}
      {!locked && !marked ? (
        <button
          type="button"
          className="button button--small button--accent"
          onClick={() => mark.mutate("done")}
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

/** The address letter of a stage code. */
function letterOf(code: string): Stage {
  return STAGES.find((s) => STAGE_CODES[s] === code) ?? "a";
}

function StageNav({ id, stage }: { id: string; stage: Stage }) {
  const { t } = useTranslation();
  const i = STAGES.indexOf(stage);
  const prev = i > 0 ? STAGES[i - 1] : null;
  const next = i < STAGES.length - 1 ? STAGES[i + 1] : null;
  return (
    <div className="stage-nav">
      {prev ? (
        <Link to={`/assessment/${id}/${prev}`} className="button" data-testid="stage-prev">
          ← {t(`stages.${prev}.short`)}
        </Link>
      ) : (
        <span />
      )}
      {next ? (
        <Link to={`/assessment/${id}/${next}`} className="button button--primary" data-testid="stage-next">
          {t(`stages.${next}.short`)} →
        </Link>
      ) : null}
    </div>
  );
}
