import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { api, qk } from "../../lib/api";
import { errorAt } from "../../lib/errors";
import type { AssessmentDocument, AssessmentStatus, Lang } from "../../backend/types";
import { Field } from "../../components/Field";
import { RhfDate, RhfNumber } from "../../components/FormInputs";
import { Options, unitName } from "../../components/Options";
import { dateText, parseDate } from "../../lib/dates";
import { useLang, useReference } from "../../lib/hooks";
import { numberText } from "../../lib/number";
import { dateText as dateSchema, longText, nameText, numText } from "../../lib/schema";
import { FlowTable } from "./FlowTable";
import { useAssessmentPart } from "./useAssessmentPart";

const STATUSES: AssessmentStatus[] = ["draft", "in_progress", "completed", "archived"];

type Values = {
  title: string;
  programme_id: string;
  consultant: string;
  status: AssessmentStatus;
  start_date: string;
  end_date: string;
  baseline_start: string;
  baseline_end: string;
  production_volume: string;
  production_unit: string;
  scope: string;
};
type DateName = "start_date" | "end_date" | "baseline_start" | "baseline_end";

function schemaFor(lang: Lang) {
  return z
    .object({
      title: nameText(true),
      programme_id: z.string(),
      consultant: nameText(),
      status: z.string(),
      start_date: dateSchema(),
      end_date: dateSchema(),
      baseline_start: dateSchema(),
      baseline_end: dateSchema(),
      production_volume: numText(lang),
      production_unit: nameText(),
      scope: longText(),
    })
    .superRefine((v, ctx) => {
      // A production volume needs its unit (as Rust checks).
      if (v.production_volume.trim() !== "" && v.production_unit === "") {
        ctx.addIssue({ code: "custom", path: ["production_unit"], message: "required" });
      }
    }) as unknown as z.ZodType<Values>;
}

const isoOrNull = (text: string) => {
  const p = parseDate(text);
  return p.ok ? p.value : null;
};

export function ProfileForm({ doc }: { doc: AssessmentDocument }) {
  const { t } = useTranslation();
  const lang = useLang();
  const ref = useReference();
  const schema = useMemo(() => schemaFor(lang), [lang]);
  const { form } = useAssessmentPart<Values>({
    doc,
    schema,
    values: (x) => ({
      title: x.title,
      programme_id: x.programme_id ?? "",
      consultant: x.consultant,
      status: x.status,
      start_date: dateText(x.start_date),
      end_date: dateText(x.end_date),
      baseline_start: dateText(x.baseline_start),
      baseline_end: dateText(x.baseline_end),
      production_volume: numberText(x.production_volume, lang),
      production_unit: x.production_unit,
      scope: x.scope,
    }),
    patch: (v) => ({
      title: v.title,
      programme_id: v.programme_id || null,
      consultant: v.consultant,
      status: v.status,
      start_date: isoOrNull(v.start_date),
      end_date: isoOrNull(v.end_date),
      baseline_start: isoOrNull(v.baseline_start),
      baseline_end: isoOrNull(v.baseline_end),
      production_unit: v.production_unit,
      scope: v.scope,
    }),
    numbers: [{ path: "production_volume" }],
  });
  const { register, control, formState } = form;
  const err = (n: keyof Values) => errorAt(formState.errors, n);
  const units = ref.data?.units ?? [];
  const programmes = useQuery({ queryKey: qk.programmes, queryFn: api.programmeList, staleTime: 60_000 });
  // The assessment's own programme always has an option (keyed by id, so it is the same
  // element once the list arrives): the select never shows "none" for a programme it has.
  const current = doc.assessment.programme_id;
  const list = (programmes.data ?? []).map((p) => ({ id: p.id, name: p.name }));
  if (current && !list.some((p) => p.id === current)) {
    list.push({ id: current, name: programmes.isPending ? "…" : t("assessment.programmeUnknown") });
  }
  const date = (name: DateName, label: string, id: string, testId: string) => (
    <Field label={label} htmlFor={id} error={err(name)} testId={testId}>
      <RhfDate control={control} name={name} id={id} testId={testId} />
    </Field>
  );

  return (
    <form className="form" onSubmit={(e) => e.preventDefault()} noValidate data-testid="profile-form">
      <section className="card">
        <div className="grid grid--4">
          <Field label={t("assessment.title")} htmlFor="as-title" error={err("title")} testId="assessment-form-title" className="span-3">
            <input id="as-title" {...register("title")} data-testid="assessment-form-title" />
          </Field>
          <Field label={t("assessment.status")} htmlFor="as-status" testId="assessment-form-status">
            <select id="as-status" {...register("status")} data-testid="assessment-form-status">
              {/* Completing is the report stage's mark (what it needs is checked there). */}
              <Options values={STATUSES.filter((s) => s !== "completed" || doc.assessment.status === "completed")} label={(s) => t(`assessmentStatus.${s}`)} />
            </select>
          </Field>
          <Field label={t("assessment.consultant")} htmlFor="as-consultant" error={err("consultant")} testId="assessment-form-consultant" className="span-2">
            <input id="as-consultant" {...register("consultant")} data-testid="assessment-form-consultant" />
          </Field>
          <Field label={t("assessment.programme")} htmlFor="as-programme" error={err("programme_id")} testId="assessment-form-programme" className="span-2">
            <select id="as-programme" {...register("programme_id")} data-testid="assessment-form-programme">
              <option value="">{t("assessment.programmeNone")}</option>
              {list.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </Field>
          {date("start_date", t("assessment.startDate"), "as-start", "assessment-form-start-date")}
          {date("end_date", t("assessment.endDate"), "as-end", "assessment-form-end-date")}
        </div>
      </section>
      <section className="card">
        <h3 className="card__title">{t("assessment.baseline")}</h3>
        <p className="muted small">{t("assessment.baselineHint")}</p>
        <div className="grid grid--4">
          {date("baseline_start", t("assessment.baselineStart"), "as-bstart", "assessment-form-baseline-start")}
          {date("baseline_end", t("assessment.baselineEnd"), "as-bend", "assessment-form-baseline-end")}
          <Field label={t("assessment.production")} htmlFor="as-prod" error={err("production_volume")} testId="assessment-form-production">
            <RhfNumber control={control} name="production_volume" lang={lang} id="as-prod" testId="assessment-form-production" />
          </Field>
          <Field label={t("assessment.productionUnit")} htmlFor="as-prod-unit" error={err("production_unit")} testId="assessment-form-production-unit">
            <select id="as-prod-unit" {...register("production_unit")} data-testid="assessment-form-production-unit">
              <option value="">–</option>
              <Options values={units} label={(u) => unitName(t, u)} />
            </select>
          </Field>
          <Field label={t("assessment.scope")} htmlFor="as-scope" error={err("scope")} testId="assessment-form-scope" className="span-4">
            <textarea id="as-scope" rows={2} {...register("scope")} data-testid="assessment-form-scope" />
          </Field>
        </div>
      </section>
    </form>
  );
}

export function ProfileStage({ doc }: { doc: AssessmentDocument }) {
  const { t } = useTranslation();
  return (
    <>
      <ProfileForm doc={doc} />
      <FlowTable doc={doc} direction="in" title={t("flow.mainInputs")} />
    </>
  );
}
