import { WrapText } from "../../components/WrapText";
import { deleteWithUndo } from "../../lib/undo";
import { useQueryClient } from "@tanstack/react-query";
import { memo, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { errorAt } from "../../lib/errors";
import type {
  AssessmentDocument,
  DataSource,
  Direction,
  Flow,
  FlowCategory,
  Lang,
  Period,
  Stored,
} from "../../backend/types";
import { CellError } from "../../components/Field";
import { RhfNumber, RhfSelect } from "../../components/FormInputs";
import { CoalGradeOptions, NamedOptions, Options, unitChoices } from "../../components/Options";
import { useAutosaveForm } from "../../lib/autosave";
import { invalidateCalcs, isStored, latestRow, optimisticRow, removeRow, stripMeta, upsertRow } from "../../lib/doc";
import { fmtMoney } from "../../lib/format";
import { useLang, useReference } from "../../lib/hooks";
import { numberText } from "../../lib/number";
import { firstRows, useProgressive } from "../../lib/progressive";
import { preferredUnit, unitsFor, withRaw } from "../../lib/raw";
import * as queue from "../../lib/saveQueue";
import { useCalcs } from "./useCalcs";
import { nameText, numText, longText } from "../../lib/schema";
import { sortVi } from "../../lib/text";
import { uuidv7 } from "../../lib/uuid";

export const CATEGORIES_IN: FlowCategory[] = ["raw_material", "auxiliary", "water", "electricity", "fuel"];
export const CATEGORIES_OUT: FlowCategory[] = [
  "product",
  "by_product",
  "solid_waste",
  "wastewater",
  "air_emission",
  "loss",
];
const PERIODS: Period[] = ["year", "month", "day", "batch", "baseline"];
const SOURCES: DataSource[] = ["records", "measured", "estimated"];

type Values = {
  category: FlowCategory;
  name: string;
  fuel_code: string;
  coal_grade: string;
  quantity: string;
  unit: string;
  period: Period;
  unit_price_vnd: string;
  source: DataSource;
  note: string;
};

function schemaFor(lang: Lang) {
  return z
    .object({
      category: z.string(),
      name: nameText(true),
      fuel_code: nameText(),
      coal_grade: z.string(),
      quantity: numText(lang, { required: true }),
      unit: z.string().min(1, "required"),
      period: z.string(),
      unit_price_vnd: numText(lang, { integer: true }),
      source: z.string(),
      note: longText(),
    }) as unknown as z.ZodType<Values>;
}

const flowKey = (id: string) => `flow:${id}`;

/** The form texts of a flow. A new flow's quantity starts empty rather than "0". */
function toValues(flow: Flow & { created_at?: string }, lang: Lang): Values {
  return {
    category: flow.category,
    name: flow.name,
    fuel_code: flow.fuel_code,
    coal_grade: flow.coal_grade,
    quantity: flow.created_at || flow.quantity !== 0 ? numberText(flow.quantity, lang) : "",
    unit: flow.unit,
    period: flow.period,
    unit_price_vnd: numberText(flow.unit_price_vnd, lang, true),
    source: flow.source,
    note: flow.note,
  };
}

const FlowRow = memo(function FlowRow({
  flow,
  aid,
  autoFocus,
  cost,
}: {
  flow: Stored<Flow>;
  aid: string;
  autoFocus: boolean;
  /** The stored flow's cost as Rust computed it (`null`: no price). */
  cost: number | null;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const ref = useReference();
  const qc = useQueryClient();
  const schema = useMemo(() => schemaFor(lang), [lang]);
  const { form } = useAutosaveForm<Values, Stored<Flow>>({
    saveKey: flowKey(flow.id),
    schema,
    defaultValues: toValues(flow, lang),
    row: { entity: "flow", source: flow, toValues: (f) => toValues(f as Flow, lang), lang },
    build: (v) => {
      const latest = stripMeta(latestRow(qc, aid, "flows", flow.id) ?? flow);
      const { quantity: _q, unit_price_vnd: _p, ...texts } = v;
      const fuel_code = v.category === "fuel" ? v.fuel_code : "";
      // A coal fines grade belongs to an anthracite flow only.
      const coal_grade = fuel_code === "anthracite" ? v.coal_grade : "";
      const { row, raw } = withRaw<Flow>(
        { ...latest, ...texts, fuel_code, coal_grade },
        v,
        [{ path: "quantity", required: true }, { path: "unit_price_vnd", integer: true }],
        lang,
      );
      optimisticRow(qc, aid, "flows", row);
      return { row, raw };
    },
    onSaved: (r) => {
      if (!queue.isPending(flowKey(flow.id))) upsertRow(qc, aid, "flows", r);
      invalidateCalcs(qc, aid);
    },
  });
  const { register, control, watch, setValue, getValues, formState } = form;
  const err = (n: keyof Values) => errorAt(formState.errors, n);
  const category = watch("category");
  const unit = watch("unit");
  const units = useMemo(() => {
    const list = unitsFor(category, ref.data?.units ?? []);
    return unit && !list.includes(unit) ? [unit, ...list] : list;
  }, [category, unit, ref.data]);
  const fuels = useMemo(
    () => sortVi(ref.data?.fuels ?? [], (f) => (lang === "vi" ? f.name_vi : f.name_en)),
    [ref.data, lang],
  );
  const categories = flow.direction === "in" ? CATEGORIES_IN : CATEGORIES_OUT;
  const cats = categories.includes(category) ? categories : [category, ...categories];

  const [deleting, setDeleting] = useState(false);
  const remove = async () => {
    setDeleting(true);
    const key = flowKey(flow.id);
    queue.cancel(key);
    await queue.flushKey(key);
    const stored = latestRow(qc, aid, "flows", flow.id);
    try {
      if (stored && isStored(stored)) {
        await deleteWithUndo(qc, aid, "flows", flow.id, t("undo.flow", { name: stored.name || "…" }));
      }
      removeRow(qc, aid, "flows", flow.id);
      invalidateCalcs(qc, aid);
    } finally {
      setDeleting(false);
    }
  };

  return (
    <tr data-testid="flow-row" data-flow-id={flow.id}>
      <td>
        <select
          {...register("category", {
            onChange: (e: { target: { value: string } }) => {
              // Another category may need a unit of another dimension (electricity: energy…).
              const fit = unitsFor(e.target.value, ref.data?.units ?? []);
              if (fit.length > 0 && !fit.includes(getValues("unit"))) setValue("unit", preferredUnit(e.target.value, fit), { shouldDirty: true });
            },
          })}
          aria-label={t("flow.category")}
          data-testid="flow-category"
        >
          <Options values={cats} label={(c) => t(`flowCategory.${c}`)} />
        </select>
      </td>
      <td>
        <WrapText {...register("name")} autoFocus={autoFocus} aria-label={t("flow.name")} aria-invalid={!!err("name") || undefined} data-testid="flow-name" />
        <CellError error={err("name")} testId="flow-name" />
        {category === "fuel" ? (
          <>
            <select {...register("fuel_code")} className="mt-4" aria-label={t("flow.fuel")} data-testid="flow-fuel">
              <option value="">{t("flow.fuelPick")}</option>
              <NamedOptions list={fuels} lang={lang} />
            </select>
            <CellError error={err("fuel_code")} testId="flow-fuel" />
            {watch("fuel_code") === "anthracite" ? (
              <>
                <select {...register("coal_grade")} className="mt-4" aria-label={t("option.coalGrade")} title={t("option.coalGradeHint")} data-testid="flow-coal-grade">
                  <CoalGradeOptions />
                </select>
                <CellError error={err("coal_grade")} testId="flow-coal-grade" />
              </>
            ) : null}
          </>
        ) : null}
      </td>
      <td>
        <RhfNumber control={control} name="quantity" lang={lang} ariaLabel={t("flow.quantity")} testId="flow-quantity" />
        <CellError error={err("quantity")} testId="flow-quantity" />
      </td>
      <td>
        <RhfSelect control={control} name="unit" ariaLabel={t("flow.unit")} testId="flow-unit" options={unitChoices(t, units)} />
        <CellError error={err("unit")} testId="flow-unit" />
      </td>
      <td>
        <select {...register("period")} aria-label={t("flow.period")} data-testid="flow-period">
          <Options values={PERIODS} label={(p) => t(`period.${p}`)} />
        </select>
      </td>
      <td>
        <RhfNumber control={control} name="unit_price_vnd" lang={lang} integer ariaLabel={t("flow.unitPrice")} testId="flow-price" />
        <CellError error={err("unit_price_vnd")} testId="flow-price" />
      </td>
      <td className="num muted small" data-testid="flow-cost">
        {cost !== null ? fmtMoney(cost, lang) : "–"}
      </td>
      <td>
        <select {...register("source")} aria-label={t("flow.source")} data-testid="flow-source">
          <Options values={SOURCES} label={(s) => t(`dataSource.${s}`)} />
        </select>
      </td>
      <td className="actions">
        <button type="button" className="icon-button" onClick={() => void remove()} disabled={deleting} aria-label={t("common.delete")} title={t("common.delete")} data-testid="flow-delete">
          ×
        </button>
      </td>
    </tr>
  );
});

/** An editable table of the flows of one direction: of the site (`stepId` none), or of one
 * process step. */
export function FlowTable({ doc, direction, title, stepId = null }: { doc: AssessmentDocument; direction: Direction; title: string; stepId?: string | null }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [justAdded, setJustAdded] = useState<string | null>(null);
  const rows = doc.flows.filter((f) => f.direction === direction && f.step_id === stepId);
  // The first rows at once, the others in the next frame (a row just added at once).
  const count = useProgressive(rows.length);
  const shown = firstRows(rows, count, justAdded);
  const calcs = useCalcs(doc.assessment.id);
  const costs = useMemo(() => new Map((calcs.data?.flow_costs ?? []).map((c) => [c.flow_id, c.cost_vnd])), [calcs.data]);
  const add = () => {
    const id = uuidv7();
    const row: Flow = {
      id,
      assessment_id: doc.assessment.id,
      step_id: stepId,
      direction,
      category: direction === "in" ? "raw_material" : "product",
      name: "",
      quantity: 0,
      unit: "t",
      period: "year",
      unit_price_vnd: null,
      fuel_code: "",
      source: "records",
      note: "",
      coal_grade: "",
    };
    optimisticRow(qc, doc.assessment.id, "flows", row);
    setJustAdded(id);
  };
  return (
    <section className="card card--table" data-testid={`flows-${direction}`}>
      <div className="card__head">
        <h3 className="card__title">{title}</h3>
        <span className="muted small">{t("flow.count", { count: rows.length })}</span>
      </div>
      <div className="table-wrap">
        <table className="table table--edit table--flows">
          <colgroup>
            <col className="c-cat" />
            <col className="c-name" />
            <col className="c-qty" />
            <col className="c-unit" />
            <col className="c-period" />
            <col className="c-price" />
            <col className="c-cost" />
            <col className="c-source" />
            <col className="c-act" />
          </colgroup>
          <thead>
            <tr>
              <th>{t("flow.category")}</th>
              <th>{t("flow.name")}</th>
              <th className="num">{t("flow.quantity")}</th>
              <th>{t("flow.unit")}</th>
              <th>{t("flow.period")}</th>
              <th className="num">{t("flow.unitPrice")}</th>
              <th className="num">{t("flow.cost")}</th>
              <th>{t("flow.source")}</th>
              <th aria-label={t("common.actions")} />
            </tr>
          </thead>
          <tbody>
            {shown.map((f) => (
              <FlowRow key={f.id} flow={f} aid={doc.assessment.id} autoFocus={f.id === justAdded} cost={costs.get(f.id) ?? null} />
            ))}
            {rows.length === 0 ? (
              <tr>
                <td colSpan={9} className="empty muted">
                  {t("flow.none")}
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
      <button type="button" className="button button--small" onClick={add} data-testid={`flow-new-${direction}`}>
        + {t("flow.add")}
      </button>
    </section>
  );
}
