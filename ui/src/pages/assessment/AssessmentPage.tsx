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
import { LockedContext } from "../../lib/locked";
import { DetailedReport, TaskStepper, TaskView, TraceView, taskCode, taskPath } from "./DetailedPage";
import { ReviewBanner, StageMarker, StatusBanner, STEP_MARK } from "./StageMarks";
import type { Stage } from "./progress";
import { STAGE_CODES, STAGES, useProgress, useProgressFollowsDocument } from "./progress";
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
  // Every stored change of the document (a save, a sync, an undo) may move a stage: read
  // again once they settle, unless the figures were read since (what is only typed is not).
  useProgressFollowsDocument(qc, id);

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
  const detailed = doc.data.assessment.kind === "detailed";
  const tasks = ref.data.tasks.map((x) => taskPath(x.id));
  if (detailed && stage !== "photos" && stage !== "report" && stage !== "trace" && !tasks.includes(stage)) return <Navigate to={`/assessment/${id}/nv1`} replace />;
  if (!detailed && stage !== "photos" && !(STAGES as readonly string[]).includes(stage)) return <Navigate to={`/assessment/${id}/a`} replace />;

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

      {detailed ? (
        <>
          <TaskStepper id={id} stages={progress.data?.stages ?? []} />
          <ReviewBanner reviews={d.reviews} />
          <StatusBanner id={id} locked={locked} progress={progress.data} />
          <LockedContext.Provider value={locked}>
            {stage === "photos" ? (
              <div className="stage" data-testid="stage-view-photos">
                <PhotosPanel doc={d} />
              </div>
            ) : stage === "trace" ? (
              <TraceView doc={d} />
            ) : stage === "report" ? (
              <DetailedReport doc={d} progress={progress.data?.stages.find((p) => p.stage === "report")} />
            ) : (
              <TaskView doc={d} code={taskCode(stage)} progress={progress.data} locked={locked} />
            )}
          </LockedContext.Provider>
        </>
      ) : (
        <>
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

        <ReviewBanner reviews={d.reviews} />
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
          {stage !== "photos" && stage !== "f" ? (
            <StageMarker id={id} code={STAGE_CODES[stage as Stage]} progress={stageOf(stage as Stage)} locked={locked} nameOf={(c) => t(`stages.${letterOf(c)}.short`)} />
          ) : null}
          {stage !== "photos" ? <StageNav id={id} stage={stage as Stage} /> : null}
        </div>
        </LockedContext.Provider>
        </>
      )}
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
