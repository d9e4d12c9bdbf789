// The office's records (Hỗ trợ & đào tạo): training events with their attendance lists,
// awareness surveys of enterprises, support given to enterprises, in the area picked (as the
// dashboard counts them: events by their province and district, the others by their
// enterprise's place). Everyone sees those of their programmes; admins add and delete them. The server checks every field with the
// domain's rules and names the fields it refuses; the dashboard's outreach figures count
// them (Rust's `calc::outreach`).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { DateInput } from "../components/DateInput";
import { Field, CellError } from "../components/Field";
import { NumberInput } from "../components/NumberInput";
import { PageHead } from "../components/PageHead";
import { fmtDate, fmtMoney, fmtNumber } from "../lib/format";
import { useLang } from "../lib/hooks";
import { parseNumber } from "../lib/number";
import { portal, xlsxUrl, type PortalFieldError, type RecordEntity } from "./api";
import { AreaPicker, useArea } from "./Areas";
import { FormError, fieldTokens, isoOrText } from "./forms";
import type { AttendeeRole, PortalSession, SupportKind, TrainingRow } from "./types";

const ROLES: AttendeeRole[] = ["enterprise", "extension_staff", "official", "consultant", "other"];
const KINDS: SupportKind[] = ["demonstration", "equipment", "loan", "advice"];
const recordsKey = ["portal", "records"] as const;

/** Today as dd/mm/yyyy, a form's first date. */
function todayText(): string {
  const d = new Date();
  const two = (n: number) => String(n).padStart(2, "0");
  return `${two(d.getDate())}/${two(d.getMonth() + 1)}/${d.getFullYear()}`;
}

/** `required` on the enterprise field until one is chosen (nothing is sent before). */
function chooseFirst(enterprise: string): PortalFieldError[] {
  return enterprise ? [] : [{ field: "enterprise_id", code: "required", message: "" }];
}

export function Records({ session }: { session: PortalSession }) {
  const { t } = useTranslation();
  const admin = session.account.role === "admin";
  const { area } = useArea();
  const records = useQuery({ queryKey: [...recordsKey, area], queryFn: () => portal.records(area), placeholderData: (prev) => prev });
  const r = records.data;
  return (
    <div className="page" data-testid="portal-records">
      <PageHead title={t("portal.records")} sub={t("portal.recordsSub")}>
        <a className="button" href={xlsxUrl("records", "", area)} download data-testid="portal-records-xlsx">
          {t("portal.exportXlsx")}
        </a>
      </PageHead>
      <AreaPicker />
      {records.isError ? <p className="error-box" role="alert">{String(records.error)}</p> : null}
      <Trainings list={r?.trainings ?? []} admin={admin} />
      <Surveys list={r?.surveys ?? []} admin={admin} />
      <Support list={r?.support ?? []} admin={admin} />
    </div>
  );
}

/** Deletes a record after the browser's confirmation. */
function useDelete(entity: RecordEntity) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => portal.deleteRecord(entity, id),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ["portal"] }),
  });
}

function DeleteButton({ entity, id, label }: { entity: RecordEntity; id: string; label: string }) {
  const { t } = useTranslation();
  const del = useDelete(entity);
  return (
    <button
      type="button"
      className="button button--small"
      disabled={del.isPending}
      onClick={() => {
        if (window.confirm(t("portal.deleteRecordConfirm", { what: label }))) del.mutate(id);
      }}
      data-testid={`portal-delete-${entity}`}
    >
      {t("common.delete")}
    </button>
  );
}

function Card({ title, children, testId }: { title: string; children: ReactNode; testId: string }) {
  return (
    <section className="card card--table" data-testid={testId}>
      <h2 className="card__title">{title}</h2>
      {children}
    </section>
  );
}

