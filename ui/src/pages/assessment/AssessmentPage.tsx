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
import type { Stage } from "./progress";
import { STAGES, stageDone } from "./progress";
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
  const done = stageDone(d, ref.data);
  const doneCount = STAGES.filter((s) => done[s]).length;
  const photoCount = d.attachments.length;

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
          {STAGES.map((s, i) => (
            <li key={s}>
              <NavLink
                to={`/assessment/${id}/${s}`}
                className={({ isActive }) => ["step", isActive ? "step--active" : "", done[s] ? "step--done" : ""].join(" ")}
                data-testid={`stage-${s}`}
                data-done={done[s] || undefined}
              >
                <span className="step__num">{done[s] ? "✓" : i + 1}</span>
                <span className="step__label">{t(`stages.${s}.short`)}</span>
              </NavLink>
            </li>
          ))}
        </ol>
        <ProgressBar done={doneCount} total={STAGES.length} label={t("stages.progress", { done: doneCount, total: STAGES.length })} testId="stage-progress" />
      </nav>

      <div className="stage" data-testid={`stage-view-${stage}`}>
        {stage !== "photos" ? (
          <div className="stage__head">
            <h2>{t(`stages.${stage as Stage}.title`)}</h2>
            <p className="muted">{t(`stages.${stage as Stage}.intro`)}</p>
          </div>
        ) : null}
        {stage === "a" ? <ProfileStage doc={d} /> : null}
        {stage === "b" ? <WalkStage doc={d} /> : null}
        {stage === "c" ? <FlowsStage doc={d} /> : null}
        {stage === "d" ? <OptionsStage doc={d} /> : null}
        {stage === "e" ? <FocusStage doc={d} /> : null}
        {stage === "f" ? <ReportStage doc={d} /> : null}
        {stage === "photos" ? <PhotosPanel doc={d} /> : null}
        {stage !== "photos" ? <StageNav id={id} stage={stage as Stage} /> : null}
      </div>
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
