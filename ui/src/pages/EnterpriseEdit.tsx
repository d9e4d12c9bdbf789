import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams, useSearchParams } from "react-router-dom";
import { z } from "zod";
import { errorAt } from "../lib/errors";
import type { Enterprise, EnterpriseKind, Lang, Stored } from "../backend/types";
import { ErrorBox } from "../components/ErrorBox";
import { Field } from "../components/Field";
import { LinkRow, ListState, StatusBadge } from "../components/Lists";
import { PageHead } from "../components/PageHead";
import { RhfNumber } from "../components/FormInputs";
import { ConfirmWhenOpen } from "../components/Modal";
import { NamedOptions, Options, unitName } from "../components/Options";
import { api, qk } from "../lib/api";
import { useAutosaveForm } from "../lib/autosave";
import { stripMeta } from "../lib/doc";
import { fmtDate } from "../lib/format";
import { useCreateAssessment, useEnterpriseSummary, useLang, useReference } from "../lib/hooks";
import { numberText } from "../lib/number";
import { withRaw } from "../lib/raw";
import { longText, nameText, numText } from "../lib/schema";
import { sortVi } from "../lib/text";

const KINDS: EnterpriseKind[] = ["craft_household", "enterprise", "cooperative"];

const blank: Enterprise = {
  id: "",
  kind: "craft_household",
  name: "",
  tax_code: "",
  address: "",
  province: "",
  district: "",
  commune: "",
  craft_village: "",
  sector: "",
  main_products: "",
  design_capacity: null,
  capacity_unit: "",
  employees: null,
  contact_name: "",
  contact_phone: "",
  contact_email: "",
};

type Values = {
  kind: EnterpriseKind;
  name: string;
  craft_village: string;
  sector: string;
  main_products: string;
  design_capacity: string;
  capacity_unit: string;
  employees: string;
  province: string;
  district: string;
  commune: string;
  address: string;
  tax_code: string;
  contact_name: string;
  contact_phone: string;
  contact_email: string;
};

function schemaFor(lang: Lang) {
  return z.object({
    kind: z.enum(["enterprise", "craft_household", "cooperative"]),
    name: nameText(true),
    craft_village: nameText(),
    sector: nameText(),
    main_products: longText(),
    design_capacity: numText(lang),
    capacity_unit: nameText(),
    employees: numText(lang, { integer: true }),
    province: nameText(),
    district: nameText(),
    commune: nameText(),
    address: nameText(),
    tax_code: nameText(),
    contact_name: nameText(),
    contact_phone: nameText(),
    contact_email: nameText(),
  }) as unknown as z.ZodType<Values>;
}

function toValues(e: Enterprise, lang: Lang): Values {
  return {
    kind: e.kind,
    name: e.name,
    craft_village: e.craft_village,
    sector: e.sector,
    main_products: e.main_products,
    design_capacity: numberText(e.design_capacity, lang),
    capacity_unit: e.capacity_unit,
    employees: numberText(e.employees, lang, true),
    province: e.province,
    district: e.district,
    commune: e.commune,
    address: e.address,
    tax_code: e.tax_code,
    contact_name: e.contact_name,
    contact_phone: e.contact_phone,
    contact_email: e.contact_email,
  };
}

/** A card of the enterprise form: its title over a three-column grid of fields. */
function FormCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="card">
      <h2 className="card__title">{title}</h2>
      <div className="grid grid--3">{children}</div>
    </section>
  );
}

