import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import { toApiError } from "../../backend";
import type { ApiError, AssessmentDocument, Lang, StageProgress } from "../../backend/types";
import { ErrorBox } from "../../components/ErrorBox";
import { api, qk } from "../../lib/api";
import { exportReport, type ReportResult } from "../../lib/reportFile";
import { fmtBytes } from "../../lib/format";
import { useLang } from "../../lib/hooks";
import { flushAll } from "../../lib/saveQueue";
import { STAGE_CODES, STAGES } from "./progress";
import { WaitingFor } from "./StageMarks";

const CONTENTS = ["profile", "team", "walk", "inout", "options", "focus", "factors"] as const;


export function ReportStage({ doc, progress }: { doc: AssessmentDocument; progress: StageProgress | undefined }) {
  const { t } = useTranslation();
  const uiLang = useLang();
  const qc = useQueryClient();
  const nav = useNavigate();
  const [lang, setLang] = useState<Lang>(uiLang);
  const [busy, setBusy] = useState(false);
  const [completing, setCompleting] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [result, setResult] = useState<ReportResult | null>(null);
  const a = doc.assessment;

  const exportPdf = async () => {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(await exportReport(a.id, "quick", lang, "pdf"));
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  // Completing is the report stage's mark: Rust checks that every stage before it is done.
  const complete = async () => {
    setCompleting(true);
    setError(null);
    try {
      await flushAll();
      const p = await api.markStage({ assessment_id: a.id, stage: "report", state: "done", reason: "" });
      qc.setQueryData(qk.progress(a.id), p);
      await qc.invalidateQueries({ queryKey: qk.assessment(a.id) });
      void qc.invalidateQueries({ queryKey: qk.assessmentsAll });
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setCompleting(false);
    }
  };
  // The detailed assessment that carries this one on: its baseline, team, findings and options.
  const continueDetailed = async () => {
    setCompleting(true);
    setError(null);
    try {
      await flushAll();
      const next = await api.continueDetailed(a.id);
      void qc.invalidateQueries({ queryKey: qk.assessmentsAll });
      nav(`/assessment/${next.id}/nv1`);
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setCompleting(false);
    }
  };
  const blockedBy = (progress?.missing ?? []).flatMap((m) => (m.code === "stage" ? [m.stage] : []));

  return (
    <>
      <section className="card">
        <div className="report-actions">
          <label className="inline-field">
            <span>{t("report.language")}</span>
            <select value={lang} onChange={(e) => setLang(e.target.value as Lang)} data-testid="report-lang">
              <option value="vi">Tiếng Việt</option>
              <option value="en">English</option>
            </select>
          </label>
          <button type="button" className="button button--primary" onClick={() => void exportPdf()} disabled={busy} data-testid="report-export">
            {busy ? t("report.working") : t("report.export")}
          </button>
          {a.status !== "completed" ? (
            <button type="button" className="button" onClick={() => void complete()} disabled={completing || blockedBy.length > 0} data-testid="assessment-complete">
              ✓ {t("report.markCompleted")}
            </button>
          ) : (
            <span className="badge badge--completed">{t("assessmentStatus.completed")}</span>
          )}
        </div>
        <div className="report-actions">
          <button type="button" className="button" onClick={() => void continueDetailed()} disabled={completing} data-testid="continue-detailed">
            {t("report.continueDetailed")}
          </button>
          <span className="muted small">{t("report.continueDetailedHint")}</span>
        </div>
        {a.status !== "completed" ? (
          <WaitingFor missing={progress?.missing ?? []} nameOf={(c) => t(`stages.${STAGES.find((s) => STAGE_CODES[s] === c) ?? "a"}.short`)} testId="stage-missing" />
        ) : null}
        {busy ? (
          <div className="progress progress--indeterminate" data-testid="report-progress">
            <div className="progress__track">
              <div className="progress__bar" />
            </div>
          </div>
        ) : null}
        {result?.kind === "saved" ? (
          <p className="ok" data-testid="report-done">
            {t("report.saved", { path: result.path, size: fmtBytes(result.bytes, uiLang) })}
          </p>
        ) : null}
        {result?.kind === "downloaded" ? (
          <p className="ok" data-testid="report-done">
            {t("report.downloaded", { name: result.name })}
          </p>
        ) : null}
        {error ? <ErrorBox error={error} /> : null}
      </section>
      <section className="card">
        <h3 className="card__title">{t("report.contentsTitle")}</h3>
        <ol className="contents">
          {CONTENTS.map((c) => (
            <li key={c}>{t(`report.contents.${c}`)}</li>
          ))}
        </ol>
        <p className="muted small">{t("report.note")}</p>
      </section>
    </>
  );
}
