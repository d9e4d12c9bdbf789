// The office's programmes (Chương trình): each with its office, funder, province, period and
// targets, as every account sees them; admins add a programme and change one. The server checks
// every field with the domain's rules and names the fields it refuses; the dashboard measures
// progress against these targets, and the consultants' devices receive a change on their next
// sync.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { DateInput } from "../components/DateInput";
import { Field } from "../components/Field";
import { NumberInput } from "../components/NumberInput";
import { PageHead } from "../components/PageHead";
import { dateText } from "../lib/dates";
import { fmtDate, fmtNumber } from "../lib/format";
import { useLang } from "../lib/hooks";
import { numberText, parseNumber } from "../lib/number";
import { portal, type PortalFieldError } from "./api";
import { FormError, fieldTokens, isoOrText } from "./forms";
import type { PortalSession, Programme, ProgrammeTargets } from "./types";

const programmesKey = ["portal", "programmes"] as const;

/** The targets a form edits: shares in % (decimals allowed) and counts (whole numbers). */
const SHARES = ["facilities_applying_cp_pct", "saving_pct_min", "saving_pct_max", "facilities_aware_pct", "extension_staff_trained_pct"] as const;
const COUNTS = ["quick_assessments_min", "detailed_assessments_min", "extension_staff"] as const;
type TargetNumber = (typeof SHARES)[number] | (typeof COUNTS)[number];
const NUMBERS: TargetNumber[] = [...SHARES, ...COUNTS];