function EnterpriseForm({ initial, isNew }: { initial: Stored<Enterprise> | Enterprise; isNew: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const ref = useReference();
  const qc = useQueryClient();
  const nav = useNavigate();
  const schema = useMemo(() => schemaFor(lang), [lang]);
  const { form, save } = useAutosaveForm<Values, Stored<Enterprise>>({
    saveKey: `enterprise:${initial.id || "new"}`,
    defaultValues: toValues(initial, lang),
    schema,
    autosave: !isNew,
    row: { entity: "enterprise", source: initial, toValues: (e) => toValues(e as Enterprise, lang), lang },
    build: (v) => {
      const { design_capacity: _d, employees: _e, ...texts } = v;
      const latest = qc.getQueryData<Stored<Enterprise>>(qk.enterprise(initial.id));
      const { row, raw } = withRaw<Enterprise>(
        { ...stripMeta(latest ?? initial), ...texts },
        v,
        [{ path: "design_capacity" }, { path: "employees", integer: true }],
        lang,
      );
      return { row, raw };
    },
    onSaved: (r) => {
      qc.setQueryData(qk.enterprise(r.id), r);
      void qc.invalidateQueries({ queryKey: qk.enterprisesAll });
      void qc.invalidateQueries({ queryKey: qk.assessmentsAll });
    },
  });
  const {
    register,
    control,
    formState: { errors },
  } = form;
  const err = (name: keyof Values): string | undefined => errorAt(errors, name);
  const [saving, setSaving] = useState(false);

  const onCreate = async () => {
    setSaving(true);
    const r = await save();
    setSaving(false);
    if (r) nav(`/enterprises/${r.id}`, { replace: true });
  };

  const sectors = ref.data ? sortVi(ref.data.sectors, (s) => (lang === "vi" ? s.name_vi : s.name_en)) : [];
  const units = ref.data?.units ?? [];

  const text = (name: keyof Values, label: string, testId: string, wide = false) => (
    <Field label={label} htmlFor={`ent-${name}`} error={err(name)} testId={testId} className={wide ? "span-2" : undefined}>
      <input id={`ent-${name}`} {...register(name)} data-testid={testId} aria-invalid={!!err(name) || undefined} />
    </Field>
  );

  return (
    <form className="form" onSubmit={(e) => e.preventDefault()} data-testid="enterprise-form" noValidate>
      <FormCard title={t("enterprise.general")}>
        <Field label={t("enterprise.kind")} htmlFor="ent-kind" error={err("kind")} testId="enterprise-form-kind">
          <select id="ent-kind" {...register("kind")} data-testid="enterprise-form-kind">
            <Options values={KINDS} label={(k) => t(`enterpriseKind.${k}`)} />
          </select>
        </Field>
        {text("name", t("enterprise.name"), "enterprise-form-name", true)}
        {text("craft_village", t("enterprise.craftVillage"), "enterprise-form-craft-village")}
        <Field label={t("enterprise.sector")} htmlFor="ent-sector" error={err("sector")} testId="enterprise-form-sector">
          <select id="ent-sector" {...register("sector")} data-testid="enterprise-form-sector">
            <option value="">{t("common.none")}</option>
            <NamedOptions list={sectors} lang={lang} />
          </select>
        </Field>
        {text("tax_code", t("enterprise.taxCode"), "enterprise-form-tax-code")}
        <Field label={t("enterprise.products")} htmlFor="ent-products" error={err("main_products")} testId="enterprise-form-products" className="span-3">
          <textarea id="ent-products" rows={2} {...register("main_products")} data-testid="enterprise-form-products" />
        </Field>
        <Field label={t("enterprise.capacity")} htmlFor="ent-capacity" error={err("design_capacity")} testId="enterprise-form-capacity">
          <RhfNumber control={control} name="design_capacity" lang={lang} id="ent-capacity" testId="enterprise-form-capacity" />
        </Field>
        <Field label={t("enterprise.capacityUnit")} htmlFor="ent-capacity-unit" error={err("capacity_unit")} testId="enterprise-form-capacity-unit">
          <select id="ent-capacity-unit" {...register("capacity_unit")} data-testid="enterprise-form-capacity-unit">
            <option value="">{t("common.none")}</option>
            <Options values={units} label={(u) => unitName(t, u)} />
          </select>
        </Field>
        <Field label={t("enterprise.employees")} htmlFor="ent-employees" error={err("employees")} testId="enterprise-form-employees">
          <RhfNumber control={control} name="employees" lang={lang} integer id="ent-employees" testId="enterprise-form-employees" />
        </Field>
      </FormCard>

      <FormCard title={t("enterprise.location")}>
        {text("province", t("enterprise.province"), "enterprise-form-province")}
        {text("district", t("enterprise.district"), "enterprise-form-district")}
        {text("commune", t("enterprise.commune"), "enterprise-form-commune")}
        <div className="span-3">{text("address", t("enterprise.address"), "enterprise-form-address")}</div>
      </FormCard>

      <FormCard title={t("enterprise.contact")}>
        {text("contact_name", t("enterprise.contactName"), "enterprise-form-contact-name")}
        {text("contact_phone", t("enterprise.contactPhone"), "enterprise-form-contact-phone")}
        {text("contact_email", t("enterprise.contactEmail"), "enterprise-form-contact-email")}
      </FormCard>

      {isNew ? (
        <div className="form-actions">
          <Link to="/enterprises" className="button" data-testid="enterprise-cancel">
            {t("common.cancel")}
          </Link>
          <button type="button" className="button button--primary" onClick={() => void onCreate()} disabled={saving} data-testid="enterprise-save">
            {t("common.save")}
          </button>
        </div>
      ) : null}
    </form>
  );
}

function EnterpriseAssessments({ enterprise }: { enterprise: Stored<Enterprise> }) {
  const { t } = useTranslation();
  const lang = useLang();
  const list = useQuery({ queryKey: qk.assessmentsOf(enterprise.id), queryFn: () => api.assessmentList(enterprise.id) });
  const create = useCreateAssessment();
  const createDetailed = useCreateAssessment("detailed");
  return (
    <section className="card" data-testid="enterprise-assessments">
      <div className="card__head">
        <h2 className="card__title">{t("enterprise.assessments")}</h2>
        <button type="button" className="button button--primary button--small" onClick={() => create.mutate(enterprise.id)} disabled={create.isPending} data-testid="assessment-new-for-enterprise">
          {t("home.newQuick")}
        </button>
        <button type="button" className="button button--small" onClick={() => createDetailed.mutate(enterprise.id)} disabled={createDetailed.isPending} data-testid="assessment-new-detailed">
          {t("home.newDetailed")}
        </button>
      </div>
      {create.isError ? <ErrorBox error={create.error} /> : null}
      {createDetailed.isError ? <ErrorBox error={createDetailed.error} /> : null}
      <ListState query={list} empty={t("enterprise.noAssessments")} />
      {list.data && list.data.length > 0 ? (
        <table className="table">
          <thead>
            <tr>
              <th>{t("home.col.assessment")}</th>
              <th>{t("home.col.kind")}</th>
              <th>{t("home.col.status")}</th>
              <th className="num">{t("assessment.startDate")}</th>
              <th className="num">{t("home.col.edited")}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((s) => (
              <LinkRow key={s.assessment.id} to={`/assessment/${s.assessment.id}/a`} label={s.assessment.title} testId="enterprise-assessment-row">
                <td>{t(`assessmentKind.${s.assessment.kind}`)}</td>
                <td>
                  <StatusBadge status={s.assessment.status} />
                </td>
                <td className="num">{fmtDate(s.assessment.start_date, lang)}</td>
                <td className="num">{fmtDate(s.assessment.updated_at, lang)}</td>
              </LinkRow>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

export function EnterpriseEdit() {
  const { t } = useTranslation();
  const { id } = useParams();
  // A name typed in a search that found nothing comes along (the Home picker's "+ Thêm").
  const [params] = useSearchParams();
  const nav = useNavigate();
  const qc = useQueryClient();
  const summary = useEnterpriseSummary();
  const [confirming, setConfirming] = useState(false);
  const q = useQuery({
    queryKey: qk.enterprise(id ?? ""),
    queryFn: () => api.enterpriseGet(id ?? ""),
    enabled: !!id,
    staleTime: Infinity,
  });
  const del = useMutation({
    mutationFn: () => api.enterpriseDelete(id ?? ""),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: qk.enterprisesAll });
      void qc.invalidateQueries({ queryKey: qk.assessmentsAll });
      nav("/enterprises");
    },
  });

  if (!id) {
    return (
      <div className="page" data-testid="page-enterprise-new">
        <PageHead title={t("enterprise.newTitle")} crumbs={<Link to="/enterprises">{t("nav.enterprises")}</Link>} />
        <EnterpriseForm initial={{ ...blank, name: (params.get("name") ?? "").normalize("NFC").trim() }} isNew />
      </div>
    );
  }
  if (q.isError) return <ErrorBox error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data) return <div className="loading">{t("common.loading")}</div>;
  const e = q.data;
  return (
    <div className="page" data-testid="page-enterprise">
      <PageHead
        title={e.name}
        titleTestId="enterprise-title"
        sub={`${summary(e)} · ${t("common.autosaveNote")}`}
        crumbs={<Link to="/enterprises">{t("nav.enterprises")}</Link>}
      >
        <button type="button" className="button button--danger-ghost" onClick={() => setConfirming(true)} data-testid="enterprise-delete">
          {t("common.delete")}
        </button>
      </PageHead>
      <EnterpriseForm key={e.id} initial={e} isNew={false} />
      <EnterpriseAssessments enterprise={e} />
      {del.isError ? <ErrorBox error={del.error} /> : null}
      <ConfirmWhenOpen
        open={confirming}
        onClose={() => setConfirming(false)}
        title={t("enterprise.deleteTitle")}
        message={t("enterprise.deleteMessage", { name: e.name })}
        confirmLabel={t("common.delete")}
        danger
        onConfirm={() => del.mutate()}
      />
    </div>
  );
}
