import { WrapText } from "../../components/WrapText";
import { deleteWithUndo } from "../../lib/undo";
import { useQueryClient } from "@tanstack/react-query";
import { createContext, memo, useCallback, useContext, useEffect, useMemo, useState } from "react";
import type { Path } from "react-hook-form";
import { useFieldArray } from "react-hook-form";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { toApiError } from "../../backend";
import type {
  AssessmentDocument,
  CpOption,
  FieldError,
  Lang,
  OptionCalcResult,
  Resource,
  ResourceSaving,
  Screening,
  Stored,
} from "../../backend/types";
import { ErrorBox } from "../../components/ErrorBox";
import { CellError, Field } from "../../components/Field";
import { RhfNumber, RhfSelect, WithUnit } from "../../components/FormInputs";
import { ConfirmWhenOpen } from "../../components/Modal";
import { CoalGradeOptions, NamedOptions, Options, unitChoices } from "../../components/Options";
import { useAutosaveForm } from "../../lib/autosave";
import { errorAt, formFieldName } from "../../lib/errors";
import { invalidateCalcs, isStored, latestRow, optimisticRow, removeRow, stripMeta, upsertRow } from "../../lib/doc";
import { paybackText, irrText } from "../../lib/econText";
import { fmtFigure, fmtMoney, fmtPercent } from "../../lib/format";
import { useLang, useReference } from "../../lib/hooks";
import { numberText } from "../../lib/number";
import type { NumSpec } from "../../lib/raw";
import { preferredUnit, unitsFor, withRaw } from "../../lib/raw";
import * as queue from "../../lib/saveQueue";
import { longText, nameText, numText } from "../../lib/schema";
import { sortVi } from "../../lib/text";
import { uuidv7 } from "../../lib/uuid";
import { EconParams, gridFactorUsed } from "./EconParams";
import { useCalcs } from "./useCalcs";

const RESOURCES: Resource[] = ["electricity", "fuel", "water", "material", "other"];
const SCREENINGS: Screening[] = ["implement_now", "needs_study", "reject"];

type SavingValues = {
  resource: Resource;
  name: string;
  fuel_code: string;
  quantity: string;
  unit: string;
  unit_price_vnd: string;
  added: boolean;
  coal_grade: string;
};

type Values = {
  title: string;
  description: string;
  techniques: string[];
  cause_ids: string[];
  waste_stream_ids: string[];
  screening: "" | Screening;
  screening_reason: string;
  investment_vnd: string;
  opex_change_vnd: string;
  life_years: string;
  selected: boolean;
  savings: SavingValues[];
  /** The cash flows of years 0..n as typed; empty: none. */
  cash_flows_vnd: string[];
};

function schemaFor(lang: Lang) {
  const saving = z
    .object({
      resource: z.string(),
      name: nameText(),
      fuel_code: nameText(),
      quantity: numText(lang, { required: true }),
      unit: z.string().min(1, "required"),
      unit_price_vnd: numText(lang, { integer: true }),
      added: z.boolean(),
      coal_grade: z.string(),
    })
    .superRefine((s, ctx) => {
      if (s.resource === "fuel" && s.fuel_code === "") {
        ctx.addIssue({ code: "custom", path: ["fuel_code"], message: "required" });
      }
    });
  return z.object({
    title: nameText(true),
    description: longText(),
    techniques: z.array(z.string()),
    cause_ids: z.array(z.string()),
    waste_stream_ids: z.array(z.string()),
    screening: z.string(),
    screening_reason: longText(),
    investment_vnd: numText(lang, { integer: true }),
    opex_change_vnd: numText(lang, { required: true, integer: true, signed: true }),
    life_years: numText(lang, { integer: true, min: 1, max: 50 }),
    selected: z.boolean(),
    savings: z.array(saving),
    cash_flows_vnd: z.array(numText(lang, { required: true, integer: true, signed: true })),
  }) as unknown as z.ZodType<Values>;
}

