// A detailed assessment (đánh giá chi tiết): the 6 steps and 18 tasks NV1–NV18 of the
// methodology as a guided workflow. Each task shows what it is for, its worksheet (an editable
// table or form, autosaved and validated by Rust) and its mark (done, or not applicable with a
// reason); what a task needs and what it waits for come from Rust (`assessment.progress`).
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, NavLink, useNavigate } from "react-router-dom";
import { z } from "zod";
import { toApiError } from "../../backend";
import type {
  ApiError,
  AssessmentDocument,
  AssessmentProgress,
  CauseTrace,
  ImplStatus,
  OptionTrace,
  Lang,
  Period,
  StageProgress,
  UiTask,
  WasteKind,
} from "../../backend/types";
import { ErrorBox } from "../../components/ErrorBox";
import { Field } from "../../components/Field";
import { FigureTable } from "../../components/FigureTable";
import { unitChoices } from "../../components/Options";
import type { Column } from "../../components/RowTable";
import { RowTable } from "../../components/RowTable";
import { api, qk } from "../../lib/api";
import { errorAt } from "../../lib/errors";
import { exportReport } from "../../lib/reportFile";
import { fmtDate, fmtMoney, fmtNumber, fmtPercent } from "../../lib/format";
import { inLang, useLang, useReference } from "../../lib/hooks";
import { useLocked } from "../../lib/locked";
import { patchRow } from "../../lib/rowPatch";
import { flushAll } from "../../lib/saveQueue";
import { longText } from "../../lib/schema";
import { EnvironmentSheet, MonitoringChart, SelectionSheet, TechnicalSheet } from "./Feasibility";
import { FlowTable } from "./FlowTable";
import { Specific } from "./FlowsStage";
import { ProfileForm } from "./ProfileStage";
import { FocusMatrix } from "./FocusMatrix";
import { OptionsStage } from "./OptionsStage";
import { StageMarker, STEP_MARK, WaitingFor } from "./StageMarks";
import { useProgress } from "./progress";
import { useAssessmentPart } from "./useAssessmentPart";
import { useCalcs } from "./useCalcs";

const PERIODS: Period[] = ["year", "month", "day", "batch", "baseline"];
const WASTE_KINDS: WasteKind[] = ["solid", "liquid", "gas", "energy"];
const IMPL: ImplStatus[] = ["not_started", "in_progress", "done", "on_hold", "dropped"];

/** The address part of a task (`nv5`) and back (`NV5`). */
export const taskPath = (code: string) => code.toLowerCase();
export const taskCode = (path: string) => path.toUpperCase();

/** The task's name in the display language. */
function useTaskName() {
  const lang = useLang();
  const ref = useReference();
  const { t } = useTranslation();
  return (code: string) => {
    if (code === "report") return t("detailed.report");
    const task = ref.data?.tasks.find((x) => x.id === code);
    return task ? `${code} · ${inLang(task.name_vi, task.name_en, lang)}` : code;
  };
}

