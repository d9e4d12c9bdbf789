// The feasibility, selection and monitoring worksheets of a detailed assessment: NV10's
// technical checklist per option, NV12's before and after per resource with its tCO2 and the
// factor's year and source, NV13's weighted selection (criteria and weights on the
// assessment, each option's scores, the weighted score and rank from Rust) and NV16's chart of
// realised against expected savings. Every figure comes from Rust (`AssessmentCalcs`).
import { useQueryClient } from "@tanstack/react-query";
import { useMemo } from "react";
import { useFieldArray } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import type { Assessment, AssessmentDocument, CheckState, CpOption, Stored } from "../../backend/types";
import { CellError } from "../../components/Field";
import { FigureTable } from "../../components/FigureTable";
import { LiveCheckbox, RhfNumber } from "../../components/FormInputs";
import { WrapText } from "../../components/WrapText";
import { useAutosaveForm } from "../../lib/autosave";
import { invalidateCalcs, latestRow, optimisticRow, stripMeta, upsertRow } from "../../lib/doc";
import { errorAt } from "../../lib/errors";
import { fmtNumber, fmtPercent } from "../../lib/format";
import { useLang } from "../../lib/hooks";
import { useLocked } from "../../lib/locked";
import { numberText } from "../../lib/number";
import { patchRow } from "../../lib/rowPatch";
import * as queue from "../../lib/saveQueue";
import { longText, nameText, numText } from "../../lib/schema";
import { uuidv7 } from "../../lib/uuid";
import { ScoreCell } from "./FocusMatrix";
import { useAssessmentPart } from "./useAssessmentPart";
import { useCalcs } from "./useCalcs";

/** The points of the technical checklist, as Rust lists them (`TECHNICAL_CHECK_CODES`). */
const CHECKS = ["space", "skills", "supply", "quality", "safety", "downtime"] as const;
const STATES: CheckState[] = ["ok", "concern", "not_feasible"];

const liveOptions = (doc: AssessmentDocument) => doc.options.filter((o) => o.screening !== "reject");

type TechValues = { technical_notes: string; checks: Record<string, { state: string; note: string }> };

const techValues = (o: CpOption): TechValues => ({
  technical_notes: o.technical_notes,
  checks: Object.fromEntries(
    CHECKS.map((c) => {
      const k = o.technical_checks.find((x) => x.criterion === c);
      return [c, { state: k?.state ?? "", note: k?.note ?? "" }];
    }),
  ),
});

const techSchema = z.object({
  technical_notes: longText(),
  checks: z.object(Object.fromEntries(CHECKS.map((c) => [c, z.object({ state: z.string(), note: longText() })]))),
}) as unknown as z.ZodType<TechValues>;