export function Programmes({ session }: { session: PortalSession }) {
  const { t } = useTranslation();
  const lang = useLang();
  const admin = session.account.role === "admin";
  const list = useQuery({ queryKey: programmesKey, queryFn: portal.programmes });
  // The programme being changed (null: a new one); undefined while no form is open.
  const [editing, setEditing] = useState<Programme | null | undefined>(undefined);
  return (
    <div className="page" data-testid="portal-programmes">
      <PageHead title={t("portal.programmes")} sub={t("portal.programmesSub")}>
        {admin && editing === undefined ? (
          <button type="button" className="button button--primary" onClick={() => setEditing(null)} data-testid="portal-programme-new">
            {t("portal.prog.new")}
          </button>
        ) : null}
      </PageHead>
      {list.isError ? <p className="error-box" role="alert">{String(list.error)}</p> : null}
      {editing !== undefined ? <ProgrammeForm key={editing?.id ?? "new"} programme={editing} onDone={() => setEditing(undefined)} /> : null}
      <section className="card card--table">
        {list.data?.length === 0 ? <p className="muted">{t("portal.prog.none")}</p> : null}
        {list.data && list.data.length > 0 ? (
          <table className="table">
            <thead>
              <tr>
                <th>{t("portal.prog.name")}</th>
                <th>{t("portal.prog.office")}</th>
                <th>{t("portal.prog.period")}</th>
                <th>{t("portal.prog.targets")}</th>
                {admin ? <th /> : null}
              </tr>
            </thead>
            <tbody>
              {list.data.map((p) => (
                <tr key={p.id} data-testid="portal-programme-row">
                  <td>
                    <strong data-testid="portal-programme-name-cell">{p.name}</strong>
                    <div className="muted small">{[p.province, p.funder].filter(Boolean).join(" · ")}</div>
                    {p.public ? (
                      <a className="badge" href="/public" data-testid="portal-programme-public-badge">
                        {t("portal.prog.publicBadge")}
                      </a>
                    ) : null}
                  </td>
                  <td>{p.office}</td>
                  <td className="nowrap">
                    {fmtDate(p.period_start, lang)} – {fmtDate(p.period_end, lang)}
                  </td>
                  <td>
                    <Targets targets={p.targets} />
                  </td>
                  {admin ? (
                    <td>
                      <button type="button" className="button button--small" onClick={() => setEditing(p)} disabled={editing !== undefined} data-testid="portal-programme-edit">
                        {t("portal.prog.edit")}
                      </button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
    </div>
  );
}

/** The targets a programme has set, one per line with its value; "none set" when none is. */
function Targets({ targets: tg }: { targets: ProgrammeTargets }) {
  const { t } = useTranslation();
  const lang = useLang();
  const pct = (v: number) => `${fmtNumber(v, lang, 2)} %`;
  const lines: [string, string][] = [];
  if (tg.quick_assessments_min !== null) lines.push(["quick_assessments_min", `≥ ${fmtNumber(tg.quick_assessments_min, lang, 0)}`]);
  if (tg.detailed_assessments_min !== null) lines.push(["detailed_assessments_min", `≥ ${fmtNumber(tg.detailed_assessments_min, lang, 0)}`]);
  if (tg.facilities_aware_pct !== null) lines.push(["facilities_aware_pct", pct(tg.facilities_aware_pct)]);
  if (tg.facilities_applying_cp_pct !== null) lines.push(["facilities_applying_cp_pct", pct(tg.facilities_applying_cp_pct)]);
  if (tg.saving_pct_min !== null || tg.saving_pct_max !== null) {
    lines.push(["saving", `${fmtNumber(tg.saving_pct_min, lang, 2)}–${fmtNumber(tg.saving_pct_max, lang, 2)} %`]);
  }
  if (tg.extension_staff_trained_pct !== null) {
    const of = tg.extension_staff !== null ? ` ${t("portal.prog.ofOfficers", { count: tg.extension_staff })}` : "";
    lines.push(["extension_staff_trained_pct", `${pct(tg.extension_staff_trained_pct)}${of}`]);
  }
  if (lines.length === 0) return <span className="muted">{t("portal.prog.noTargets")}</span>;
  return (
    <ul className="portal-targets">
      {lines.map(([k, v]) => (
        <li key={k} data-testid={`portal-programme-target-${k}`}>
          <span className="muted">{k === "saving" ? t("portal.prog.savingBand") : t(`portal.prog.short.${k}`)}</span> <strong className="num">{v}</strong>
        </li>
      ))}
      {tg.reference ? <li className="muted small">{tg.reference}</li> : null}
    </ul>
  );
}

/** The form's texts: every field as typed (numbers and dates in the page's formats). */
type Draft = Record<"name" | "funder" | "office" | "province" | "period_start" | "period_end" | "reference" | TargetNumber, string>;

function draftOf(p: Programme | null, lang: "vi" | "en"): Draft {
  const tg = p?.targets;
  const numbers = Object.fromEntries(NUMBERS.map((k) => [k, numberText(tg?.[k] ?? null, lang, (COUNTS as readonly string[]).includes(k))])) as Record<TargetNumber, string>;
  return {
    name: p?.name ?? "",
    funder: p?.funder ?? "",
    office: p?.office ?? "",
    province: p?.province ?? "",
    period_start: p?.period_start ? dateText(p.period_start) : "",
    period_end: p?.period_end ? dateText(p.period_end) : "",
    reference: tg?.reference ?? "",
    ...numbers,
  };
}

/** A new programme (`programme` null) or a change of one. */
function ProgrammeForm({ programme, onDone }: { programme: Programme | null; onDone: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const qc = useQueryClient();
  const [f, setF] = useState<Draft>(() => draftOf(programme, lang));
  const [isPublic, setPublic] = useState(programme?.public ?? false);
  const [local, setLocal] = useState<PortalFieldError[]>([]);
  const save = useMutation({
    mutationFn: (p: Programme) => portal.saveProgramme(p),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ["portal"] });
      onDone();
    },
  });
  const err = fieldTokens(save.error, local);
  const set = (k: keyof Draft) => (v: string) => setF({ ...f, [k]: v });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    // Numbers typed in the page's language; a text that is not one (or a count that is not
    // whole) is said on its field and nothing is sent. Ranges are the server's to check.
    const refused: PortalFieldError[] = [];
    const targets = { reference: f.reference } as ProgrammeTargets;
    for (const k of NUMBERS) {
      const n = parseNumber(f[k], lang);
      const whole = (COUNTS as readonly string[]).includes(k);
      if (!n.ok || (whole && n.value !== null && !Number.isInteger(n.value))) {
        refused.push({ field: `targets.${k}`, code: "not_a_number", message: "" });
      } else {
        targets[k] = n.value;
      }
    }
    setLocal(refused);
    if (refused.length > 0) return;
    save.mutate({
      id: programme?.id ?? "",
      name: f.name,
      funder: f.funder,
      office: f.office,
      province: f.province,
      period_start: f.period_start.trim() ? isoOrText(f.period_start) : null,
      period_end: f.period_end.trim() ? isoOrText(f.period_end) : null,
      targets,
      public: isPublic,
    });
  };
  const text = (k: "name" | "funder" | "office" | "province", wide = false) => (
    <Field label={t(`portal.prog.${k}`)} error={err[k]} testId={`portal-programme-${k}`} className={wide ? "portal-record-form__wide" : undefined}>
      <input value={f[k]} onChange={(e) => set(k)(e.target.value)} data-testid={`portal-programme-${k}`} />
    </Field>
  );
  const target = (k: TargetNumber) => (
    <Field key={k} label={t(`portal.prog.t.${k}`)} error={err[`targets.${k}`]} testId={`portal-programme-${k}`}>
      <NumberInput lang={lang} integer={(COUNTS as readonly string[]).includes(k)} value={f[k]} onChange={set(k)} data-testid={`portal-programme-${k}`} />
    </Field>
  );
  return (
    <form className="card portal-record-form" onSubmit={submit} data-testid="portal-programme-form">
      <h2 className="portal-record-form__title">{programme ? t("portal.prog.editTitle", { name: programme.name }) : t("portal.prog.new")}</h2>
      {text("name", true)}
      {text("office")}
      {text("funder")}
      {text("province")}
      <Field label={t("portal.prog.period_start")} error={err["period_start"]} testId="portal-programme-period_start">
        <DateInput value={f.period_start} onChange={set("period_start")} data-testid="portal-programme-period_start" />
      </Field>
      <Field label={t("portal.prog.period_end")} error={err["period_end"]} testId="portal-programme-period_end">
        <DateInput value={f.period_end} onChange={set("period_end")} data-testid="portal-programme-period_end" />
      </Field>
      <h3 className="portal-record-form__title">{t("portal.prog.targets")}</h3>
      {COUNTS.map(target)}
      {SHARES.map(target)}
      <Field label={t("portal.prog.reference")} error={err["targets.reference"]} className="portal-record-form__wide" testId="portal-programme-reference">
        <input value={f.reference} onChange={(e) => set("reference")(e.target.value)} data-testid="portal-programme-reference" />
      </Field>
      <label className="check portal-record-form__wide">
        <input type="checkbox" checked={isPublic} onChange={(e) => setPublic(e.target.checked)} data-testid="portal-programme-public" />
        {t("portal.prog.public")}
      </label>
      <FormError error={save.error} testId="portal-programme-error" />
      <div className="portal-record-form__wide row-actions">
        <button type="submit" className="button button--primary" disabled={save.isPending} data-testid="portal-programme-save">
          {t("portal.prog.save")}
        </button>
        <button type="button" className="button" onClick={onDone}>
          {t("common.cancel")}
        </button>
      </div>
    </form>
  );
}