function Trainings({ list, admin }: { list: TrainingRow[]; admin: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <Card title={t("portal.trainings")} testId="portal-trainings">
      {list.length === 0 ? <p className="muted">{t("portal.noTrainings")}</p> : null}
      {list.length > 0 ? (
        <table className="table">
          <thead>
            <tr>
              <th>{t("portal.date")}</th>
              <th>{t("portal.topic")}</th>
              <th>{t("portal.place")}</th>
              <th>{t("portal.trainers")}</th>
              <th className="num">{t("portal.attendees")}</th>
              <th className="num">{t("portal.officersShort")}</th>
              {admin ? <th /> : null}
            </tr>
          </thead>
          <tbody>
            {list.map(({ row: e, attendees, extension_officers }) => (
              <tr key={e.id} data-testid="portal-training-row">
                <td>{fmtDate(e.date, lang)}</td>
                <td>{e.topic}</td>
                <td>{[e.place, e.district, e.province].filter(Boolean).join(", ")}</td>
                <td>{e.trainers}</td>
                <td className="num">{fmtNumber(attendees, lang, 0)}</td>
                <td className="num">{fmtNumber(extension_officers, lang, 0)}</td>
                {admin ? (
                  <td>
                    <DeleteButton entity="training_event" id={e.id} label={e.topic} />
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {admin ? <TrainingForm /> : null}
    </Card>
  );
}

interface AttendeeDraft {
  name: string;
  organisation: string;
  role: AttendeeRole;
}

function TrainingForm() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const programmes = useQuery({ queryKey: ["portal", "programmes"], queryFn: portal.programmes });
  const empty = { programme: "", date: todayText(), topic: "", place: "", province: "", district: "", trainers: "", note: "" };
  const [f, setF] = useState(empty);
  const [people, setPeople] = useState<AttendeeDraft[]>([{ name: "", organisation: "", role: "enterprise" }]);
  const set = (k: keyof typeof empty) => (v: string) => setF({ ...f, [k]: v });
  const add = useMutation({
    mutationFn: () =>
      portal.addTraining({
        programme_id: f.programme || null,
        date: isoOrText(f.date),
        topic: f.topic,
        place: f.place,
        province: f.province,
        district: f.district,
        trainers: f.trainers,
        note: f.note,
        // A line left blank is not an attendee.
        attendees: people.filter((p) => p.name.trim() !== "" || p.organisation.trim() !== ""),
      }),
    onSuccess: () => {
      setF(empty);
      setPeople([{ name: "", organisation: "", role: "enterprise" }]);
      void qc.invalidateQueries({ queryKey: ["portal"] });
    },
  });
  const err = fieldTokens(add.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate();
  };
  const setPerson = (i: number, p: Partial<AttendeeDraft>) => setPeople(people.map((x, j) => (j === i ? { ...x, ...p } : x)));
  return (
    <form className="portal-record-form" onSubmit={submit} data-testid="portal-training-form">
      <h3 className="portal-record-form__title">{t("portal.newTraining")}</h3>
      <ProgrammeSelect value={f.programme} onChange={set("programme")} list={programmes.data ?? []} error={err["programme_id"]} testId="portal-training-programme" />
      <Field label={t("portal.date")} error={err["date"]} testId="portal-training-date">
        <DateInput value={f.date} onChange={set("date")} data-testid="portal-training-date" />
      </Field>
      <Field label={t("portal.topic")} error={err["topic"]} testId="portal-training-topic">
        <input value={f.topic} onChange={(e) => set("topic")(e.target.value)} data-testid="portal-training-topic" />
      </Field>
      <Field label={t("portal.placeVenue")} error={err["place"]} testId="portal-training-place">
        <input value={f.place} onChange={(e) => set("place")(e.target.value)} data-testid="portal-training-place" />
      </Field>
      <Field label={t("portal.district")} error={err["district"]}>
        <input value={f.district} onChange={(e) => set("district")(e.target.value)} data-testid="portal-training-district" />
      </Field>
      <Field label={t("portal.province")} error={err["province"]}>
        <input value={f.province} onChange={(e) => set("province")(e.target.value)} data-testid="portal-training-province" />
      </Field>
      <Field label={t("portal.trainers")} error={err["trainers"]} testId="portal-training-trainers">
        <input value={f.trainers} onChange={(e) => set("trainers")(e.target.value)} data-testid="portal-training-trainers" />
      </Field>
      <Field label={t("portal.note")} error={err["note"]} className="portal-record-form__wide">
        <textarea value={f.note} onChange={(e) => set("note")(e.target.value)} rows={2} data-testid="portal-training-note" />
      </Field>
      <fieldset className="fieldset-plain portal-record-form__wide">
        <legend className="small">{t("portal.attendanceList")}</legend>
        {err["attendees"] ? <CellError error={err["attendees"]} /> : null}
        <table className="table portal-attendees">
          <thead>
            <tr>
              <th>{t("portal.attendeeName")}</th>
              <th>{t("portal.organisation")}</th>
              <th>{t("portal.attendeeRole")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {people.map((p, i) => (
              <tr key={i} data-testid="portal-attendee">
                <td>
                  <input value={p.name} onChange={(e) => setPerson(i, { name: e.target.value })} aria-label={t("portal.attendeeName")} data-testid="portal-attendee-name" />
                  <CellError error={err[`attendees[${i}].name`]} testId="portal-attendee-name" />
                </td>
                <td>
                  <input value={p.organisation} onChange={(e) => setPerson(i, { organisation: e.target.value })} aria-label={t("portal.organisation")} data-testid="portal-attendee-organisation" />
                  <CellError error={err[`attendees[${i}].organisation`]} />
                </td>
                <td>
                  <select value={p.role} onChange={(e) => setPerson(i, { role: e.target.value as AttendeeRole })} aria-label={t("portal.attendeeRole")} data-testid="portal-attendee-role">
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {t(`portal.attendeeRoles.${r}`)}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <button type="button" className="button button--small" onClick={() => setPeople(people.filter((_, j) => j !== i))} aria-label={t("common.delete")}>
                    ×
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="button" className="button button--small" onClick={() => setPeople([...people, { name: "", organisation: "", role: "enterprise" }])} data-testid="portal-attendee-add">
          {t("portal.addAttendee")}
        </button>
      </fieldset>
      <FormError error={add.error} testId="portal-training-error" />
      <div className="portal-record-form__wide">
        <button type="submit" className="button button--primary" disabled={add.isPending} data-testid="portal-training-submit">
          {t("portal.saveTraining")}
        </button>
      </div>
    </form>
  );
}

/** A programme, or none, chosen from `list`. */
export function ProgrammeSelect({ value, onChange, list, error, testId, label }: { value: string; onChange: (v: string) => void; list: import("./types").Programme[]; error?: string; testId: string; label?: string }) {
  const { t } = useTranslation();
  return (
    <Field label={label ?? t("portal.programme")} error={error}>
      <select value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
        <option value="">{t("portal.noProgramme")}</option>
        {list.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** An enterprise chosen from those the account sees, narrowed by a search (accents
 * optional, as the enterprise list's search). */
function EnterpriseSelect({ value, onChange, error, testId }: { value: string; onChange: (id: string) => void; error?: string; testId: string }) {
  const { t } = useTranslation();
  const [q, setQ] = useState("");
  const list = useQuery({ queryKey: ["portal", "enterprises", q], queryFn: () => portal.enterprises(q), placeholderData: (prev) => prev });
  return (
    <Field label={t("portal.enterprise")} error={error} className="portal-record-form__wide">
      <div className="portal-enterprise-pick">
        <input
          value={q}
          onChange={(e) => {
            // A new search clears the choice: the one chosen may no longer be listed.
            setQ(e.target.value);
            onChange("");
          }}
          placeholder={t("portal.search")}
          aria-label={t("portal.search")}
          data-testid={`${testId}-search`}
        />
        {/* Not chosen from while the list of the last search is still shown. */}
        <select value={value} onChange={(e) => onChange(e.target.value)} disabled={list.isPlaceholderData} data-testid={testId}>
          <option value="">{t("portal.chooseEnterprise")}</option>
          {(list.data ?? []).map((e) => (
            <option key={e.id} value={e.id}>
              {e.name}
              {e.province ? ` · ${e.province}` : ""}
            </option>
          ))}
        </select>
      </div>
    </Field>
  );
}

function Surveys({ list, admin }: { list: import("./types").WithEnterprise<import("./types").AwarenessSurvey>[]; admin: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const yes = (b: boolean) => (b ? "✓" : "–");
  return (
    <Card title={t("portal.surveys")} testId="portal-surveys">
      {list.length === 0 ? <p className="muted">{t("portal.noSurveys")}</p> : null}
      {list.length > 0 ? (
        <table className="table">
          <thead>
            <tr>
              <th>{t("portal.date")}</th>
              <th>{t("portal.enterprise")}</th>
              <th>{t("portal.aware")}</th>
              <th>{t("portal.applyingCp")}</th>
              <th>{t("portal.planning")}</th>
              <th>{t("portal.note")}</th>
              {admin ? <th /> : null}
            </tr>
          </thead>
          <tbody>
            {list.map(({ row: s, enterprise_name }) => (
              <tr key={s.id} data-testid="portal-survey-row">
                <td>{fmtDate(s.survey_date, lang)}</td>
                <td>{enterprise_name}</td>
                <td>{yes(s.aware)}</td>
                <td>{yes(s.applying)}</td>
                <td>{yes(s.planning)}</td>
                <td>{s.note}</td>
                {admin ? (
                  <td>
                    <DeleteButton entity="awareness_survey" id={s.id} label={enterprise_name} />
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {admin ? <SurveyForm /> : null}
    </Card>
  );
}

function SurveyForm() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const programmes = useQuery({ queryKey: ["portal", "programmes"], queryFn: portal.programmes });
  const empty = { programme: "", enterprise: "", date: todayText(), aware: false, applying: false, planning: false, note: "" };
  const [f, setF] = useState(empty);
  const add = useMutation({
    mutationFn: () =>
      portal.addSurvey({
        enterprise_id: f.enterprise,
        programme_id: f.programme || null,
        survey_date: isoOrText(f.date),
        aware: f.aware,
        applying: f.applying,
        planning: f.planning,
        note: f.note,
      }),
    onSuccess: () => {
      setF({ ...empty, programme: f.programme });
      void qc.invalidateQueries({ queryKey: ["portal"] });
    },
  });
  const [local, setLocal] = useState<PortalFieldError[]>([]);
  const err = fieldTokens(add.error, local);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const missing = chooseFirst(f.enterprise);
    setLocal(missing);
    if (missing.length === 0) add.mutate();
  };
  const check = (k: "aware" | "applying" | "planning", label: string) => (
    <label className="check">
      <input type="checkbox" checked={f[k]} onChange={(e) => setF({ ...f, [k]: e.target.checked })} data-testid={`portal-survey-${k}`} />
      {label}
    </label>
  );
  return (
    <form className="portal-record-form" onSubmit={submit} data-testid="portal-survey-form">
      <h3 className="portal-record-form__title">{t("portal.newSurvey")}</h3>
      <EnterpriseSelect value={f.enterprise} onChange={(v) => setF({ ...f, enterprise: v })} error={err["enterprise_id"]} testId="portal-survey-enterprise" />
      <ProgrammeSelect value={f.programme} onChange={(v) => setF({ ...f, programme: v })} list={programmes.data ?? []} error={err["programme_id"]} testId="portal-survey-programme" />
      <Field label={t("portal.surveyDate")} error={err["survey_date"]} testId="portal-survey-date">
        <DateInput value={f.date} onChange={(v) => setF({ ...f, date: v })} data-testid="portal-survey-date" />
      </Field>
      <fieldset className="fieldset-plain portal-record-form__wide portal-checks">
        {check("aware", t("portal.aware"))}
        {check("applying", t("portal.applyingCp"))}
        {check("planning", t("portal.planning"))}
      </fieldset>
      <Field label={t("portal.note")} error={err["note"]} className="portal-record-form__wide">
        <textarea value={f.note} onChange={(e) => setF({ ...f, note: e.target.value })} rows={2} data-testid="portal-survey-note" />
      </Field>
      <FormError error={add.error} testId="portal-survey-error" />
      <div className="portal-record-form__wide">
        <button type="submit" className="button button--primary" disabled={add.isPending} data-testid="portal-survey-submit">
          {t("portal.saveSurvey")}
        </button>
      </div>
    </form>
  );
}

function Support({ list, admin }: { list: import("./types").WithEnterprise<import("./types").SupportRecord>[]; admin: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <Card title={t("portal.support")} testId="portal-support">
      {list.length === 0 ? <p className="muted">{t("portal.noSupport")}</p> : null}
      {list.length > 0 ? (
        <table className="table">
          <thead>
            <tr>
              <th>{t("portal.date")}</th>
              <th>{t("portal.enterprise")}</th>
              <th>{t("portal.supportKind")}</th>
              <th className="num">{t("portal.amount")}</th>
              <th>{t("portal.lender")}</th>
              <th>{t("portal.description")}</th>
              {admin ? <th /> : null}
            </tr>
          </thead>
          <tbody>
            {list.map(({ row: s, enterprise_name }) => (
              <tr key={s.id} data-testid="portal-support-row">
                <td>{fmtDate(s.date, lang)}</td>
                <td>{enterprise_name}</td>
                <td>{t(`portal.supportKinds.${s.kind}`)}</td>
                <td className="num">{s.amount_vnd === null ? "–" : fmtMoney(s.amount_vnd, lang)}</td>
                <td>{s.lender}</td>
                <td>{s.description}</td>
                {admin ? (
                  <td>
                    <DeleteButton entity="support_record" id={s.id} label={enterprise_name} />
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {admin ? <SupportForm /> : null}
    </Card>
  );
}

function SupportForm() {
  const { t } = useTranslation();
  const lang = useLang();
  const qc = useQueryClient();
  const programmes = useQuery({ queryKey: ["portal", "programmes"], queryFn: portal.programmes });
  const empty = { programme: "", enterprise: "", kind: "demonstration" as SupportKind, date: todayText(), amount: "", lender: "", description: "" };
  const [f, setF] = useState(empty);
  const [local, setLocal] = useState<PortalFieldError[]>([]);
  const add = useMutation({
    mutationFn: (amount: number | null) =>
      portal.addSupport({
        enterprise_id: f.enterprise,
        programme_id: f.programme || null,
        kind: f.kind,
        date: isoOrText(f.date),
        amount_vnd: amount,
        lender: f.lender,
        description: f.description,
      }),
    onSuccess: () => {
      setF({ ...empty, programme: f.programme });
      void qc.invalidateQueries({ queryKey: ["portal"] });
    },
  });
  const err = fieldTokens(add.error, local);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    // A number typed in the page's language (vi 1.234.567); a text that is not one is said
    // on its field and nothing is sent.
    const amount = parseNumber(f.amount, lang);
    const refused = chooseFirst(f.enterprise);
    if (!amount.ok || (amount.value !== null && !Number.isInteger(amount.value))) {
      refused.push({ field: "amount_vnd", code: "not_a_number", message: "" });
    }
    setLocal(refused);
    if (refused.length === 0 && amount.ok) add.mutate(amount.value);
  };
  return (
    <form className="portal-record-form" onSubmit={submit} data-testid="portal-support-form">
      <h3 className="portal-record-form__title">{t("portal.newSupport")}</h3>
      <EnterpriseSelect value={f.enterprise} onChange={(v) => setF({ ...f, enterprise: v })} error={err["enterprise_id"]} testId="portal-support-enterprise" />
      <ProgrammeSelect value={f.programme} onChange={(v) => setF({ ...f, programme: v })} list={programmes.data ?? []} error={err["programme_id"]} testId="portal-support-programme" />
      <Field label={t("portal.supportKind")} error={err["kind"]}>
        <select value={f.kind} onChange={(e) => setF({ ...f, kind: e.target.value as SupportKind })} data-testid="portal-support-kind">
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`portal.supportKinds.${k}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t("portal.date")} error={err["date"]} testId="portal-support-date">
        <DateInput value={f.date} onChange={(v) => setF({ ...f, date: v })} data-testid="portal-support-date" />
      </Field>
      <Field label={t("portal.amountVnd")} error={err["amount_vnd"]} testId="portal-support-amount">
        <NumberInput lang={lang} integer value={f.amount} onChange={(v) => setF({ ...f, amount: v })} data-testid="portal-support-amount" />
      </Field>
      <Field label={t("portal.lender")} error={err["lender"]} testId="portal-support-lender">
        <input value={f.lender} onChange={(e) => setF({ ...f, lender: e.target.value })} data-testid="portal-support-lender" />
      </Field>
      <Field label={t("portal.description")} error={err["description"]} className="portal-record-form__wide">
        <textarea value={f.description} onChange={(e) => setF({ ...f, description: e.target.value })} rows={2} data-testid="portal-support-description" />
      </Field>
      <FormError error={add.error} testId="portal-support-error" />
      <div className="portal-record-form__wide">
        <button type="submit" className="button button--primary" disabled={add.isPending} data-testid="portal-support-submit">
          {t("portal.saveSupport")}
        </button>
      </div>
    </form>
  );
}