function toValues(o: CpOption, lang: Lang): Values {
  return {
    title: o.title,
    description: o.description,
    techniques: o.techniques,
    cause_ids: o.cause_ids,
    waste_stream_ids: o.waste_stream_ids,
    screening: o.screening ?? "",
    screening_reason: o.screening_reason,
    investment_vnd: numberText(o.investment_vnd, lang, true),
    opex_change_vnd: numberText(o.opex_change_vnd, lang, true),
    life_years: numberText(o.life_years, lang, true),
    selected: o.selected,
    savings: o.savings.map((s) => ({
      resource: s.resource,
      name: s.name,
      fuel_code: s.fuel_code,
      quantity: numberText(s.quantity, lang),
      unit: s.unit,
      unit_price_vnd: numberText(s.unit_price_vnd, lang, true),
      added: s.added,
      coal_grade: s.coal_grade,
    })),
    cash_flows_vnd: (o.cash_flows_vnd ?? []).map((cf) => numberText(cf, lang, true)),
  };
}

const optionKey = (id: string) => `option:${id}`;

/** Whether the figures are being computed again. Read by each option's results only: the
 * option editors themselves do not render again when a calculation starts or ends. */
const CalcsFetching = createContext(false);

function Results({ result, saveKey }: { result: OptionCalcResult | undefined; saveKey: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const fetching = useContext(CalcsFetching);
  const stale = queue.isPending(saveKey) || fetching;
  if (!result) {
    return (
      <aside className="results results--empty" data-testid="option-results">
        <p className="muted small">{t("option.resultsPending")}</p>
      </aside>
    );
  }
  const e = result.economics;
  return (
    <aside className={`results${stale ? " results--stale" : ""}`} data-testid="option-results" aria-busy={stale || undefined}>
      <dl>
        <dt>{t("option.netSavings")}</dt>
        <dd className={`num${e.payback.kind === "no_savings" ? " phrase" : ""}`} data-testid="option-net-savings">
          {e.payback.kind === "no_savings" ? t("option.noSavingsData") : fmtMoney(e.annual_net_savings_vnd, lang)}
        </dd>
        <dt>{t("option.payback")}</dt>
        <dd className={`num big${e.payback.kind === "years" ? "" : " phrase"}`} data-testid="option-payback">
          {paybackText(result.economics.payback, t, lang)}
        </dd>
        <dt>{t("option.npv")}</dt>
        <dd className={`num${e.npv_vnd === null ? " phrase" : e.npv_vnd < 0 ? " negative" : ""}`} data-testid="option-npv">
          {e.npv_vnd === null ? paybackText(result.economics.payback, t, lang) : fmtMoney(e.npv_vnd, lang)}
        </dd>
        <dt>{t("option.irr")}</dt>
        <dd className={`num${e.irr.kind === "unique" ? "" : " phrase"}`} data-testid="option-irr">
          {irrText(result.economics.irr, t, lang)}
        </dd>
        {e.irr_interpolated ? (
          <>
            <dt>{t("option.irrTextbook")}</dt>
            <dd className="num phrase" data-testid="option-irr-textbook">
              {t("option.irrTextbookValue", {
                value: fmtPercent(e.irr_interpolated.rate, lang, 1),
                r1: fmtPercent(e.irr_interpolated.r1, lang, 0),
                r2: fmtPercent(e.irr_interpolated.r2, lang, 0),
              })}
            </dd>
          </>
        ) : null}
        <dt>{t("option.co2")}</dt>
        <dd className="num" data-testid="option-co2">
          {fmtFigure(result.impact.tco2, lang)} {t("option.tco2PerYear")}
          {result.impact_added.tco2 !== 0 || result.impact_added.toe !== 0 ? (
            <span className="muted small block" data-testid="option-co2-sides">
              {t("option.co2Sides", { saved: fmtFigure(result.impact_saved.tco2, lang), added: fmtFigure(result.impact_added.tco2, lang) })}
            </span>
          ) : null}
        </dd>
        {result.impact.toe !== 0 ? (
          <>
            <dt>{t("option.toe")}</dt>
            <dd className="num" data-testid="option-toe">{fmtFigure(result.impact.toe, lang)} TOE</dd>
          </>
        ) : null}
      </dl>
      {e.from_cash_flows ? <p className="muted small">{t("option.fromCashFlows")}</p> : null}
      {result.impact_added.biogenic_tco2 > 0 ? (
        <p className="muted small" data-testid="option-biogenic-added">
          {t("option.biogenicAdded", { value: fmtFigure(result.impact_added.biogenic_tco2, lang) })}
        </p>
      ) : null}
      {result.unpriced.length > 0 ? (
        <p className="warn small" data-testid="option-unpriced">
          {t("option.unpriced", { names: result.unpriced.join(", ") })}
        </p>
      ) : null}
    </aside>
  );
}

/** What an option of a detailed assessment can be linked to (NV8): the waste streams and
 * causes it addresses. */
export interface OptionLinks {
  wasteStreams: { id: string; name: string }[];
  causes: { id: string; description: string }[];
}

/** What every line of a long list shows alike: the language and the techniques' names. */
interface LineTexts {
  t: TFunction;
  lang: Lang;
  techniques: Map<string, string>;
}

interface CardProps {
  /** Whether the editor may be closed back to its line (a long list). */
  collapsible: boolean;
  line: LineTexts;
  links: OptionLinks | null;
  option: Stored<CpOption>;
  aid: string;
  result: OptionCalcResult | undefined;
  calcErrors: FieldError[];
  autoFocus: boolean;
  index: number;
}

/** Lists of this many options or fewer show every editor; a longer list shows a line per
 * option, and the editors of those the user opens (building 100 editors, each with its
 * techniques, links and savings, took over a second). */
export const OPEN_OPTIONS = 15;

/** An option: its editor when `open`, else a line with its title, techniques, screening and
 * Rust's figures that opens it. */
const OptionItem = memo(function OptionItem(props: CardProps & { open: boolean; onOpen: (id: string, open: boolean) => void }) {
  const { open, onOpen, ...card } = props;
  const id = props.option.id;
  const close = useCallback(() => onOpen(id, false), [onOpen, id]);
  return open ? <OptionCard {...card} onClose={card.collapsible ? close : undefined} /> : <OptionLine {...card} onOpen={() => onOpen(id, true)} />;
});

/** One line of a long list of options (see `OPEN_OPTIONS`); a click opens its editor. Its
 * texts come from the list (a hundred lines each asking for them cost more than the lines). */
function OptionLine({ option, result, index, onOpen, line }: CardProps & { onOpen: () => void }) {
  const { t, lang, techniques } = line;
  const e = result?.economics;
  return (
    <article className="option-line" data-testid="option-row" data-option-id={option.id} data-open="false">
      <button type="button" className="option-line__open" aria-expanded={false} onClick={onOpen} title={t("option.open")} data-testid="option-open">
        <span className="option__num">{index + 1}</span>
        <span className="option-line__title" data-testid="option-line-title">
          {option.title || t("option.titlePlaceholder")}
        </span>
        <span className="option-line__tech muted small">{option.techniques.map((c) => techniques.get(c) ?? c).join(", ")}</span>
        <span className="option-line__screening small">{option.screening ? t(`screening.${option.screening}`) : "–"}</span>
        <span className="option-line__fig num small">
          {!e ? "–" : e.payback.kind === "no_savings" ? t("option.noSavingsData") : `${fmtMoney(e.annual_net_savings_vnd, lang)}/${t("option.yearShort")}`}
        </span>
        <span className="option-line__fig num small">{result ? paybackText(result.economics.payback, t, lang) : "–"}</span>
        <span className="option-line__selected small">{option.selected ? `✓ ${t("option.selected")}` : ""}</span>
      </button>
    </article>
  );
}

function OptionCard({ links, option, aid, result, calcErrors, autoFocus, index, onClose }: CardProps & { onClose?: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const ref = useReference();
  const qc = useQueryClient();
  const key = optionKey(option.id);
  const schema = useMemo(() => schemaFor(lang), [lang]);
  const [confirming, setConfirming] = useState(false);
  const [deleteError, setDeleteError] = useState<unknown>(null);
  const { form, saveSoon } = useAutosaveForm<Values, Stored<CpOption>>({
    saveKey: key,
    schema,
    defaultValues: toValues(option, lang),
    row: { entity: "option", source: option, toValues: (o) => toValues(o as CpOption, lang), lang },
    build: (v) => {
      const latest = stripMeta(latestRow(qc, aid, "options", option.id) ?? option);
      const savings: ResourceSaving[] = v.savings.map((s, i) => ({
        resource: s.resource,
        name: s.name,
        fuel_code: s.resource === "fuel" ? s.fuel_code : "",
        quantity: latest.savings[i]?.quantity ?? 0,
        unit: s.unit,
        unit_price_vnd: latest.savings[i]?.unit_price_vnd ?? null,
        added: s.added,
        coal_grade: s.resource === "fuel" && s.fuel_code === "anthracite" ? s.coal_grade : "",
      }));
      const cashFlows = v.cash_flows_vnd.length > 0 ? v.cash_flows_vnd.map((_, i) => latest.cash_flows_vnd?.[i] ?? 0) : null;
      const specs: NumSpec[] = [
        { path: "investment_vnd", integer: true },
        { path: "opex_change_vnd", integer: true, required: true },
        { path: "life_years", integer: true },
        ...v.savings.flatMap((_, i) => [
          { path: `savings.${i}.quantity`, required: true },
          { path: `savings.${i}.unit_price_vnd`, integer: true },
        ]),
        ...v.cash_flows_vnd.map((_, i) => ({ path: `cash_flows_vnd.${i}`, integer: true, required: true })),
      ];
      const { row, raw } = withRaw<CpOption>(
        {
          ...latest,
          title: v.title,
          description: v.description,
          techniques: v.techniques,
          cause_ids: v.cause_ids,
          waste_stream_ids: v.waste_stream_ids,
          screening: v.screening === "" ? null : v.screening,
          screening_reason: v.screening_reason,
          selected: v.selected,
          savings,
          cash_flows_vnd: cashFlows,
        },
        v,
        specs,
        lang,
      );
      optimisticRow(qc, aid, "options", row);
      return { row, raw };
    },
    onSaved: (r) => {
      if (!queue.isPending(key)) upsertRow(qc, aid, "options", r);
      invalidateCalcs(qc, aid);
    },
  });
  const { register, control, watch, setValue, formState, setError } = form;
  const lines = useFieldArray({ control, name: "savings" });
  const err = (n: string) => errorAt(formState.errors, n);
  const techniques = watch("techniques");
  const screening = watch("screening");

  // Problems the calculation found in this option (e.g. a fuel without factors) go onto
  // the fields they name.
  useEffect(() => {
    for (const fe of calcErrors) setError(formFieldName(fe.field) as Path<Values>, { type: "calc", message: fe.code });
  }, [calcErrors, setError]);

  const toggleLink = (field: "cause_ids" | "waste_stream_ids", id: string, order: string[]) => {
    const set = new Set(watch(field));
    if (set.has(id)) set.delete(id);
    else set.add(id);
    setValue(
      field,
      order.filter((x) => set.has(x)),
      { shouldDirty: true },
    );
  };
  const causeIds = watch("cause_ids");
  const streamIds = watch("waste_stream_ids");

  const toggleTechnique = (code: string) => {
    const set = new Set(techniques);
    if (set.has(code)) set.delete(code);
    else set.add(code);
    const order = (ref.data?.techniques ?? []).map((x) => x.code);
    setValue(
      "techniques",
      order.filter((c) => set.has(c)),
      { shouldDirty: true },
    );
  };

  const addLine = () =>
    lines.append({ resource: "electricity", name: "", fuel_code: "", quantity: "", unit: "kWh", unit_price_vnd: "", added: false, coal_grade: "" });

  const cashFlows = watch("cash_flows_vnd");
  const setCashFlows = (next: string[]) => {
    setValue("cash_flows_vnd", next, { shouldDirty: true });
    saveSoon();
  };

  const remove = async () => {
    queue.cancel(key);
    await queue.flushKey(key);
    try {
      const latest = latestRow(qc, aid, "options", option.id);
      if (latest && isStored(latest)) {
        await deleteWithUndo(qc, aid, "options", option.id, t("undo.option", { name: latest.title || "…" }));
      }
      removeRow(qc, aid, "options", option.id);
      invalidateCalcs(qc, aid);
    } catch (e) {
      setDeleteError(toApiError(e));
    }
  };

  const fuels = useMemo(() => sortVi(ref.data?.fuels ?? [], (f) => (lang === "vi" ? f.name_vi : f.name_en)), [ref.data, lang]);
  const allUnits = ref.data?.units ?? [];
  const savingsValues = watch("savings");

  return (
    <article className="card option" data-testid="option-row" data-option-id={option.id} data-open="true">
      <div className="option__grid">
        <div className="option__form">
          <div className="option__title-row">
            <span className="option__num">{index + 1}</span>
            <div className="grow">
              <textarea
                rows={1}
                {...register("title")}
                onKeyDown={(e) => {
                  // A title is one line: Enter does not add a line break.
                  if (e.key === "Enter") e.preventDefault();
                }}
                className="option__title"
                autoFocus={autoFocus}
                placeholder={t("option.titlePlaceholder")}
                aria-label={t("option.title")}
                aria-invalid={!!err("title") || undefined}
                data-testid="option-title"
              />
              <CellError error={err("title")} testId="option-title" />
            </div>
            <label className="check" title={t("option.selectedHint")}>
              <input type="checkbox" {...register("selected")} data-testid="option-selected" />
              {t("option.selected")}
            </label>
            {onClose ? (
              <button type="button" className="button button--small" onClick={onClose} aria-expanded={true} title={t("option.close")} data-testid="option-close">
                {t("option.close")}
              </button>
            ) : null}
            <button type="button" className="icon-button" onClick={() => setConfirming(true)} aria-label={t("common.delete")} title={t("common.delete")} data-testid="option-delete">
              ×
            </button>
          </div>
          {option.source_item ? (
            <div className="muted small" data-testid="option-source-item">
              {t("option.fromItem", { code: option.source_item })}
            </div>
          ) : null}

          <div className="techniques" role="group" aria-label={t("option.techniques")}>
            {(ref.data?.techniques ?? []).map((tq) => (
              <button
                key={tq.code}
                type="button"
                className={`tech${techniques.includes(tq.code) ? " tech--on" : ""}`}
                aria-pressed={techniques.includes(tq.code)}
                onClick={() => toggleTechnique(tq.code)}
                title={lang === "vi" ? tq.name_vi : tq.name_en}
                data-testid={`option-technique-${tq.code}`}
              >
                {lang === "vi" ? tq.name_vi : tq.name_en}
              </button>
            ))}
          </div>
          <CellError error={err("techniques")} testId="option-techniques" />
          {links ? (
            <div className="option-links" data-testid="option-links">
              <div className="techniques" role="group" aria-label={t("option.wasteStreams")}>
                <span className="muted small">{t("option.wasteStreams")}:</span>
                {links.wasteStreams.map((w) => (
                  <button
                    key={w.id}
                    type="button"
                    className={`tech${streamIds.includes(w.id) ? " tech--on" : ""}`}
                    aria-pressed={streamIds.includes(w.id)}
                    onClick={() => toggleLink("waste_stream_ids", w.id, links.wasteStreams.map((x) => x.id))}
                    data-testid="option-waste-link"
                  >
                    {w.name || "…"}
                  </button>
                ))}
              </div>
              <div className="techniques" role="group" aria-label={t("option.causes")}>
                <span className="muted small">{t("option.causes")}:</span>
                {links.causes.map((c) => (
                  <button
                    key={c.id}
                    type="button"
                    className={`tech${causeIds.includes(c.id) ? " tech--on" : ""}`}
                    aria-pressed={causeIds.includes(c.id)}
                    onClick={() => toggleLink("cause_ids", c.id, links.causes.map((x) => x.id))}
                    title={c.description}
                    data-testid="option-cause-link"
                  >
                    {c.description.length > 60 ? `${c.description.slice(0, 57)}…` : c.description || "…"}
                  </button>
                ))}
              </div>
            </div>
          ) : null}

          <div className="grid grid--4">
            <Field label={t("option.investment")} error={err("investment_vnd")} testId="option-investment" hint={t("option.investmentHint")}>
              <WithUnit unit={t("money.unit")}>
                <RhfNumber
                  control={control}
                  name="investment_vnd"
                  lang={lang}
                  integer
                  testId="option-investment"
                  ariaLabel={t("option.investment")}
                  placeholder={t("option.investmentUnknown")}
                />
              </WithUnit>
            </Field>
            <Field label={t("option.opexChange")} error={err("opex_change_vnd")} testId="option-opex" hint={t("option.opexHint")}>
              <WithUnit unit={t("money.perYear")}>
                <RhfNumber control={control} name="opex_change_vnd" lang={lang} integer testId="option-opex" ariaLabel={t("option.opexChange")} />
              </WithUnit>
            </Field>
            <Field label={t("option.life")} error={err("life_years")} testId="option-life" hint={t("option.lifeHint")}>
              <RhfNumber control={control} name="life_years" lang={lang} integer testId="option-life" ariaLabel={t("option.life")} />
            </Field>
            <Field label={t("option.screening")} testId="option-screening">
              <select {...register("screening")} data-testid="option-screening">
                <option value="">–</option>
                <Options values={SCREENINGS} label={(s) => t(`screening.${s}`)} />
              </select>
            </Field>
          </div>
          {screening !== "" ? (
            <Field label={t("option.screeningReason")} error={err("screening_reason")} testId="option-screening-reason" hint={screening === "reject" ? t("option.screeningReasonHint") : undefined}>
              <WrapText {...register("screening_reason")} data-testid="option-screening-reason" />
            </Field>
          ) : null}

          <div className="savings">
            <div className="savings__head">
              <h4>{t("option.savings")}</h4>
              <button type="button" className="button button--small" onClick={addLine} data-testid="option-saving-add">
                + {t("option.addSaving")}
              </button>
            </div>
            {lines.fields.length === 0 ? <p className="muted small">{t("option.noSavings")}</p> : null}
            {lines.fields.length > 0 ? (
              <div className="table-wrap">
              <table className="table table--edit table--savings">
                <colgroup>
                  <col className="c-res" />
                  <col className="c-sname" />
                  <col className="c-qty" />
                  <col className="c-unit" />
                  <col className="c-price" />
                  <col className="c-added" />
                  <col className="c-act" />
                </colgroup>
                <thead>
                  <tr>
                    <th>{t("option.resource")}</th>
                    <th>{t("option.savingName")}</th>
                    <th className="num">{t("option.quantityPerYear")}</th>
                    <th>{t("flow.unit")}</th>
                    <th className="num">{t("flow.unitPrice")}</th>
                    <th title={t("option.addedHint")}>{t("option.added")}</th>
                    <th aria-label={t("common.actions")} />
                  </tr>
                </thead>
                <tbody>
                  {lines.fields.map((f, i) => {
                    const res = savingsValues[i]?.resource ?? "electricity";
                    const unit = savingsValues[i]?.unit ?? "";
                    const units = unitsFor(res, allUnits);
                    const list = unit && !units.includes(unit) ? [unit, ...units] : units;
                    return (
                      <tr key={f.id} data-testid="saving-row">
                        <td>
                          <select
                            {...register(`savings.${i}.resource` as const, {
                              onChange: (e: { target: { value: string } }) => {
                                // Another resource starts with its usual unit (electricity kWh, fuel kg…).
                                const fit = unitsFor(e.target.value, allUnits);
                                setValue(`savings.${i}.unit` as const, preferredUnit(e.target.value, fit), { shouldDirty: true });
                              },
                            })}
                            aria-label={t("option.resource")}
                            data-testid="saving-resource"
                          >
                            <Options values={RESOURCES} label={(r) => t(`resource.${r}`)} />
                          </select>
                        </td>
                        <td>
                          {res === "fuel" ? (
                            <>
                              <select {...register(`savings.${i}.fuel_code` as const)} aria-label={t("flow.fuel")} data-testid="saving-fuel">
                                <option value="">{t("flow.fuelPick")}</option>
                                <NamedOptions list={fuels} lang={lang} />
                              </select>
                              <CellError error={err(`savings.${i}.fuel_code`)} testId="saving-fuel" />
                              {savingsValues[i]?.fuel_code === "anthracite" ? (
                                <>
                                  <select
                                    {...register(`savings.${i}.coal_grade` as const)}
                                    aria-label={t("option.coalGrade")}
                                    title={t("option.coalGradeHint")}
                                    data-testid="saving-coal-grade"
                                  >
                                    <CoalGradeOptions />
                                  </select>
                                  <CellError error={err(`savings.${i}.coal_grade`)} testId="saving-coal-grade" />
                                </>
                              ) : null}
                            </>
                          ) : (
                            <>
                              <WrapText {...register(`savings.${i}.name` as const)} aria-label={t("option.savingName")} data-testid="saving-name" />
                              <CellError error={err(`savings.${i}.name`)} testId="saving-name" />
                            </>
                          )}
                        </td>
                        <td>
                          <RhfNumber control={control} name={`savings.${i}.quantity` as const} lang={lang} ariaLabel={t("option.quantityPerYear")} testId="saving-quantity" />
                          <CellError error={err(`savings.${i}.quantity`)} testId="saving-quantity" />
                        </td>
                        <td>
                          <RhfSelect
                            control={control}
                            name={`savings.${i}.unit` as const}
                            ariaLabel={t("flow.unit")}
                            testId="saving-unit"
                            options={unitChoices(t, list)}
                          />
                          <CellError error={err(`savings.${i}.unit`)} testId="saving-unit" />
                        </td>
                        <td>
                          <RhfNumber control={control} name={`savings.${i}.unit_price_vnd` as const} lang={lang} integer ariaLabel={t("flow.unitPrice")} testId="saving-price" />
                          <CellError error={err(`savings.${i}.unit_price_vnd`)} testId="saving-price" />
                        </td>
                        <td className="center">
                          <input
                            type="checkbox"
                            {...register(`savings.${i}.added` as const)}
                            aria-label={t("option.added")}
                            title={t("option.addedHint")}
                            data-testid="saving-added"
                          />
                        </td>
                        <td className="actions">
                          <button type="button" className="icon-button" onClick={() => {
                              lines.remove(i);
                              saveSoon();
                            }} aria-label={t("common.delete")} title={t("common.delete")} data-testid="saving-delete">
                            ×
                          </button>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
              </div>
            ) : null}
          </div>

          <details className="more">
            <summary>{t("option.more")}</summary>
            <Field label={t("option.description")} error={err("description")} testId="option-description">
              <textarea rows={3} {...register("description")} data-testid="option-description" />
            </Field>
            <div className="cash-flows" data-testid="option-cash-flows">
              <h4>{t("option.cashFlows")}</h4>
              <p className="muted small">{t("option.cashFlowsHint")}</p>
              {cashFlows.length === 0 ? (
                <button type="button" className="button button--small" onClick={() => setCashFlows(["", ""])} data-testid="cash-flows-use">
                  {t("option.cashFlowsUse")}
                </button>
              ) : (
                <>
                  <div className="cash-flows__years">
                    {cashFlows.map((_, i) => (
                      <Field key={i} label={t("option.year", { n: i })} error={err(`cash_flows_vnd.${i}`)} testId={`cash-flow-${i}`}>
                        <RhfNumber
                          control={control}
                          name={`cash_flows_vnd.${i}` as const}
                          lang={lang}
                          integer
                          ariaLabel={t("option.year", { n: i })}
                          testId={`cash-flow-${i}`}
                        />
                      </Field>
                    ))}
                  </div>
                  <CellError error={err("cash_flows_vnd")} testId="cash-flows" />
                  <div className="row-actions">
                    <button type="button" className="button button--small" onClick={() => setCashFlows([...cashFlows, ""])} disabled={cashFlows.length > 100} data-testid="cash-flows-add-year">
                      + {t("option.addYear")}
                    </button>
                    <button type="button" className="button button--small" onClick={() => setCashFlows(cashFlows.slice(0, -1))} disabled={cashFlows.length <= 2} data-testid="cash-flows-remove-year">
                      {t("option.removeYear")}
                    </button>
                    <button type="button" className="button button--small" onClick={() => setCashFlows([])} data-testid="cash-flows-remove">
                      {t("option.cashFlowsRemove")}
                    </button>
                  </div>
                </>
              )}
            </div>
          </details>
        </div>
        <Results result={result} saveKey={key} />
      </div>
      {deleteError ? <ErrorBox error={deleteError} /> : null}
      <ConfirmWhenOpen
        open={confirming}
        onClose={() => setConfirming(false)}
        title={t("option.deleteTitle")}
        message={t("option.deleteMessage", { title: option.title || "…" })}
        confirmLabel={t("common.delete")}
        danger
        onConfirm={() => void remove()}
      />
    </article>
  );
}

export function OptionsStage({ doc }: { doc: AssessmentDocument }) {
  const { t } = useTranslation();
  const lang = useLang();
  const qc = useQueryClient();
  const aid = doc.assessment.id;
  const calcs = useCalcs(aid);
  const [justAdded, setJustAdded] = useState<string | null>(null);
  const results = useMemo(() => new Map((calcs.data?.options ?? []).map((o) => [o.option_id, o.result])), [calcs.data]);
  // A calculation error names the option it belongs to: `options[<id>].savings[0].fuel_code`.
  const calcErrors = useMemo(() => {
    const m = new Map<string, FieldError[]>();
    const e = calcs.error ? toApiError(calcs.error) : null;
    for (const fe of e?.field_errors ?? []) {
      const match = /^options\[([^\]]+)\]\.(.*)$/.exec(fe.field);
      if (!match) continue;
      const list = m.get(match[1]) ?? [];
      list.push({ ...fe, field: match[2] });
      m.set(match[1], list);
    }
    return m;
  }, [calcs.error]);
  const noErrors: FieldError[] = useMemo(() => [], []);
  // An option's editor is heavy (its techniques, links, savings): a long list shows a line
  // per option and the editors opened (one just added is opened).
  const collapsible = doc.options.length > OPEN_OPTIONS;
  const ref = useReference();
  const line = useMemo<LineTexts>(
    () => ({ t, lang, techniques: new Map((ref.data?.techniques ?? []).map((x) => [x.code, lang === "vi" ? x.name_vi : x.name_en])) }),
    [t, lang, ref.data],
  );
  const [opened, setOpened] = useState<ReadonlySet<string>>(() => new Set());
  const onOpen = useCallback((id: string, open: boolean) => {
    setOpened((prev) => {
      const next = new Set(prev);
      if (open) next.add(id);
      else next.delete(id);
      return next;
    });
  }, []);
  const add = () => {
    const row: CpOption = {
      id: uuidv7(),
      assessment_id: aid,
      title: "",
      description: "",
      techniques: [],
      cause_ids: [],
      waste_stream_ids: [],
      screening: null,
      screening_reason: "",
      technical_notes: "",
      investment_vnd: null,
      savings: [],
      opex_change_vnd: 0,
      life_years: null,
      score: null,
      selected: false,
      status: "not_started",
      source_item: "",
      cash_flows_vnd: null,
      technical_checks: [],
      selection_scores: [],
    };
    optimisticRow(qc, aid, "options", row);
    setJustAdded(row.id);
  };
  // The totals are Rust's (the UI adds up no figure); "–" until they are computed.
  const totals = calcs.data?.option_totals;
  const grid = gridFactorUsed(calcs.data);
  const calcErr = calcs.error ? toApiError(calcs.error) : null;

  // A detailed assessment links each option to the waste streams and causes it addresses.
  const links = useMemo<OptionLinks | null>(
    () =>
      doc.assessment.kind === "detailed"
        ? {
            wasteStreams: doc.waste_streams.map((w) => ({ id: w.id, name: w.name })),
            causes: doc.causes.map((c) => ({ id: c.id, description: c.description })),
          }
        : null,
    [doc.assessment.kind, doc.waste_streams, doc.causes],
  );
  return (
    <>
      <EconParams doc={doc} grid={grid} />
      {calcErr && calcErr.code !== "VALIDATION_FAILED" ? <ErrorBox error={calcErr} onRetry={() => void calcs.refetch()} /> : null}
      {calcErr && calcErr.code === "VALIDATION_FAILED" ? (
        <div className="warn-box" role="alert" data-testid="calcs-invalid">
          {t("option.calcsInvalid")}
        </div>
      ) : null}
      <div className="options-summary" data-testid="options-summary">
        <span>{t("option.count", { count: doc.options.length })}</span>
        <span>
          {t("option.totalNet")}: <strong className="num" data-testid="options-total-net">{totals ? fmtMoney(totals.annual_net_savings_vnd, lang) : "–"}</strong>
        </span>
        <span>
          {t("option.totalCo2")}: <strong className="num" data-testid="options-total-co2">{totals ? fmtFigure(totals.tco2, lang) : "–"}</strong> {t("option.tco2PerYear")}
        </span>
      </div>
      {doc.options.length === 0 ? <p className="muted">{t("option.none")}</p> : null}
      <CalcsFetching.Provider value={calcs.isFetching}>
        {doc.options.map((o, i) => (
            <OptionItem
              key={o.id}
              open={!collapsible || opened.has(o.id) || o.id === justAdded}
              onOpen={onOpen}
              collapsible={collapsible}
              line={line}
              links={links}
              option={o}
              aid={aid}
              index={i}
              result={results.get(o.id)}
              calcErrors={calcErrors.get(o.id) ?? noErrors}
              autoFocus={o.id === justAdded}
            />
        ))}
      </CalcsFetching.Provider>
      <button type="button" className="button button--primary" onClick={add} data-testid="option-new">
        + {t("option.add")}
      </button>
    </>
  );
}