/** The 6 steps, each with its tasks and where each stands. */
export function TaskStepper({ id, stages }: { id: string; stages: StageProgress[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  const ref = useReference();
  const statusOf = (code: string) => stages.find((s) => s.stage === code)?.status ?? "not_started";
  return (
    <nav className="stepper stepper--tasks" aria-label={t("detailed.stepsLabel")} data-testid="task-stepper">
      <ol className="task-steps">
        {(ref.data?.steps ?? []).map((s) => (
          <li key={s.step} className="task-step">
            <div className="task-step__name">
              {s.step}. {inLang(s.name_vi, s.name_en, lang)}
            </div>
            <ul>
              {s.tasks.map((code) => {
                const status = statusOf(code);
                const task = ref.data?.tasks.find((x) => x.id === code);
                return (
                  <li key={code}>
                    <NavLink
                      to={`/assessment/${id}/${taskPath(code)}`}
                      className={({ isActive }) => ["task-link", `step--${status}`, isActive ? "task-link--active" : ""].join(" ")}
                      title={`${code} · ${task ? inLang(task.name_vi, task.name_en, lang) : ""} — ${t(`stages.status.${status}`)}`}
                      aria-label={`${code} ${task ? inLang(task.name_vi, task.name_en, lang) : ""}`}
                      data-testid={`task-${code}`}
                      data-status={status}
                    >
                      <span className="step__num step__num--small">{STEP_MARK[status] ?? ""}</span>
                      <b>{code}</b>
                    </NavLink>
                  </li>
                );
              })}
            </ul>
          </li>
        ))}
        <li className="task-step">
          <div className="task-step__name">{t("detailed.reportStep")}</div>
          <ul>
            <li>
              <NavLink
                to={`/assessment/${id}/report`}
                className={({ isActive }) => ["task-link", `step--${statusOf("report")}`, isActive ? "task-link--active" : ""].join(" ")}
                data-testid="task-report"
                data-status={statusOf("report")}
              >
                <span className="step__num step__num--small">{STEP_MARK[statusOf("report")] ?? ""}</span>
                <span>{t("detailed.report")}</span>
              </NavLink>
            </li>
            <li>
              <NavLink
                to={`/assessment/${id}/trace`}
                className={({ isActive }) => ["task-link", isActive ? "task-link--active" : ""].join(" ")}
                data-testid="task-trace"
              >
                <span>{t("detailed.trace")}</span>
              </NavLink>
            </li>
          </ul>
        </li>
      </ol>
    </nav>
  );
}

/** One task: what it is for, its worksheet, its mark and the way to the next. */
export function TaskView({ doc, code, progress, locked }: { doc: AssessmentDocument; code: string; progress: AssessmentProgress | undefined; locked: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const ref = useReference();
  const name = useTaskName();
  const task = ref.data?.tasks.find((x) => x.id === code);
  const id = doc.assessment.id;
  const order = [...(ref.data?.tasks.map((x) => x.id) ?? []), "report"];
  const i = order.indexOf(code);
  const prev = i > 0 ? order[i - 1] : null;
  const next = i >= 0 && i < order.length - 1 ? order[i + 1] : null;
  return (
    <div className="stage" data-testid={`task-view-${code}`}>
      <div className="stage__head stage__head--actions">
        <div>
          <h2>{name(code)}</h2>
          {task ? <TaskIntro task={task} lang={lang} /> : null}
        </div>
        <PreviewButton doc={doc} />
      </div>
      <fieldset className="fieldset-plain" disabled={locked} data-testid={locked ? "stage-read-only" : undefined}>
        <Worksheet doc={doc} code={code} />
      </fieldset>
      <StageMarker id={id} code={code} progress={progress?.stages.find((s) => s.stage === code)} locked={locked} nameOf={name} allowNa />
      <div className="stage-nav">
        {prev ? (
          <Link to={`/assessment/${id}/${taskPath(prev)}`} className="button" data-testid="stage-prev">
            ← {prev}
          </Link>
        ) : (
          <span />
        )}
        {next ? (
          <Link to={`/assessment/${id}/${taskPath(next)}`} className="button button--primary" data-testid="stage-next">
            {next === "report" ? t("detailed.report") : next} →
          </Link>
        ) : null}
      </div>
    </div>
  );
}

function TaskIntro({ task, lang }: { task: UiTask; lang: Lang }) {
  const { t } = useTranslation();
  return (
    <>
      <p className="muted">{inLang(task.purpose_vi, task.purpose_en, lang)}</p>
      <p className="small">
        <b>{t("detailed.worksheet")}:</b> {inLang(task.worksheet_vi, task.worksheet_en, lang)}
        {" · "}
        <b>{t("detailed.output")}:</b> {inLang(task.output_vi, task.output_en, lang)}
      </p>
    </>
  );
}

/** The worksheet of a task. */
function Worksheet({ doc, code }: { doc: AssessmentDocument; code: string }) {
  switch (code) {
    case "NV1":
      return (
        <>
          <ProfileForm doc={doc} />
          <TeamSheet doc={doc} />
        </>
      );
    case "NV2":
      return <StepsSheet doc={doc} />;
    case "NV3":
      return <FocusSheet doc={doc} />;
    case "NV4":
      return <FlowDiagram doc={doc} />;
    case "NV5":
      return <BalanceSheet doc={doc} />;
    case "NV6":
      return <WasteSheet doc={doc} />;
    case "NV7":
      return <CauseSheet doc={doc} />;
    case "NV11":
      return (
        <>
          <Tornado doc={doc} />
          <OptionsStage doc={doc} />
        </>
      );
    case "NV10":
      return <TechnicalSheet doc={doc} />;
    case "NV12":
      return (
        <>
          <EnvironmentSheet doc={doc} />
          <OptionsStage doc={doc} />
        </>
      );
    case "NV13":
      return <SelectionSheet doc={doc} />;
    case "NV8":
    case "NV9":
      return <OptionsStage doc={doc} />;
    case "NV14":
      return (
        <>
          <ActionSheet doc={doc} />
          <ActionTimeline doc={doc} />
        </>
      );
    case "NV15":
      return <ImplementationSheet doc={doc} />;
    case "NV16":
      return (
        <>
          <MonitoringSheet doc={doc} />
          <MonitoringChart doc={doc} />
        </>
      );
    case "NV17":
      return <TextSheet doc={doc} field="sustaining_measures" />;
    case "NV18":
      return (
        <>
          <TextSheet doc={doc} field="next_steps" />
          <NextCycle doc={doc} />
        </>
      );
    default:
      return null;
  }
}

/** Labels of an entity's fields (`fields.<entity>.<field>`). */
function useLabels(entity: string) {
  const { t } = useTranslation();
  return (field: string) => t(`fields.${entity}.${field}`);
}

function TeamSheet({ doc }: { doc: AssessmentDocument }) {
  const { t } = useTranslation();
  const l = useLabels("team_member");
  const columns: Column[] = useMemo(
    () => [
      { field: "name", label: l("name"), kind: "text", required: true },
      { field: "position", label: l("position"), kind: "text" },
      { field: "role", label: l("role"), kind: "text" },
      { field: "organisation", label: l("organisation"), kind: "text" },
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [t],
  );
  return (
    <RowTable
      doc={doc}
      list="team_members"
      columns={columns}
      blank={() => ({ name: "", position: "", role: "", organisation: "" })}
      title={t("detailed.team")}
      empty={t("detailed.none")}
      addLabel={t("detailed.addMember")}
      testId="team"
      extras={{ photos: "team_member" }}
      deleteLabel={(r) => t("undo.row", { name: String(r.name || "…") })}
    />
  );
}

function stepColumns(l: (f: string) => string): Column[] {
  return [
    { field: "seq", label: l("seq"), kind: "integer", required: true, className: "c-qty" },
    { field: "name", label: l("name"), kind: "text", required: true },
    { field: "description", label: l("description"), kind: "long" },
  ];
}

function StepsSheet({ doc }: { doc: AssessmentDocument }) {
  const { t } = useTranslation();
  const l = useLabels("process_step");
  const columns = useMemo(() => stepColumns(l), [t]); // eslint-disable-line react-hooks/exhaustive-deps
  const steps = [...doc.process_steps].sort((a, b) => a.seq - b.seq);
  const [picked, setPicked] = useState<string>("");
  const step = steps.find((s) => s.id === picked) ?? steps[0];
  return (
    <>
      <RowTable
        doc={doc}
        list="process_steps"
        columns={columns}
        blank={() => ({ seq: steps.length + 1, name: "", description: "", is_focus: false, focus_scores: [], stock_change_t: null })}
        title={t("detailed.steps")}
        empty={t("detailed.none")}
        addLabel={t("detailed.addStep")}
        testId="steps"
      extras={{ photos: "process_step" }}
        deleteLabel={(r) => t("undo.row", { name: String(r.name || "…") })}
      />
      {step ? (
        <div className="step-flows">
          <label className="inline-field">
            <span>{t("detailed.flowsOfStep")}</span>
            <select value={step.id} onChange={(e) => setPicked(e.target.value)} data-testid="step-pick">
              {steps.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.seq}. {s.name || "…"}
                </option>
              ))}
            </select>
          </label>
          <FlowTable doc={doc} direction="in" title={t("detailed.stepInputs", { name: step.name })} stepId={step.id} />
          <FlowTable doc={doc} direction="out" title={t("detailed.stepOutputs", { name: step.name })} stepId={step.id} />
          <StepBalance doc={doc} stepId={step.id} />
        </div>
      ) : null}
      <Specific doc={doc} />
    </>
  );
}

/** The material balance of one step (Rust's), under its flows: what an edit changes shows at
 * once. */
function StepBalance({ doc, stepId }: { doc: AssessmentDocument; stepId: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const calcs = useCalcs(doc.assessment.id);
  const b = calcs.data?.balances.find((x) => x.scope === "step" && x.step_id === stepId)?.material;
  const pct = (v: number | null) => (v === null ? "–" : fmtPercent(v / 100, lang));
  const off = b?.outside_tolerance;
  return (
    <p className={b?.measurement_error ? "error-text small" : off ? "warn small" : "small"} data-testid="step-balance">
      {b && (b.total_in > 0 || b.total_out > 0)
        ? t("detailed.stepBalance", {
            in: `${fmtNumber(b.total_in, lang)} ${b.unit}`,
            out: `${fmtNumber(b.total_out, lang)} ${b.unit}`,
            closure: pct(b.closure_pct),
            lost: pct(b.unidentified_pct),
          })
        : t("detailed.stepBalanceNone")}
      {b?.measurement_error ? ` — ${t("detailed.outExceedsIn")}` : off ? ` — ${t("detailed.outsideFive")}` : ""}
    </p>
  );
}

function FocusSheet({ doc }: { doc: AssessmentDocument }) {
  const { t } = useTranslation();
  const l = useLabels("process_step");
  const columns: Column[] = useMemo(
    () => [
      { field: "seq", label: l("seq"), kind: "integer", required: true, className: "c-qty" },
      { field: "name", label: l("name"), kind: "text", required: true },
      { field: "is_focus", label: l("is_focus"), kind: "bool" },
    ],
    [t], // eslint-disable-line react-hooks/exhaustive-deps
  );
  return (
    <>
      <FocusMatrix doc={doc} />
      <RowTable
      doc={doc}
      list="process_steps"
      columns={columns}
      blank={() => ({ seq: doc.process_steps.length + 1, name: "", description: "", is_focus: false, focus_scores: [], stock_change_t: null })}
      title={t("detailed.focusTitle")}
      empty={t("detailed.none")}
      addLabel={t("detailed.addStep")}
      testId="focus"
      deleteLabel={(r) => t("undo.row", { name: String(r.name || "…") })}
    />
      <TextSheet doc={doc} field="focus_recommendation" />
    </>
  );
}

/** The process as a flow diagram: each step in order with its inputs and outputs; the focus
 * stands out. A step is moved by dragging it onto another, or with its ↑ ↓ buttons (the
 * keyboard's way): the steps are numbered 1, 2, 3… again and each changed number is saved. */
function FlowDiagram({ doc }: { doc: AssessmentDocument }) {
  const { t } = useTranslation();
  const lang = useLang();
  const qc = useQueryClient();
  const locked = useLocked();
  const [dragged, setDragged] = useState<string | null>(null);
  const [over, setOver] = useState<string | null>(null);
  const steps = [...doc.process_steps].sort((a, b) => a.seq - b.seq);
  if (steps.length === 0) return <p className="muted">{t("detailed.noSteps")}</p>;
  const flows = (stepId: string, dir: "in" | "out") => doc.flows.filter((f) => f.step_id === stepId && f.direction === dir);
  const line = (f: (typeof doc.flows)[number]) => `${f.name} ${fmtNumber(f.quantity, lang)} ${f.unit}`;
  const move = (id: string, to: number) => {
    const order = steps.map((s) => s.id).filter((x) => x !== id);
    order.splice(Math.max(0, Math.min(to, order.length)), 0, id);
    order.forEach((sid, i) => {
      const step = steps.find((s) => s.id === sid);
      if (step && step.seq !== i + 1) patchRow(qc, doc.assessment.id, "process_steps", sid, "seq", (row) => ({ ...row, seq: i + 1 }), lang, 0);
    });
  };
  return (
    <section className="card" data-testid="flow-diagram">
      {!locked ? <p className="muted small">{t("detailed.reorderHint")}</p> : null}
      <ol className="diagram">
        {steps.map((s, i) => (
          <li
            key={s.id}
            className={["diagram__step", s.is_focus ? "diagram__step--focus" : "", over === s.id ? "diagram__step--over" : ""].filter(Boolean).join(" ")}
            data-testid="diagram-step"
            draggable={!locked}
            onDragStart={(e) => {
              setDragged(s.id);
              e.dataTransfer.effectAllowed = "move";
              e.dataTransfer.setData("text/plain", s.id);
            }}
            onDragOver={(e) => {
              if (!dragged || dragged === s.id) return;
              e.preventDefault();
              setOver(s.id);
            }}
            onDragLeave={() => setOver((o) => (o === s.id ? null : o))}
            onDrop={(e) => {
              e.preventDefault();
              const id = dragged ?? e.dataTransfer.getData("text/plain");
              setOver(null);
              setDragged(null);
              if (id && id !== s.id) move(id, i);
            }}
            onDragEnd={() => {
              setDragged(null);
              setOver(null);
            }}
          >
            <div className="diagram__in small">{flows(s.id, "in").map(line).join(" · ") || "–"}</div>
            <div className="diagram__box">
              <b>{s.seq}.</b> {s.name}
              {s.is_focus ? <span className="badge badge--accent">{t("detailed.focus")}</span> : null}
              {!locked ? (
                <span className="diagram__move">
                  <button type="button" className="icon-button" onClick={() => move(s.id, i - 1)} disabled={i === 0} aria-label={t("detailed.moveUp", { name: s.name })} data-testid="step-up">
                    ↑
                  </button>
                  <button type="button" className="icon-button" onClick={() => move(s.id, i + 1)} disabled={i === steps.length - 1} aria-label={t("detailed.moveDown", { name: s.name })} data-testid="step-down">
                    ↓
                  </button>
                </span>
              ) : null}
            </div>
            <div className="diagram__out small">{flows(s.id, "out").map(line).join(" · ") || "–"}</div>
          </li>
        ))}
      </ol>
    </section>
  );
}

function BalanceSheet({ doc }: { doc: AssessmentDocument }) {
  const { t } = useTranslation();
  const lang = useLang();
  const calcs = useCalcs(doc.assessment.id);
  const rows = calcs.data?.balances ?? [];
  return (
    <FigureTable
      title={t("detailed.balances")}
      testId="balances"
      heads={[
        { label: t("detailed.scope") },
        { label: t("detailed.kind") },
        { label: t("detailed.totalIn"), num: true },
        { label: t("detailed.totalOut"), num: true },
        { label: t("detailed.closure"), num: true },
        { label: t("detailed.unidentified"), num: true },
        { label: t("detailed.remark") },
      ]}
      empty={t("detailed.noBalance")}
      rows={rows.flatMap((b) =>
        (["material", "water"] as const)
          .filter((k) => b[k].total_in > 0 || b[k].total_out > 0)
          .map((k) => {
            const x = b[k];
            const off = x.outside_tolerance;
            return (
              <tr key={`${b.scope}-${b.step_id}-${k}`} data-testid="balance-row" className={b.scope === "focus" ? "row--focus" : undefined}>
                <td>{b.name}</td>
                <td>{t(`detailed.balance_${k}`)}</td>
                <td className="num">
                  {fmtNumber(x.total_in, lang)} {x.unit}
                </td>
                <td className="num">
                  {fmtNumber(x.total_out, lang)} {x.unit}
                </td>
                <td className="num">{x.closure_pct === null ? "–" : fmtPercent(x.closure_pct / 100, lang)}</td>
                <td className="num">{x.unidentified_pct === null ? "–" : fmtPercent(x.unidentified_pct / 100, lang)}</td>
                <td className={x.measurement_error ? "error-text small" : off ? "warn small" : "small"}>
                  {x.measurement_error ? t("detailed.outExceedsIn") : off ? t("detailed.outsideFive") : ""}
                  {x.incompatible.length > 0 ? ` ${t("detailed.incompatible", { names: x.incompatible.join(", ") })}` : ""}
                </td>
              </tr>
            );
          }),
      )}
    />
  );
}

function WasteSheet({ doc }: { doc: AssessmentDocument }) {
  const { t } = useTranslation();
  const lang = useLang();
  const ref = useReference();
  const l = useLabels("waste_stream");
  const calcs = useCalcs(doc.assessment.id);
  const steps = [...doc.process_steps].sort((a, b) => a.seq - b.seq);
  const columns: Column[] = useMemo(
    () => [
      { field: "name", label: l("name"), kind: "text", required: true },
      { field: "step_id", label: l("step_id"), kind: "select", empty: "–", options: steps.map((s) => ({ value: s.id, label: `${s.seq}. ${s.name}` })) },
      { field: "kind", label: l("kind"), kind: "select", options: WASTE_KINDS.map((k) => ({ value: k, label: t(`wasteKind.${k}`) })) },
      { field: "quantity", label: l("quantity"), kind: "number", required: true },
      { field: "unit", label: l("unit"), kind: "select", options: unitChoices(t, ref.data?.units ?? []) },
      { field: "period", label: l("period"), kind: "select", options: PERIODS.map((p) => ({ value: p, label: t(`period.${p}`) })) },
      { field: "material_value_per_unit_vnd", label: l("material_value_per_unit_vnd"), kind: "integer" },
      { field: "treatment_cost_vnd", label: l("treatment_cost_vnd"), kind: "integer" },
      { field: "disposal_cost_vnd", label: l("disposal_cost_vnd"), kind: "integer" },
      { field: "fees_vnd", label: l("fees_vnd"), kind: "integer" },
    ],
    [t, ref.data, doc.process_steps], // eslint-disable-line react-hooks/exhaustive-deps
  );
  const costs = [...(calcs.data?.waste_costs ?? [])].sort((a, b) => b.cost.total_vnd - a.cost.total_vnd);
  const top = costs[0]?.cost.total_vnd ?? 0;
  return (
    <>
      <RowTable
        doc={doc}
        list="waste_streams"
        columns={columns}
        blank={() => ({ step_id: null, name: "", kind: "solid", quantity: 0, unit: "t", period: "year", material_value_per_unit_vnd: null, embedded_energy_kwh: null, embedded_water_m3: null, treatment_cost_vnd: null, disposal_cost_vnd: null, fees_vnd: null, note: "" })}
        title={t("detailed.wasteStreams")}
        empty={t("detailed.none")}
        addLabel={t("detailed.addWaste")}
        testId="waste"
      extras={{ photos: "waste_stream", note: "note" }}
        deleteLabel={(r) => t("undo.row", { name: String(r.name || "…") })}
      />
      <section className="card" data-testid="waste-costs">
        <h3 className="card__title">{t("detailed.wasteCosts")}</h3>
        {costs.length === 0 ? <p className="muted">{t("detailed.noWasteCost")}</p> : null}
        <ol className="bars">
          {costs.map((c) => (
            <li key={c.waste_stream_id} className="bars__row" data-testid="waste-cost">
              <span className="bars__label">{c.name}</span>
              <span className="bars__track">
                <span className="bars__bar" style={{ width: `${top > 0 ? Math.max(2, (100 * c.cost.total_vnd) / top) : 0}%` }} />
              </span>
              <span className="bars__value num">{fmtMoney(c.cost.total_vnd, lang)}</span>
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

function CauseSheet({ doc }: { doc: AssessmentDocument }) {
  const { t } = useTranslation();
  const lang = useLang();
  const ref = useReference();
  const l = useLabels("cause");
  const columns: Column[] = useMemo(
    () => [
      { field: "waste_stream_id", label: l("waste_stream_id"), kind: "select", empty: "–", options: doc.waste_streams.map((w) => ({ value: w.id, label: w.name })) },
      { field: "category", label: l("category"), kind: "select", options: (ref.data?.cause_categories ?? []).map((c) => ({ value: c.code, label: inLang(c.name_vi, c.name_en, lang) })) },
      { field: "description", label: l("description"), kind: "long" },
    ],
    [t, ref.data, doc.waste_streams, lang], // eslint-disable-line react-hooks/exhaustive-deps
  );
  return (
    <RowTable
      doc={doc}
      list="causes"
      columns={columns}
      blank={() => ({ waste_stream_id: doc.waste_streams[0]?.id ?? null, category: "C-OP", description: "" })}
      title={t("detailed.causes")}
      empty={t("detailed.none")}
      addLabel={t("detailed.addCause")}
      testId="causes"
      extras={{ photos: "cause" }}
      deleteLabel={(r) => t("undo.row", { name: String(r.description || "…").slice(0, 40) })}
    />
  );
}

function optionChoices(doc: AssessmentDocument) {
  return doc.options.map((o) => ({ value: o.id, label: o.title || "…" }));
}

function ActionSheet({ doc }: { doc: AssessmentDocument }) {
  const { t } = useTranslation();
  const l = useLabels("action");
  const columns: Column[] = useMemo(
    () => [
      { field: "option_id", label: l("option_id"), kind: "select", empty: "–", options: optionChoices(doc) },
      { field: "title", label: l("title"), kind: "text", required: true },
      { field: "owner", label: l("owner"), kind: "text" },
      { field: "start_date", label: l("start_date"), kind: "date" },
      { field: "end_date", label: l("end_date"), kind: "date" },
      { field: "budget_vnd", label: l("budget_vnd"), kind: "integer" },
      { field: "status", label: l("status"), kind: "select", options: IMPL.map((s) => ({ value: s, label: t(`implStatus.${s}`) })) },
    ],
    [t, doc.options], // eslint-disable-line react-hooks/exhaustive-deps
  );
  return (
    <RowTable
      doc={doc}
      list="actions"
      columns={columns}
      blank={() => ({ option_id: doc.options.find((o) => o.selected)?.id ?? null, title: "", owner: "", start_date: null, end_date: null, budget_vnd: null, status: "not_started" })}
      title={t("detailed.actions")}
      empty={t("detailed.none")}
      addLabel={t("detailed.addAction")}
      testId="actions"
      extras={{ photos: "action" }}
      deleteLabel={(r) => t("undo.row", { name: String(r.title || "…") })}
    />
  );
}

/** NV14's timeline: each dated action as a bar from its start to its end on one scale of
 * days, with its dates; actions without both dates are listed as such. */
function ActionTimeline({ doc }: { doc: AssessmentDocument }) {
  const { t } = useTranslation();
  const lang = useLang();
  const day = (d: string) => Date.parse(`${d}T00:00:00Z`) / 86_400_000;
  const dated = doc.actions.filter((a) => a.start_date && a.end_date && day(a.end_date) >= day(a.start_date));
  if (doc.actions.length === 0) return null;
  const from = Math.min(...dated.map((a) => day(a.start_date!)));
  const to = Math.max(...dated.map((a) => day(a.end_date!)));
  const span = Math.max(1, to - from + 1);
  return (
    <section className="card" data-testid="action-timeline">
      <h3 className="card__title">{t("detailed.timeline")}</h3>
      {dated.length === 0 ? <p className="muted small">{t("detailed.noDates")}</p> : null}
      {[...dated]
        .sort((a, b) => day(a.start_date!) - day(b.start_date!))
        .map((a) => (
          <div key={a.id} className="bars__row timeline__row" data-testid="timeline-row">
            <span className="bars__label small">{a.title}</span>
            <span className="bars__track">
              <span
                className={`timeline__bar timeline__bar--${a.status}`}
                style={{ left: `${(100 * (day(a.start_date!) - from)) / span}%`, width: `${Math.max(1, (100 * (day(a.end_date!) - day(a.start_date!) + 1)) / span)}%` }}
              />
            </span>
            <span className="bars__value small">
              {fmtDate(a.start_date, lang)} – {fmtDate(a.end_date, lang)}
            </span>
          </div>
        ))}
    </section>
  );
}

function ImplementationSheet({ doc }: { doc: AssessmentDocument }) {
  const { t } = useTranslation();
  const l = useLabels("action");
  const columns: Column[] = useMemo(
    () => [
      { field: "title", label: t("option.title"), kind: "text", required: true },
      { field: "status", label: l("status"), kind: "select", options: IMPL.map((s) => ({ value: s, label: t(`implStatus.${s}`) })) },
    ],
    [t], // eslint-disable-line react-hooks/exhaustive-deps
  );
  return (
    <RowTable
      doc={doc}
      list="options"
      columns={columns}
      filter={(r) => !!r.selected}
      title={t("detailed.implementation")}
      empty={t("detailed.noSelected")}
      testId="implementation"
      deleteLabel={(r) => t("undo.option", { name: String(r.title || "…") })}
    />
  );
}

function MonitoringSheet({ doc }: { doc: AssessmentDocument }) {
  const { t } = useTranslation();
  const l = useLabels("monitoring_record");
  const columns: Column[] = useMemo(
    () => [
      { field: "option_id", label: l("option_id"), kind: "select", empty: "–", options: optionChoices(doc) },
      { field: "indicator", label: l("indicator"), kind: "text", required: true },
      { field: "unit", label: l("unit"), kind: "text", required: true, className: "c-unit" },
      { field: "baseline", label: l("baseline"), kind: "number", required: true },
      { field: "after", label: l("after"), kind: "number", required: true },
      { field: "period", label: l("period"), kind: "select", options: PERIODS.map((p) => ({ value: p, label: t(`period.${p}`) })) },
      { field: "production_after", label: l("production_after"), kind: "number" },
    ],
    [t, doc.options], // eslint-disable-line react-hooks/exhaustive-deps
  );
  return (
    <RowTable
      doc={doc}
      list="monitoring_records"
      columns={columns}
      blank={() => ({ option_id: doc.options.find((o) => o.selected)?.id ?? null, indicator: "", unit: "kWh/t", baseline: 0, after: 0, period: "month", note: "", production_after: null })}
      title={t("detailed.monitoring")}
      empty={t("detailed.none")}
      addLabel={t("detailed.addMonitoring")}
      testId="monitoring"
      extras={{ photos: "monitoring_record", note: "note" }}
      deleteLabel={(r) => t("undo.row", { name: String(r.indicator || "…") })}
    />
  );
}

type TextValues = { text: string };
const textSchema = z.object({ text: longText() }) as unknown as z.ZodType<TextValues>;

/** One long text of the assessment (NV17's sustaining measures, NV18's next focus). */
function TextSheet({ doc, field }: { doc: AssessmentDocument; field: "sustaining_measures" | "next_steps" | "focus_recommendation" }) {
  const { t } = useTranslation();
  const { form } = useAssessmentPart<TextValues>({
    doc,
    schema: textSchema,
    values: (x) => ({ text: x[field] }),
    patch: (v) => ({ [field]: v.text }),
  });
  const err = errorAt(form.formState.errors, "text");
  return (
    <section className="card">
      <Field label={t(`fields.assessment.${field}`)} htmlFor={`as-${field}`} error={err} testId={`as-${field}`} hint={t(`detailed.hint_${field}`)}>
        <textarea id={`as-${field}`} rows={8} {...form.register("text")} data-testid={`as-${field}`} />
      </Field>
    </section>
  );
}

/** The report of a detailed assessment: preview the PDF, download the worksheets, complete. */
export function DetailedReport({ doc, progress }: { doc: AssessmentDocument; progress: StageProgress | undefined }) {
  const { t } = useTranslation();
  const uiLang = useLang();
  const qc = useQueryClient();
  const name = useTaskName();
  const [lang, setLang] = useState<Lang>(uiLang);
  const [busy, setBusy] = useState<"" | "pdf" | "xlsx" | "complete">("");
  const [error, setError] = useState<ApiError | null>(null);
  const a = doc.assessment;
  const run = async (what: "pdf" | "xlsx" | "complete") => {
    setBusy(what);
    setError(null);
    try {
      await flushAll();
      if (what === "complete") {
        const p = await api.markStage({ assessment_id: a.id, stage: "report", state: "done", reason: "" });
        qc.setQueryData(qk.progress(a.id), p);
        await qc.invalidateQueries({ queryKey: qk.assessment(a.id) });
        return;
      }
      await exportReport(a.id, "detailed", lang, what);
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy("");
    }
  };
  const waiting = (progress?.missing ?? []).filter((m) => m.code === "stage");
  return (
    <div className="stage" data-testid="task-view-report">
      <div className="stage__head">
        <h2>{t("detailed.report")}</h2>
        <p className="muted">{t("detailed.reportIntro")}</p>
      </div>
      <section className="card">
        <div className="report-actions">
          <label className="inline-field">
            <span>{t("report.language")}</span>
            <select value={lang} onChange={(e) => setLang(e.target.value as Lang)} data-testid="report-lang">
              <option value="vi">Tiếng Việt</option>
              <option value="en">English</option>
            </select>
          </label>
          <button type="button" className="button button--primary" onClick={() => void run("pdf")} disabled={busy !== ""} data-testid="report-export">
            {busy === "pdf" ? t("report.working") : t("detailed.previewPdf")}
          </button>
          <button type="button" className="button" onClick={() => void run("xlsx")} disabled={busy !== ""} data-testid="report-xlsx">
            {t("detailed.downloadXlsx")}
          </button>
          {a.status !== "completed" ? (
            <button type="button" className="button" onClick={() => void run("complete")} disabled={busy !== "" || waiting.length > 0} data-testid="assessment-complete">
              ✓ {t("report.markCompleted")}
            </button>
          ) : (
            <span className="badge badge--completed">{t("assessmentStatus.completed")}</span>
          )}
        </div>
        {a.status !== "completed" ? <WaitingFor missing={progress?.missing ?? []} nameOf={name} testId="stage-missing" /> : null}
        {error ? <ErrorBox error={error} /> : null}
      </section>
    </div>
  );
}

/** "Xem trước báo cáo": the detailed PDF as the worksheets hold it now, from any task. */
function PreviewButton({ doc }: { doc: AssessmentDocument }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const preview = async () => {
    setBusy(true);
    setError(null);
    try {
      await exportReport(doc.assessment.id, "detailed", lang, "pdf");
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div>
      <button type="button" className="button button--small" onClick={() => void preview()} disabled={busy} data-testid="report-preview">
        {busy ? t("report.working") : t("detailed.previewPdf")}
      </button>
      {error ? <ErrorBox error={error} /> : null}
    </div>
  );
}

function OptionLine({ o }: { o: OptionTrace }) {
  const { t } = useTranslation();
  return (
    <li data-testid="trace-option">
      <span className="trace__kind">{t("detailed.traceOption")}</span> {o.option.text}
      {o.selected ? <span className="badge badge--accent">{t("option.selected")}</span> : null}
      {o.actions.length + o.monitoring.length > 0 ? (
        <ul>
          {o.actions.map((a) => (
            <li key={a.id} data-testid="trace-action">
              <span className="trace__kind">{t("detailed.traceAction")}</span> {a.text}
            </li>
          ))}
          {o.monitoring.map((m) => (
            <li key={m.id} data-testid="trace-monitoring">
              <span className="trace__kind">{t("detailed.traceMonitoring")}</span> {m.text}
            </li>
          ))}
        </ul>
      ) : null}
    </li>
  );
}

function CauseLine({ c }: { c: CauseTrace }) {
  const { t } = useTranslation();
  const lang = useLang();
  const ref = useReference();
  const cat = ref.data?.cause_categories.find((x) => x.code === c.category);
  return (
    <li data-testid="trace-cause">
      <span className="trace__kind">{t("detailed.traceCause")}</span> {c.cause.text}
      {cat ? <span className="muted small"> ({inLang(cat.name_vi, cat.name_en, lang)})</span> : null}
      {c.options.length > 0 ? (
        <ul>
          {c.options.map((o) => (
            <OptionLine key={o.option.id} o={o} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

/** From each waste stream to its causes, options, actions and monitored results, and back;
 * the gaps listed apart. */
export function TraceView({ doc }: { doc: AssessmentDocument }) {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: [...qk.progress(doc.assessment.id), "trace"], queryFn: () => api.assessmentTrace(doc.assessment.id) });
  if (q.isError) return <ErrorBox error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data) return <div className="loading">{t("common.loading")}</div>;
  const tr = q.data;
  const gap = (title: string, items: { id: string; text: string }[], testId: string) => (
    <div data-testid={testId}>
      <h4>{title}</h4>
      {items.length === 0 ? (
        <p className="muted small">{t("detailed.noGap")}</p>
      ) : (
        <ul>
          {items.map((x) => (
            <li key={x.id}>{x.text || "…"}</li>
          ))}
        </ul>
      )}
    </div>
  );
  return (
    <div className="stage" data-testid="task-view-trace">
      <div className="stage__head">
        <h2>{t("detailed.trace")}</h2>
        <p className="muted">{t("detailed.traceIntro")}</p>
      </div>
      <section className="card" data-testid="trace-chains">
        {tr.chains.length === 0 ? <p className="muted">{t("detailed.noWaste")}</p> : null}
        <ul className="trace">
          {tr.chains.map((w) => (
            <li key={w.waste_stream.id} data-testid="trace-waste">
              <b>
                <span className="trace__kind">{t("detailed.traceWaste")}</span> {w.waste_stream.text}
              </b>
              <ul>
                {w.causes.map((c) => (
                  <CauseLine key={c.cause.id} c={c} />
                ))}
                {w.options.map((o) => (
                  <OptionLine key={o.option.id} o={o} />
                ))}
              </ul>
            </li>
          ))}
          {tr.loose_causes.map((c) => (
            <CauseLine key={c.cause.id} c={c} />
          ))}
        </ul>
      </section>
      <section className="card trace-gaps" data-testid="trace-gaps">
        <h3 className="card__title">{t("detailed.gaps")}</h3>
        {gap(t("detailed.gapOptionNoCause"), tr.options_without_cause, "gap-option-no-cause")}
        {gap(t("detailed.gapCauseNoOption"), tr.causes_without_option, "gap-cause-no-option")}
        {gap(t("detailed.gapSelectedNoAction"), tr.selected_without_action, "gap-selected-no-action")}
      </section>
    </div>
  );
}

/** NV18: complete this cycle and start the next with the team, steps and baseline copied. */
function NextCycle({ doc }: { doc: AssessmentDocument }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const nav = useNavigate();
  const name = useTaskName();
  const progress = useProgress(doc.assessment.id);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const a = doc.assessment;
  const report = progress.data?.stages.find((s) => s.stage === "report")?.missing ?? [];
  const waiting = report.filter((m) => m.code === "stage");
  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      await flushAll();
      const next = await api.nextCycle(a.id);
      void qc.invalidateQueries({ queryKey: qk.assessmentsAll });
      void qc.invalidateQueries({ queryKey: qk.assessment(a.id) });
      nav(`/assessment/${next.id}/nv1`);
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card" data-testid="next-cycle-card">
      <p className="muted small">{t("detailed.nextCycleHint", { n: a.cycle + 1 })}</p>
      <button type="button" className="button button--primary" onClick={() => void start()} disabled={busy || a.status === "completed" || waiting.length > 0} data-testid="next-cycle">
        {t("detailed.nextCycle", { n: a.cycle, next: a.cycle + 1 })}
      </button>
      <WaitingFor missing={report} nameOf={name} testId="next-cycle-missing" />
      {error ? <ErrorBox error={error} /> : null}
    </section>
  );
}

/** NV11: how each option's NPV moves when its investment, saved quantities or prices move by
 * ±20 % (the figures from Rust's sensitivity), as a tornado chart on one scale. */
function Tornado({ doc }: { doc: AssessmentDocument }) {
  const { t } = useTranslation();
  const lang = useLang();
  const calcs = useCalcs(doc.assessment.id);
  const rows = (calcs.data?.options ?? []).flatMap((o) => {
    const option = doc.options.find((x) => x.id === o.option_id);
    const base = o.result.economics.npv_vnd;
    if (!option || option.screening === "reject" || base === null) return [];
    const factors = [...new Set(o.result.sensitivity.map((c) => c.factor))].map((f) => {
      const npvs = o.result.sensitivity.filter((c) => c.factor === f && c.npv_vnd !== null).map((c) => c.npv_vnd as number);
      return { factor: f, low: Math.min(...npvs), high: Math.max(...npvs) };
    });
    return [{ id: o.option_id, title: option.title, base, factors: factors.filter((f) => Number.isFinite(f.low)) }];
  });
  if (rows.length === 0) return null;
  // Each option on its own scale (options differ by orders of magnitude), from its lowest to
  // its highest NPV.
  const scale = (r: (typeof rows)[number]) => {
    const all = [r.base, ...r.factors.flatMap((f) => [f.low, f.high])];
    const lo = Math.min(...all);
    const hi = Math.max(...all);
    return (v: number) => (hi > lo ? 2 + ((v - lo) / (hi - lo)) * 96 : 50);
  };
  return (
    <section className="card" data-testid="tornado">
      <h3 className="card__title">{t("detailed.tornado")}</h3>
      <p className="muted small">{t("detailed.tornadoHint")}</p>
      {rows.map((r) => {
        const x = scale(r);
        return (
        <div key={r.id} className="tornado" data-testid="tornado-option">
          <div className="tornado__title">
            {r.title} — <span className="muted">NPV {fmtMoney(r.base, lang)}</span>
          </div>
          {r.factors.map((f) => (
            <div key={f.factor} className="bars__row tornado__row" data-testid="tornado-row">
              <span className="bars__label small">{t(`detailed.factor_${f.factor}`)}</span>
              <span className="bars__track tornado__track">
                <span className="tornado__bar" style={{ left: `${x(f.low)}%`, width: `${Math.max(0.5, x(f.high) - x(f.low))}%` }} />
                <span className="tornado__base" style={{ left: `${x(r.base)}%` }} />
              </span>
              <span className="bars__value num small">
                {fmtMoney(f.low, lang)} … {fmtMoney(f.high, lang)}
              </span>
            </div>
          ))}
        </div>
        );
      })}
    </section>
  );
}
