// NV3: the focus-selection matrix. Each process step is scored against the methodology's
// criteria (0–3 or as the team decides), each criterion has a weight; the total (Σ weight ×
// score) and the rank come from Rust (`AssessmentCalcs.focus_ranking`). The chosen focus is a
// step's "Trọng tâm" box, and the reason is the assessment's focus recommendation.
import { useQueryClient } from "@tanstack/react-query";
import { memo, useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { AssessmentDocument, FocusRank, FocusScore, Lang, Named, ProcessStep, Stored } from "../../backend/types";
import { NumberInput } from "../../components/NumberInput";
import { fmtNumber } from "../../lib/format";
import { inLang, useLang, useReference } from "../../lib/hooks";
import { useLocked } from "../../lib/locked";
import { numberText, parseNumber } from "../../lib/number";
import { eagerList, useFocusOnWake, useNearView } from "../../lib/nearView";
import { patchRow } from "../../lib/rowPatch";
import { useCalcs } from "./useCalcs";

const NO_CRITERIA: Named[] = [];

/** The score of a step for a criterion (`null`: not scored). */
function cell(step: ProcessStep, criterion: string): FocusScore | undefined {
  return step.focus_scores.find((s) => s.criterion === criterion);
}

export function FocusMatrix({ doc }: { doc: AssessmentDocument }) {
  const { t } = useTranslation();
  const lang = useLang();
  const ref = useReference();
  const qc = useQueryClient();
  const locked = useLocked();
  const calcs = useCalcs(doc.assessment.id);
  const aid = doc.assessment.id;
  const criteria = ref.data?.focus_criteria ?? NO_CRITERIA;
  const steps = [...doc.process_steps].sort((a, b) => a.seq - b.seq);
  const ranking = new Map((calcs.data?.focus_ranking ?? []).map((r) => [r.step_id, r]));
  // A criterion's weight: the one its scores carry (the same on every step).
  const weightOf = (c: string) => steps.map((s) => cell(s, c)?.weight).find((w) => w !== undefined) ?? 1;

  const save = (step: Stored<ProcessStep>, scores: FocusScore[]) =>
    patchRow(qc, aid, "process_steps", step.id, "scores", (row) => ({ ...row, focus_scores: scores }), lang);
  const setScore = (step: Stored<ProcessStep>, criterion: string, score: number | null) => {
    const others = step.focus_scores.filter((s) => s.criterion !== criterion);
    const next = score === null ? others : [...others, { criterion, weight: weightOf(criterion), score }];
    // Keep the criteria's order.
    next.sort((a, b) => criteria.findIndex((c) => c.code === a.criterion) - criteria.findIndex((c) => c.code === b.criterion));
    save(step, next);
  };
  // The rows call the latest `setScore` through a stable function: a row renders again only
  // when its own step, score or rank changes (not while the matrix grows).
  const latest = useRef(setScore);
  latest.current = setScore;
  const onScore = useCallback((step: Stored<ProcessStep>, criterion: string, score: number | null) => latest.current(step, criterion, score), []);
  const eager = eagerList(steps.length);
  const setWeight = (criterion: string, weight: number) => {
    for (const s of steps) {
      if (!cell(s, criterion)) continue;
      save(s, s.focus_scores.map((x) => (x.criterion === criterion ? { ...x, weight } : x)));
    }
  };

  if (steps.length === 0) return <p className="muted">{t("detailed.noSteps")}</p>;
  return (
    <section className="card card--table" data-testid="focus-matrix">
      <h3 className="card__title">{t("detailed.focusMatrix")}</h3>
      <p className="muted small">{t("detailed.focusMatrixHint")}</p>
      <div className="table-wrap">
        <table className="table table--edit table--matrix">
          <thead>
            <tr>
              <th>{t("fields.process_step.name")}</th>
              {criteria.map((c) => (
                <th key={c.code} className="num">
                  {inLang(c.name_vi, c.name_en, lang)}
                </th>
              ))}
              <th className="num">{t("detailed.focusTotal")}</th>
              <th className="num">{t("detailed.focusRank")}</th>
            </tr>
            <tr className="matrix__weights">
              <th>{t("detailed.weight")}</th>
              {criteria.map((c) => (
                <th key={c.code}>
                  <ScoreCell value={weightOf(c.code)} onValue={(v) => v !== null && setWeight(c.code, v)} disabled={locked} label={`${t("detailed.weight")} ${c.code}`} testId={`weight-${c.code}`} />
                </th>
              ))}
              <th />
              <th />
            </tr>
          </thead>
          <tbody>
            {steps.map((s) => (
              <MatrixRow key={s.id} step={s} criteria={criteria} rank={ranking.get(s.id)} onScore={onScore} locked={locked} lang={lang} eager={eager} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** One step's row of the matrix: its scores, and its total and rank from Rust. In a long
 * matrix, plain text until it comes near the screen or is reached (`nearView`). */
const MatrixRow = memo(function MatrixRow({
  step: s,
  criteria,
  rank: r,
  onScore,
  locked,
  lang,
  eager,
}: {
  step: Stored<ProcessStep>;
  criteria: Named[];
  rank: FocusRank | undefined;
  onScore: (step: Stored<ProcessStep>, criterion: string, score: number | null) => void;
  locked: boolean;
  lang: Lang;
  eager: boolean;
}) {
  const view = useNearView(eager);
  useFocusOnWake(view.near ? view.el : null, view.focusField);
  return (
    <tr ref={view.ref} data-testid="matrix-row" className={s.is_focus ? "row--focus" : undefined}>
      <td>
        {s.seq}. {s.name}
      </td>
      {criteria.map((c) => (
        <td key={c.code}>
          {view.near ? (
            <ScoreCell value={cell(s, c.code)?.score ?? null} onValue={(v) => onScore(s, c.code, v)} disabled={locked} label={`${s.name} ${c.code}`} testId={`score-${c.code}`} />
          ) : (
            <span className="plain-cell num" tabIndex={0} aria-label={`${s.name} ${c.code}`} onFocus={() => view.wake(`score-${c.code}`)} onPointerDown={() => view.wake(`score-${c.code}`)}>
              {numberText(cell(s, c.code)?.score ?? null, lang)}
            </span>
          )}
        </td>
      ))}
      <td className="num" data-testid="matrix-total">
        {r ? fmtNumber(r.total, lang) : "–"}
      </td>
      <td className="num" data-testid="matrix-rank">
        {r ? r.rank : "–"}
      </td>
    </tr>
  );
});

/** A score or weight typed the vi-VN way (0 up to `max`), saved on a valid value. */
export function ScoreCell({ value, onValue, max, disabled, label, testId }: { value: number | null; onValue: (v: number | null) => void; max?: number; disabled: boolean; label: string; testId: string }) {
  const lang = useLang();
  const [text, setText] = useState(numberText(value, lang));
  const [bad, setBad] = useState(false);
  // What is typed stays as typed; the stored value shows when the cell is not being edited.
  const editing = useRef(false);
  useEffect(() => {
    if (!editing.current) setText(numberText(value, lang));
  }, [value, lang]);
  return (
    <NumberInput
      value={text}
      lang={lang}
      onChange={(t) => {
        setText(t);
        const p = parseNumber(t, lang);
        const inRange = p.ok && (p.value === null || (p.value >= 0 && (max === undefined || p.value <= max)));
        setBad(!inRange);
        if (p.ok && inRange) onValue(p.value);
      }}
      onFocus={() => (editing.current = true)}
      onBlur={() => (editing.current = false)}
      aria-label={label}
      invalid={bad}
      disabled={disabled}
      data-testid={testId}
    />
  );
}