/** NV10: one option's checklist, autosaved as the option's `technical_checks`. */
function TechnicalCard({ doc, option }: { doc: AssessmentDocument; option: Stored<CpOption> }) {
  const { t } = useTranslation();
  const lang = useLang();
  const qc = useQueryClient();
  const locked = useLocked();
  const aid = doc.assessment.id;
  const key = `option:${option.id}`;
  const { form } = useAutosaveForm<TechValues, Stored<CpOption>>({
    saveKey: key,
    schema: techSchema,
    defaultValues: techValues(option),
    row: { entity: "option", source: option, toValues: (o) => techValues(o as CpOption), lang },
    build: (v) => {
      const latest = stripMeta((latestRow(qc, aid, "options", option.id) ?? option) as Stored<CpOption>) as CpOption;
      const row: CpOption = {
        ...latest,
        technical_notes: v.technical_notes,
        technical_checks: CHECKS.filter((c) => v.checks[c]?.state).map((c) => ({ criterion: c, state: v.checks[c].state as CheckState, note: v.checks[c].note })),
      };
      optimisticRow(qc, aid, "options", row);
      return { row, raw: {} };
    },
    onSaved: (r) => {
      if (!queue.isPending(key)) upsertRow(qc, aid, "options", r);
      invalidateCalcs(qc, aid);
    },
  });
  const { register, formState } = form;
  return (
    <section className="card card--table" data-testid="technical-option">
      <div className="card__head">
        <h3 className="card__title">{option.title}</h3>
        {option.screening ? <span className="badge">{t(`screening.${option.screening}`)}</span> : null}
      </div>
      <div className="table-wrap">
        <table className="table table--edit">
          <thead>
            <tr>
              <th>{t("detailed.criterion")}</th>
              <th>{t("detailed.technical")}</th>
              <th>{t("detailed.checkNote")}</th>
            </tr>
          </thead>
          <tbody>
            {CHECKS.map((c) => (
              <tr key={c} data-testid={`check-${c}`}>
                <td>{t(`detailed.check_${c}`)}</td>
                <td>
                  <select {...register(`checks.${c}.state`)} aria-label={`${option.title}: ${t(`detailed.check_${c}`)}`} disabled={locked} data-testid={`check-${c}-state`}>
                    <option value="">{t("detailed.state_")}</option>
                    {STATES.map((s) => (
                      <option key={s} value={s}>
                        {t(`detailed.state_${s}`)}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <WrapText {...register(`checks.${c}.note`)} aria-label={`${t(`detailed.check_${c}`)}: ${t("detailed.checkNote")}`} disabled={locked} data-testid={`check-${c}-note`} />
                  <CellError error={errorAt(formState.errors, `checks.${c}.note`)} testId={`check-${c}-note`} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <label className="field">
        <span>{t("detailed.technicalNotes")}</span>
        <WrapText {...register("technical_notes")} disabled={locked} data-testid="technical-notes" />
        <CellError error={errorAt(formState.errors, "technical_notes")} testId="technical-notes" />
      </label>
    </section>
  );
}

export function TechnicalSheet({ doc }: { doc: AssessmentDocument }) {
  const { t } = useTranslation();
  const options = liveOptions(doc);
  return (
    <div data-testid="technical">
      <p className="muted small">{t("detailed.technicalHint")}</p>
      {options.length === 0 ? <p className="muted">{t("detailed.noLiveOptions")}</p> : null}
      {options.map((o) => (
        <TechnicalCard key={o.id} doc={doc} option={o} />
      ))}
    </div>
  );
}

/** NV12: each resource an option changes, per year, before and after, and its tCO2 with the
 * factors behind it. */
export function EnvironmentSheet({ doc }: { doc: AssessmentDocument }) {
  const { t } = useTranslation();
  const lang = useLang();
  const calcs = useCalcs(doc.assessment.id);
  const lines = calcs.data?.environment ?? [];
  const title = (id: string) => doc.options.find((o) => o.id === id)?.title ?? "";
  const q = (v: number | null) => (v === null ? t("detailed.noBaseline") : fmtNumber(v, lang));
  return (
    <FigureTable
      title={t("detailed.environment")}
      hint={t("detailed.environmentHint")}
      testId="environment"
      heads={[
        { label: t("option.title") },
        { label: t("detailed.resource") },
        { label: t("detailed.before"), num: true },
        { label: t("detailed.change"), num: true },
        { label: t("detailed.after"), num: true },
        { label: t("detailed.cut"), num: true },
        { label: t("detailed.tco2"), num: true },
        { label: t("detailed.factor") },
      ]}
      empty={t("detailed.noEnvironment")}
      rows={lines.map((e, i) => (
        <tr key={`${e.option_id}-${i}`} data-testid="environment-row">
          <td>{title(e.option_id)}</td>
          <td>
            {e.name || t(`resource.${e.resource}`)} ({e.unit})
          </td>
          <td className="num">{q(e.before)}</td>
          <td className="num">{fmtNumber(e.change, lang)}</td>
          <td className="num">{q(e.after)}</td>
          <td className="num">{e.cut_pct === null ? "–" : fmtPercent(e.cut_pct / 100, lang)}</td>
          <td className="num">{fmtNumber(e.tco2, lang, 2)}</td>
          <td className="small">
            {e.factors
              .filter((f) => /CO2|CO₂/.test(f.unit))
              .map((f) => `${fmtNumber(f.value, lang, 4)} ${f.unit}${f.year !== null ? ` · ${f.year}` : ""} · ${f.source}`)
              .join("; ") || "–"}
          </td>
        </tr>
      ))}
    />
  );
}

type CriteriaValues = { selection_criteria: { id: string; name: string; weight: string }[] };

/** NV13's criteria and their weights (%), one form over the assessment: Rust refuses weights
 * that do not add up to 100 % and says so on every weight. */
function CriteriaForm({ doc }: { doc: AssessmentDocument }) {
  const { t } = useTranslation();
  const lang = useLang();
  const locked = useLocked();
  const schema = useMemo(
    () =>
      z.object({
        selection_criteria: z.array(z.object({ id: z.string(), name: nameText(true), weight: numText(lang, { required: true }) })),
      }) as unknown as z.ZodType<CriteriaValues>,
    [lang],
  );
  const values = (a: Assessment): CriteriaValues => ({
    selection_criteria: a.selection_criteria.map((c) => ({ id: c.id, name: c.name, weight: numberText(c.weight, lang) })),
  });
  const { form, saveSoon } = useAssessmentPart<CriteriaValues>({
    doc,
    schema,
    values,
    // The weights go as typed texts for Rust to parse; the row keeps the last stored ones.
    patch: (v) => ({
      selection_criteria: v.selection_criteria.map((c) => ({ id: c.id, name: c.name, weight: doc.assessment.selection_criteria.find((x) => x.id === c.id)?.weight ?? 0 })),
    }),
    numbers: (v) => v.selection_criteria.map((_, i) => ({ path: `selection_criteria.${i}.weight`, required: true })),
  });
  const { control, register, formState } = form;
  const arr = useFieldArray({ control, name: "selection_criteria" });
  const sum = doc.assessment.selection_criteria.reduce((s, c) => s + c.weight, 0);
  const add = (name: string, weight: string) => {
    arr.append({ id: uuidv7(), name, weight });
  };
  const suggest = () => {
    add(t("detailed.crit_econ"), "40");
    add(t("detailed.crit_tech"), "30");
    add(t("detailed.crit_env"), "30");
    saveSoon();
  };
  return (
    <section className="card card--table card--narrow" data-testid="criteria">
      <div className="card__head">
        <h3 className="card__title">{t("detailed.criteria")}</h3>
        <span className="muted small" data-testid="weight-sum">
          {t("detailed.weightSum", { sum: `${fmtNumber(sum, lang)} %` })}
        </span>
      </div>
      <div className="table-wrap">
        <table className="table table--edit">
          <thead>
            <tr>
              <th>{t("detailed.criterion")}</th>
              <th className="num">{t("detailed.weightPct")}</th>
              <th aria-label={t("common.actions")} />
            </tr>
          </thead>
          <tbody>
            {arr.fields.map((f, i) => (
              <tr key={f.id} data-testid="criterion-row">
                <td>
                  <WrapText {...register(`selection_criteria.${i}.name`)} aria-label={t("detailed.criterion")} disabled={locked} data-testid="criterion-name" />
                  <CellError error={errorAt(formState.errors, `selection_criteria.${i}.name`)} testId="criterion-name" />
                </td>
                <td className="c-qty">
                  <RhfNumber control={control} name={`selection_criteria.${i}.weight`} lang={lang} ariaLabel={t("detailed.weightPct")} disabled={locked} testId="criterion-weight" />
                  <CellError error={errorAt(formState.errors, `selection_criteria.${i}.weight`)} testId="criterion-weight" />
                </td>
                <td className="actions">
                  <button
                    type="button"
                    className="icon-button"
                    onClick={() => {
                      arr.remove(i);
                      saveSoon();
                    }}
                    disabled={locked}
                    aria-label={t("common.delete")}
                    data-testid="criterion-delete"
                  >
                    ×
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="row-actions">
        <button type="button" className="button button--small" onClick={() => add("", "")} disabled={locked} data-testid="criterion-new">
          + {t("detailed.addCriterion")}
        </button>
        {arr.fields.length === 0 ? (
          <button type="button" className="button button--small" onClick={suggest} disabled={locked} data-testid="criteria-suggest">
            {t("detailed.suggestCriteria")}
          </button>
        ) : null}
      </div>
    </section>
  );
}

/** NV13: the criteria, each option's scores (0–10), its weighted score and rank from Rust,
 * and the selected set. */
export function SelectionSheet({ doc }: { doc: AssessmentDocument }) {
  const { t } = useTranslation();
  const lang = useLang();
  const qc = useQueryClient();
  const locked = useLocked();
  const calcs = useCalcs(doc.assessment.id);
  const aid = doc.assessment.id;
  const criteria = doc.assessment.selection_criteria;
  const ranking = calcs.data?.selection_ranking ?? [];
  const options = liveOptions(doc);
  const ordered = [...options].sort((a, b) => {
    const ia = ranking.findIndex((r) => r.option_id === a.id);
    const ib = ranking.findIndex((r) => r.option_id === b.id);
    return (ia < 0 ? 1e9 : ia) - (ib < 0 ? 1e9 : ib);
  });
  const setScore = (o: CpOption, criterion: string, score: number | null) =>
    patchRow(
      qc,
      aid,
      "options",
      o.id,
      "scores",
      (row) => {
        const others = row.selection_scores.filter((s) => s.criterion_id !== criterion);
        const next = score === null ? others : [...others, { criterion_id: criterion, score }];
        next.sort((a, b) => criteria.findIndex((c) => c.id === a.criterion_id) - criteria.findIndex((c) => c.id === b.criterion_id));
        return { ...row, selection_scores: next };
      },
      lang,
    );
  const setSelected = (o: CpOption, selected: boolean) => patchRow(qc, aid, "options", o.id, "selected", (row) => ({ ...row, selected }), lang, 0);
  return (
    <div data-testid="selection">
      <p className="muted small">{t("detailed.selectionHint")}</p>
      <CriteriaForm doc={doc} />
      <section className="card card--table" data-testid="selection-matrix">
        <h3 className="card__title">{t("detailed.selection")}</h3>
        {criteria.length === 0 ? <p className="muted">{t("detailed.noCriteria")}</p> : null}
        <div className="table-wrap">
          <table className="table table--edit table--matrix">
            <thead>
              <tr>
                <th>{t("option.title")}</th>
                {criteria.map((c) => (
                  <th key={c.id} className="num">
                    {c.name} ({fmtNumber(c.weight, lang)} %)
                  </th>
                ))}
                <th className="num">{t("detailed.weighted")}</th>
                <th className="num">{t("detailed.rank")}</th>
                <th>{t("detailed.selected")}</th>
              </tr>
            </thead>
            <tbody>
              {ordered.map((o) => {
                const r = ranking.find((x) => x.option_id === o.id);
                return (
                  <tr key={o.id} data-testid="selection-row" className={o.selected ? "row--focus" : undefined}>
                    <td>{o.title}</td>
                    {criteria.map((c) => (
                      <td key={c.id}>
                        <ScoreCell
                          value={o.selection_scores.find((s) => s.criterion_id === c.id)?.score ?? null}
                          onValue={(v) => setScore(o, c.id, v)}
                          max={10}
                          disabled={locked}
                          label={`${o.title}: ${c.name}`}
                          testId="selection-score"
                        />
                      </td>
                    ))}
                    <td className="num" data-testid="selection-weighted">
                      {r?.score != null ? fmtNumber(r.score, lang, 2) : "–"}
                    </td>
                    <td className="num" data-testid="selection-rank">
                      {r?.rank ?? "–"}
                    </td>
                    <td>
                      <LiveCheckbox checked={o.selected} onChecked={(on) => setSelected(o, on)} disabled={locked} aria-label={`${t("detailed.selected")}: ${o.title}`} data-testid="selection-selected" />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}

/** NV16: each monitored indicator's realised saving over its period beside what its option
 * expected, both from Rust, as paired bars on the indicator's own scale. */
export function MonitoringChart({ doc }: { doc: AssessmentDocument }) {
  const { t } = useTranslation();
  const lang = useLang();
  const calcs = useCalcs(doc.assessment.id);
  const lines = (calcs.data?.monitoring ?? []).flatMap((l) => {
    const r = doc.monitoring_records.find((m) => m.id === l.figure.record_id);
    return r && l.expected !== null && l.realised !== null ? [{ ...l, indicator: r.indicator, expected: l.expected, realised: l.realised }] : [];
  });
  return (
    <section className="card" data-testid="monitoring-chart">
      <h3 className="card__title">{t("detailed.realisedChart")}</h3>
      {lines.length === 0 ? <p className="muted small">{t("detailed.noCompare")}</p> : null}
      {lines.map((l) => {
        const top = Math.max(Math.abs(l.expected), Math.abs(l.realised), 1e-9);
        const bar = (v: number, cls: string, label: string) => (
          <div className="bars__row">
            <span className="bars__label small">{label}</span>
            <span className="bars__track">
              <span className={`bars__bar ${cls}`} style={{ width: `${Math.max(1, (100 * Math.max(0, v)) / top)}%` }} />
            </span>
            <span className="bars__value num small">
              {fmtNumber(v, lang)} {l.unit}
            </span>
          </div>
        );
        return (
          <div key={l.figure.record_id} className="compare" data-testid="monitoring-compare">
            <div className="tornado__title">
              {l.indicator}
              {l.realised_pct !== null ? <span className="muted small"> — {fmtPercent(l.realised_pct / 100, lang)}</span> : null}
            </div>
            {bar(l.expected, "bars__bar--expected", t("detailed.expected"))}
            {bar(l.realised, "", t("detailed.realised"))}
          </div>
        );
      })}
    </section>
  );
}
