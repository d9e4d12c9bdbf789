import { useQueryClient } from "@tanstack/react-query";
import { memo, useMemo, useState, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { z } from "zod";
import { errorAt } from "../../lib/errors";
import { toApiError } from "../../backend";
import type {
  Answer,
  Assessment,
  AssessmentDocument,
  Attachment,
  ChecklistItem,
  ChecklistResponse,
  Lang,
  Observation,
  Stored,
  UiChecklist,
} from "../../backend/types";
import { ErrorBox } from "../../components/ErrorBox";
import { CellError } from "../../components/Field";
import { RhfNumber, WithUnit } from "../../components/FormInputs";
import { unitName } from "../../components/Options";
import { PhotoImport, PhotoList } from "../../components/Photos";
import { ProgressBar } from "../../components/ProgressBar";
import { api, saves } from "../../lib/api";
import { useAutosaveForm } from "../../lib/autosave";
import {
  invalidateCalcs,
  isStored,
  latestAssessment,
  latestRow,
  optimisticAssessment,
  optimisticRow,
  removeRow,
  stripMeta,
  upsertRow,
} from "../../lib/doc";
import { inLang, nameOf, useLang, useReference } from "../../lib/hooks";
import { numberText } from "../../lib/number";
import { withRaw } from "../../lib/raw";
import * as queue from "../../lib/saveQueue";
import { longText, nameText, numText } from "../../lib/schema";
import { uuidv7 } from "../../lib/uuid";
import { deleteWithUndo } from "../../lib/undo";
import { useLocked } from "../../lib/locked";
import { walkProgress } from "./progress";

/** Focuses the item `step` places after (or before) `from` among the items shown. */
function moveFocus(from: HTMLElement, step: number) {
  const items = Array.from(document.querySelectorAll<HTMLElement>("[data-walk-item]"));
  const at = items.indexOf(from);
  const next = items[at + step];
  if (next) {
    next.focus();
    next.scrollIntoView({ block: "nearest" });
  }
}

type Filter = "all" | "open" | "no";
import { assessmentKey } from "./useAssessmentPart";

const ANSWERS: Answer[] = ["yes", "no", "na"];

type ItemValues = { answer: "" | Answer; note: string; reading: string };

function itemSchema(lang: Lang) {
  return z.object({
    answer: z.string(),
    note: longText(),
    reading: numText(lang, { signed: true }),
  }) as unknown as z.ZodType<ItemValues>;
}

const responseKey = (id: string) => `checklist_response:${id}`;

function itemValues(response: ChecklistResponse | undefined, lang: Lang): ItemValues {
  return {
    answer: response?.answer ?? "",
    note: response?.note ?? "",
    reading: numberText(response?.reading, lang),
  };
}

function photosOf(attachments: Stored<Attachment>[], entity: string, id: string | undefined) {
  return id ? attachments.filter((a) => a.owner_entity === entity && a.owner_id === id) : [];
}

interface ItemProps {
  item: ChecklistItem;
  aid: string;
  response: Stored<ChecklistResponse> | undefined;
  photos: Stored<Attachment>[];
  optionTitle: string | undefined;
}

const ItemRow = memo(function ItemRow({ item, aid, response, photos, optionTitle }: ItemProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const qc = useQueryClient();
  const [responseId] = useState(() => response?.id ?? uuidv7());
  const key = responseKey(responseId);
  const schema = useMemo(() => itemSchema(lang), [lang]);
  const { form, save } = useAutosaveForm<ItemValues, Stored<ChecklistResponse>>({
    saveKey: key,
    schema,
    defaultValues: itemValues(response, lang),
    row: {
      entity: "checklist_response",
      source: response,
      toValues: (r) => itemValues(r as ChecklistResponse | undefined, lang),
      lang,
    },
    // A response exists once the item is answered, or has a note or a reading (a photo makes
    // it too: `ensureResponse`).
    ready: (v) => v.answer !== "" || v.note.trim() !== "" || v.reading.trim() !== "",
    delayFor: (f) => (f === "answer" ? 0 : undefined),
    build: (v) => {
      const latest = latestRow(qc, aid, "checklist_responses", responseId);
      const base: ChecklistResponse = latest
        ? stripMeta(latest)
        : {
            id: responseId,
            assessment_id: aid,
            item_code: item.id,
            answer: null,
            note: "",
            reading: null,
            reading_unit: "",
            option_id: null,
          };
      const { row, raw } = withRaw<ChecklistResponse>(
        {
          ...base,
          answer: v.answer === "" ? null : (v.answer as Answer),
          note: v.note,
          reading_unit: item.measure?.unit ?? base.reading_unit,
        },
        v,
        item.measure ? [{ path: "reading" }] : [],
        lang,
      );
      optimisticRow(qc, aid, "checklist_responses", row);
      return { row, raw };
    },
    onSaved: (r) => {
      if (!queue.isPending(key)) upsertRow(qc, aid, "checklist_responses", r);
    },
  });
  const { register, control, watch, setValue, formState } = form;
  const locked = useLocked();
  // A photo may come before the answer: the response is made (unanswered) first.
  const ensureResponse = async () => {
    if (!response || !isStored(response)) await save();
  };
  const err = (n: keyof ItemValues) => errorAt(formState.errors, n);
  const answer = watch("answer");
  const stored = !!response && isStored(response);
  const [qwError, setQwError] = useState<unknown>(null);
  const [qwBusy, setQwBusy] = useState(false);
  const quickWinText = inLang(item.quick_win_vi, item.quick_win_en, lang);
  const hint = inLang(item.hint_vi, item.hint_en, lang);

  const makeQuickWin = async () => {
    setQwBusy(true);
    setQwError(null);
    try {
      await queue.flushKey(key);
      const r = await api.quickWin(responseId);
      upsertRow(qc, aid, "options", r.option);
      upsertRow(qc, aid, "checklist_responses", r.response);
      invalidateCalcs(qc, aid);
    } catch (e) {
      setQwError(toApiError(e));
    } finally {
      setQwBusy(false);
    }
  };

  // Keys on a focused item: 1 / 2 / 3 answer có / không / không áp dụng, J / K move to the
  // next / previous item shown. Typing in its note or reading is left alone, and so is an
  // IME's composition.
  const onKey = (e: KeyboardEvent<HTMLLIElement>) => {
    if (e.target !== e.currentTarget || e.nativeEvent.isComposing || e.ctrlKey || e.metaKey || e.altKey) return;
    const pick = locked ? undefined : ({ "1": "yes", "2": "no", "3": "na" } as const)[e.key as "1" | "2" | "3"];
    if (pick) {
      e.preventDefault();
      setValue("answer", pick, { shouldDirty: true });
    } else if (e.key === "j" || e.key === "J" || e.key === "k" || e.key === "K") {
      e.preventDefault();
      moveFocus(e.currentTarget, e.key.toLowerCase() === "j" ? 1 : -1);
    }
  };
  // A quick win made from a "không" whose item is now "có" (or n.a.): said so, and offered for
  // removal rather than left orphaned.
  const orphanWin = optionTitle !== undefined && (answer === "yes" || answer === "na");
  const removeWin = async () => {
    const optionId = response?.option_id;
    if (!optionId) return;
    try {
      await deleteWithUndo(qc, aid, "options", optionId, t("undo.option", { name: optionTitle }));
      removeRow(qc, aid, "options", optionId);
      invalidateCalcs(qc, aid);
    } catch (e) {
      setQwError(toApiError(e));
    }
  };

  return (
    <li
      className={`item item--${answer || "open"}`}
      data-testid={`item-${item.id}`}
      data-walk-item={item.id}
      data-answer={answer || "open"}
      tabIndex={0}
      onKeyDown={onKey}
      aria-label={`${item.id} ${inLang(item.question_vi, item.question_en, lang)}`}
    >
      <div className="item__main">
        <div className="item__q">
          <span className="item__code">{item.id}</span>
          <span className="item__question">{inLang(item.question_vi, item.question_en, lang)}</span>
        </div>
        {hint ? <div className="item__hint muted small">{hint}</div> : null}
      </div>
      <div className="item__answer" role="radiogroup" aria-label={t("walk.answer")}>
        {ANSWERS.map((a) => (
          <button
            key={a}
            type="button"
            role="radio"
            aria-checked={answer === a}
            className={`seg seg--${a}${answer === a ? " seg--on" : ""}`}
            onClick={() => setValue("answer", a, { shouldDirty: true })}
            disabled={locked}
            data-testid={`item-${item.id}-${a}`}
          >
            {t(`answer.${a}`)}
          </button>
        ))}
      </div>
      <div className="item__details">
        <div className="item__fields">
          <div className="item__note">
            <textarea
              rows={1}
              {...register("note")}
              placeholder={answer ? t("walk.notePlaceholder") : t("walk.answerFirst")}
              disabled={locked}
              aria-label={t("walk.note")}
              data-testid={`item-${item.id}-note`}
            />
            <CellError error={err("note")} testId={`item-${item.id}-note`} />
          </div>
          {item.measure ? (
            <div className="item__reading">
              <label className="small muted" htmlFor={`reading-${item.id}`}>
                {inLang(item.measure.label_vi, item.measure.label_en, lang)}
              </label>
              <WithUnit unit={unitName(t, item.measure.unit)}>
                <RhfNumber control={control} name="reading" lang={lang} id={`reading-${item.id}`} disabled={locked} testId={`item-${item.id}-reading`} />
              </WithUnit>
              <CellError error={err("reading")} testId={`item-${item.id}-reading`} />
            </div>
          ) : null}
          <PhotoImport
            assessmentId={aid}
            owner="checklist_response"
            ownerId={responseId}
            ensureOwner={ensureResponse}
            testId={`item-${item.id}-photos`}
            compact
          />
        </div>
        {photos.length > 0 ? <PhotoList assessmentId={aid} photos={photos} compact /> : null}
        {orphanWin ? (
          <div className="quickwin quickwin--orphan" data-testid={`item-${item.id}-orphan-win`}>
            <div>{t("walk.orphanWin", { title: optionTitle, answer: t(`answer.${answer}`) })}</div>
            <button type="button" className="button button--small" onClick={() => void removeWin()} disabled={locked} data-testid={`item-${item.id}-orphan-remove`}>
              {t("walk.removeOption")}
            </button>
            {qwError ? <ErrorBox error={qwError} /> : null}
          </div>
        ) : null}
        {answer === "no" && quickWinText ? (
          <div className="quickwin" data-testid={`item-${item.id}-quickwin-box`}>
            <div>
              <span className="quickwin__label">{t("walk.quickWin")}</span> {quickWinText}
            </div>
            {optionTitle !== undefined ? (
              <Link to={`/assessment/${aid}/d`} className="small" data-testid={`item-${item.id}-option-link`}>
                ✓ {t("walk.optionMade")}: {optionTitle}
              </Link>
            ) : (
              <button type="button" className="button button--small button--accent" onClick={() => void makeQuickWin()} disabled={qwBusy || !stored || locked} data-testid={`item-${item.id}-quickwin`}>
                {t("walk.makeOption")}
              </button>
            )}
            {qwError ? <ErrorBox error={qwError} /> : null}
          </div>
        ) : null}
      </div>
    </li>
  );
});

function ChecklistPicker({ doc }: { doc: AssessmentDocument }) {
  const { t } = useTranslation();
  const lang = useLang();
  const ref = useReference();
  const qc = useQueryClient();
  const chosen = new Set(doc.assessment.checklists);
  const locked = useLocked();
  const toggle = (c: UiChecklist) => {
    const aid = doc.assessment.id;
    const latest = stripMeta(latestAssessment(qc, aid) ?? doc.assessment) as Assessment;
    const set = new Set(latest.checklists);
    if (set.has(c.code)) set.delete(c.code);
    else set.add(c.code);
    // Keep the reference order.
    const checklists = (ref.data?.checklists ?? []).map((x) => x.code).filter((code) => set.has(code));
    const row: Assessment = { ...latest, checklists };
    optimisticAssessment(qc, row);
    queue.schedule(assessmentKey(aid), {
      ...saves.row("assessment", row, {}, lang),
      onSaved: () => void qc.invalidateQueries({ queryKey: ["assessments"] }),
    }, 0);
  };
  return (
    <section className="card">
      <h3 className="card__title">{t("walk.checklists")}</h3>
      <fieldset className="fieldset-plain chips" disabled={locked}>
        {(ref.data?.checklists ?? []).map((c) => (
          <label key={c.code} className={`chip${chosen.has(c.code) ? " chip--on" : ""}`}>
            <input type="checkbox" checked={chosen.has(c.code)} onChange={() => toggle(c)} data-testid={`checklist-pick-${c.code}`} />
            <span>{inLang(c.title_vi, c.title_en, lang)}</span>
            <span className="muted small">({c.items.length})</span>
          </label>
        ))}
      </fieldset>
    </section>
  );
}

type ObsValues = { area: string; text: string };
const obsSchema = z.object({ area: nameText(), text: longText(true) }) as unknown as z.ZodType<ObsValues>;
const observationKey = (id: string) => `observation:${id}`;

const ObservationRow = memo(function ObservationRow({
  obs,
  aid,
  photos,
  autoFocus,
}: {
  obs: Stored<Observation>;
  aid: string;
  photos: Stored<Attachment>[];
  autoFocus: boolean;
}) {
  const locked = useLocked();
  const { t } = useTranslation();
  const lang = useLang();
  const qc = useQueryClient();
  const key = observationKey(obs.id);
  const { form } = useAutosaveForm<ObsValues, Stored<Observation>>({
    saveKey: key,
    schema: obsSchema,
    defaultValues: { area: obs.area, text: obs.text },
    row: {
      entity: "observation",
      source: obs,
      toValues: (o) => ({ area: (o as Observation).area, text: (o as Observation).text }),
      lang,
    },
    build: (v) => {
      const latest = stripMeta(latestRow(qc, aid, "observations", obs.id) ?? obs);
      const row: Observation = { ...latest, area: v.area, text: v.text };
      optimisticRow(qc, aid, "observations", row);
      return { row, raw: {} };
    },
    onSaved: (r) => {
      if (!queue.isPending(key)) upsertRow(qc, aid, "observations", r);
    },
  });
  const { register, formState } = form;
  const err = (n: keyof ObsValues) => errorAt(formState.errors, n);
  const stored = isStored(obs);
  const remove = async () => {
    queue.cancel(key);
    await queue.flushKey(key);
    const latest = latestRow(qc, aid, "observations", obs.id);
    if (latest && isStored(latest)) {
      const name = latest.text.length > 40 ? `${latest.text.slice(0, 40)}…` : latest.text;
      await deleteWithUndo(qc, aid, "observations", obs.id, t("undo.observation", { name }));
    }
    removeRow(qc, aid, "observations", obs.id);
  };
  return (
    <li className="observation" data-testid="observation-row">
      <fieldset className="fieldset-plain observation__fields" disabled={locked}>
        <div>
          <input
            {...register("area")}
            list="area-names"
            placeholder={t("walk.obsArea")}
            aria-label={t("walk.obsArea")}
            data-testid="observation-area"
          />
          <CellError error={err("area")} testId="observation-area" />
        </div>
        <div>
          <textarea
            rows={2}
            {...register("text")}
            autoFocus={autoFocus}
            placeholder={t("walk.obsText")}
            aria-label={t("walk.obsText")}
            aria-invalid={!!err("text") || undefined}
            data-testid="observation-text"
          />
          <CellError error={err("text")} testId="observation-text" />
        </div>
        <button type="button" className="icon-button" onClick={() => void remove()} aria-label={t("common.delete")} title={t("common.delete")} data-testid="observation-delete">
          ×
        </button>
      </fieldset>
      <div className="item__photos">
        <PhotoList assessmentId={aid} photos={photos} compact />
        <PhotoImport
          assessmentId={aid}
          owner="observation"
          ownerId={stored ? obs.id : null}
          disabledReason={stored ? undefined : t("walk.photosAfterText")}
          testId="observation-photos"
          compact
        />
      </div>
    </li>
  );
});

function Observations({ doc }: { doc: AssessmentDocument }) {
  const locked = useLocked();
  const { t } = useTranslation();
  const lang = useLang();
  const ref = useReference();
  const qc = useQueryClient();
  const [justAdded, setJustAdded] = useState<string | null>(null);
  const aid = doc.assessment.id;
  const areaNames = useMemo(() => {
    const codes = new Set(
      (ref.data?.checklists ?? []).filter((c) => doc.assessment.checklists.includes(c.code)).flatMap((c) => c.items.map((i) => i.area)),
    );
    return [...codes].map((c) => nameOf(ref.data?.areas, c, lang));
  }, [ref.data, doc.assessment.checklists, lang]);
  const add = () => {
    const row: Observation = { id: uuidv7(), assessment_id: aid, area: "", text: "" };
    optimisticRow(qc, aid, "observations", row);
    setJustAdded(row.id);
  };
  return (
    <section className="card" data-testid="observations">
      <div className="card__head">
        <h3 className="card__title">{t("walk.observations")}</h3>
        <button type="button" className="button button--small" onClick={add} disabled={locked} data-testid="observation-new">
          + {t("walk.addObservation")}
        </button>
      </div>
      <datalist id="area-names">
        {areaNames.map((n) => (
          <option key={n} value={n} />
        ))}
      </datalist>
      {doc.observations.length === 0 ? <p className="muted empty">{t("walk.noObservations")}</p> : null}
      <ul className="observations">
        {doc.observations.map((o) => (
          <ObservationRow
            key={o.id}
            obs={o}
            aid={aid}
            photos={photosOf(doc.attachments, "observation", o.id)}
            autoFocus={o.id === justAdded}
          />
        ))}
      </ul>
    </section>
  );
}

export function WalkStage({ doc }: { doc: AssessmentDocument }) {
  const { t } = useTranslation();
  const lang = useLang();
  const ref = useReference();
  const aid = doc.assessment.id;
  const progress = walkProgress(doc, ref.data);
  const chosen = useMemo(
    () => (ref.data?.checklists ?? []).filter((c) => doc.assessment.checklists.includes(c.code)),
    [ref.data, doc.assessment.checklists],
  );
  const byItem = useMemo(() => {
    const m = new Map<string, Stored<ChecklistResponse>>();
    for (const r of doc.checklist_responses) m.set(r.item_code, r);
    return m;
  }, [doc.checklist_responses]);
  const optionTitles = useMemo(() => new Map(doc.options.map((o) => [o.id, o.title])), [doc.options]);
  // Photos grouped once per render so unchanged items keep the same array (memo).
  const photosByOwner = useMemo(() => {
    const m = new Map<string, Stored<Attachment>[]>();
    for (const a of doc.attachments) {
      if (a.owner_entity !== "checklist_response") continue;
      const list = m.get(a.owner_id) ?? [];
      list.push(a);
      m.set(a.owner_id, list);
    }
    return m;
  }, [doc.attachments]);
  const empty: Stored<Attachment>[] = useMemo(() => [], []);

  // Areas of every chosen checklist, in the checklists' order.
  const groups = useMemo(
    () =>
      chosen.map((c) => {
        const areas: { key: string; code: string; items: ChecklistItem[] }[] = [];
        for (const item of c.items) {
          let g = areas.find((a) => a.code === item.area);
          if (!g) {
            g = { key: `${c.code}/${item.area}`, code: item.area, items: [] };
            areas.push(g);
          }
          g.items.push(item);
        }
        return { checklist: c, areas };
      }),
    [chosen],
  );
  const answerOf = (id: string) => byItem.get(id)?.answer ?? null;
  // The filter shows the items that matched when it was chosen: an item answered under
  // "chưa trả lời" stays until the filter is chosen again, so the list never jumps while typing.
  const [filter, setFilter] = useState<Filter>("all");
  const [shown, setShown] = useState<Set<string> | null>(null);
  const choose = (f: Filter) => {
    setFilter(f);
    if (f === "all") setShown(null);
    else {
      const ids = chosen.flatMap((c) => c.items.map((i) => i.id));
      setShown(new Set(ids.filter((id) => (f === "open" ? answerOf(id) === null : answerOf(id) === "no"))));
    }
  };
  const counts = useMemo(() => {
    const ids = chosen.flatMap((c) => c.items.map((i) => i.id));
    return {
      all: ids.length,
      open: ids.filter((id) => !byItem.has(id)).length,
      no: ids.filter((id) => byItem.get(id)?.answer === "no").length,
    };
  }, [chosen, byItem]);
  const [collapsed, setCollapsed] = useState<Set<string>>(() => new Set());
  const toggle = (key: string) =>
    setCollapsed((prev) => {
      const next = new Set(prev);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  const jump = (key: string) => {
    if (!key) return;
    setCollapsed((prev) => {
      const next = new Set(prev);
      next.delete(key);
      return next;
    });
    requestAnimationFrame(() => {
      const area = document.querySelector<HTMLElement>(`[data-area="${CSS.escape(key)}"]`);
      area?.scrollIntoView({ block: "start" });
      area?.querySelector<HTMLElement>("[data-walk-item]")?.focus({ preventScroll: true });
    });
  };

  return (
    <>
      <ChecklistPicker doc={doc} />
      {chosen.length > 0 ? (
        <div className="walk-progress">
          <span>{t("walk.answered")}</span>
          <ProgressBar done={progress.answered} total={progress.total} label={`${progress.answered}/${progress.total}`} testId="walk-progress" />
        </div>
      ) : (
        <p className="muted">{t("walk.pickChecklist")}</p>
      )}
      {chosen.length > 0 ? (
        <div className="walk-tools card" data-testid="walk-tools">
          <label className="walk-tools__jump">
            <span className="small muted">{t("walk.jump")}</span>
            <select value="" onChange={(e) => jump(e.target.value)} data-testid="walk-jump">
              <option value="">{t("walk.jumpPick")}</option>
              {groups.flatMap((g) =>
                g.areas.map((a) => (
                  <option key={a.key} value={a.key}>
                    {groups.length > 1 ? `${inLang(g.checklist.title_vi, g.checklist.title_en, lang)} › ` : ""}
                    {nameOf(ref.data?.areas, a.code, lang)}
                  </option>
                )),
              )}
            </select>
          </label>
          <div className="seg-group" role="radiogroup" aria-label={t("walk.filter")}>
            {(["all", "open", "no"] as const).map((f) => (
              <button
                key={f}
                type="button"
                role="radio"
                aria-checked={filter === f}
                className={`seg${filter === f ? " seg--on" : ""}`}
                onClick={() => choose(f)}
                data-testid={`walk-filter-${f}`}
              >
                {t(`walk.filter_${f}`)} ({counts[f]})
              </button>
            ))}
          </div>
          <button
            type="button"
            className="button button--small"
            onClick={() => setCollapsed(collapsed.size > 0 ? new Set() : new Set(groups.flatMap((g) => g.areas.map((a) => a.key))))}
            data-testid="walk-collapse-all"
          >
            {collapsed.size > 0 ? t("walk.expandAll") : t("walk.collapseAll")}
          </button>
          <span className="small muted walk-tools__keys">{t("walk.keys")}</span>
        </div>
      ) : null}
      {groups.map(({ checklist: c, areas }) => (
        <section className="card checklist" key={c.code} data-testid={`checklist-${c.code}`}>
          <h3 className="card__title">{inLang(c.title_vi, c.title_en, lang)}</h3>
          {areas.map((g) => {
            const items = shown ? g.items.filter((i) => shown.has(i.id)) : g.items;
            if (items.length === 0) return null;
            const open = !collapsed.has(g.key);
            const done = g.items.filter((i) => byItem.has(i.id)).length;
            return (
              <div className="area" key={g.key} data-area={g.key}>
                <h4 className="area__title">
                  <button type="button" className="area__toggle" aria-expanded={open} onClick={() => toggle(g.key)} data-testid={`area-toggle-${g.code}`}>
                    <span aria-hidden="true">{open ? "▾" : "▸"}</span> {nameOf(ref.data?.areas, g.code, lang)}
                    <span className="area__count">
                      {done}/{g.items.length}
                    </span>
                  </button>
                </h4>
                {open ? (
                  <ul className="items">
                    {items.map((item) => {
                      const r = byItem.get(item.id);
                      const optionId = r?.option_id ?? null;
                      const optionTitle = optionId ? optionTitles.get(optionId) : undefined;
                      return (
                        <ItemRow
                          key={item.id}
                          item={item}
                          aid={aid}
                          response={r}
                          photos={(r && photosByOwner.get(r.id)) || empty}
                          optionTitle={optionTitle}
                        />
                      );
                    })}
                  </ul>
                ) : null}
              </div>
            );
          })}
          {shown && areas.every((g) => g.items.every((i) => !shown.has(i.id))) ? (
            <p className="muted empty">{t("walk.filterNone")}</p>
          ) : null}
        </section>
      ))}
      <Observations doc={doc} />
    </>
  );
}
