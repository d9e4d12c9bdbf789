// An editable table of one kind of row of an assessment, declared by its columns: the
// detailed assessment's worksheets (team, process steps, waste streams, causes, actions,
// monitoring). Each row autosaves through the same path as every form (Rust validates; a
// refused edit keeps its error on the cell), numbers are typed the vi-VN way, and a delete
// can be undone. Money and every other figure shown beside the rows come from Rust.
import { useQueryClient } from "@tanstack/react-query";
import { memo, useCallback, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { TFunction } from "i18next";
import { z } from "zod";
import type { AssessmentDocument, Attachment, Lang, Stored } from "../backend/types";
import { CellError } from "./Field";
import type { PhotoOwner } from "./Photos";
import { PhotoImport, PhotoList } from "./Photos";
import { RhfDate, RhfNumber } from "./FormInputs";
import { WrapText } from "./WrapText";
import { useAutosaveForm } from "../lib/autosave";
import { dateText, parseDate } from "../lib/dates";
import { entityOfList, invalidateCalcs, isStored, latestRow, optimisticRow, removeRow, stripMeta, upsertRow, type DocList } from "../lib/doc";
import { errorAt } from "../lib/errors";
import { useLang } from "../lib/hooks";
import { useLocked } from "../lib/locked";
import { numberText } from "../lib/number";
import { eagerList, useFocusOnWake, useNearView } from "../lib/nearView";
import { withRaw } from "../lib/raw";
import * as queue from "../lib/saveQueue";
import { dateText as dateSchema, longText, nameText, numText } from "../lib/schema";
import { deleteWithUndo } from "../lib/undo";
import { uuidv7 } from "../lib/uuid";

/** How a column is typed and stored. */
export type ColumnKind =
  | { kind: "text"; required?: boolean }
  | { kind: "long" }
  | { kind: "number"; required?: boolean }
  | { kind: "integer"; required?: boolean }
  | { kind: "date" }
  | { kind: "bool" }
  | { kind: "select"; options: { value: string; label: string }[]; empty?: string };

export type Column = ColumnKind & { field: string; label: string; className?: string };

type Row = { id: string } & Record<string, unknown>;
const NO_PHOTOS: Stored<Attachment>[] = [];
type Values = Record<string, string | boolean>;

function schemaFor(columns: Column[], lang: Lang) {
  const shape: Record<string, z.ZodTypeAny> = {};
  for (const c of columns) {
    if (c.kind === "text") shape[c.field] = nameText(!!c.required);
    else if (c.kind === "long") shape[c.field] = longText();
    else if (c.kind === "number") shape[c.field] = numText(lang, { required: !!c.required, signed: true });
    else if (c.kind === "integer") shape[c.field] = numText(lang, { required: !!c.required, integer: true });
    else if (c.kind === "date") shape[c.field] = dateSchema();
    else if (c.kind === "bool") shape[c.field] = z.boolean();
    else shape[c.field] = z.string();
  }
  return z.object(shape) as unknown as z.ZodType<Values>;
}

function toValues(row: Row, columns: Column[], lang: Lang): Values {
  const v: Values = {};
  for (const c of columns) {
    const x = row[c.field];
    if (c.kind === "number" || c.kind === "integer") v[c.field] = numberText(x as number | null, lang, c.kind === "integer");
    else if (c.kind === "date") v[c.field] = dateText(x as string | null);
    else if (c.kind === "bool") v[c.field] = !!x;
    else if (c.kind === "select") v[c.field] = (x as string | null) ?? "";
    else v[c.field] = (x as string) ?? "";
  }
  return v;
}

/** Photos (and, when the entity has one, a note) of each row, shown under it on demand. */
export interface RowExtras {
  /** The entity photos are attached to (the row's own). */
  photos: PhotoOwner;
  /** The row's long-text field shown with its photos (`note`), if it has one. */
  note?: string;
}

interface RowProps {
  row: Stored<Row> | Row;
  /** Whether the row renders its editor at once, or only near the screen (`nearView`). */
  eager: boolean;
  /** The table's language, for plain rows (dozens of rows each asking for it cost more than
   * the rows). */
  texts: { t: TFunction; lang: Lang };
  extras?: RowExtras;
  photos: Stored<Attachment>[];
  list: DocList;
  aid: string;
  columns: Column[];
  autoFocus: boolean;
  testId: string;
  deleteLabel: (row: Row) => string;
}

/** A row: as plain text until it comes near the screen or is reached (see `nearView`), then
 * its editor. */
const LazyRow = memo(function LazyRow(props: RowProps) {
  const view = useNearView(props.eager || props.autoFocus);
  const field = view.focusField;
  useFocusOnWake(view.near ? view.el : null, field ? `${props.testId}-${field}` : null);
  return view.near ? <EditRow {...props} rowRef={view.ref} /> : <PlainRow {...props} rowRef={view.ref} wake={view.wake} />;
});

/** How a cell's stored value reads in a plain row. */
function cellText(c: Column, x: unknown, lang: Lang): string {
  if (c.kind === "number" || c.kind === "integer") return numberText(x as number | null, lang, c.kind === "integer");
  if (c.kind === "date") return dateText(x as string | null);
  if (c.kind === "bool") return x ? "✓" : "";
  if (c.kind === "select") return c.options.find((o) => o.value === (x ?? ""))?.label ?? (x == null || x === "" ? (c.empty ?? "") : String(x));
  return x == null ? "" : String(x);
}

/** A row's stored values as text, laid out as its editor is; a click or Tab into a cell
 * gives the row its editor with that cell's field focused. */
function PlainRow({ row, columns, testId, extras, photos, rowRef, wake, texts }: RowProps & { rowRef: (el: Element | null) => void; wake: (field?: string) => void }) {
  const { t, lang } = texts;
  return (
    <tr ref={rowRef} data-testid={`${testId}-row`} data-row-id={row.id} data-plain="">
      {columns.map((c) => (
        <td key={c.field} className={[`cell--${c.kind}`, c.className].filter(Boolean).join(" ")}>
          <span className="plain-cell" tabIndex={0} aria-label={c.label} onFocus={() => wake(c.field)} onPointerDown={() => wake(c.field)}>
            {cellText(c, row[c.field], lang)}
          </span>
        </td>
      ))}
      <td className="actions">
        {extras ? (
          <span className="button button--small row-photos">
            {photos.length > 0 ? t("detailed.rowPhotosCount", { count: photos.length }) : t("detailed.rowPhotosShort")}
          </span>
        ) : null}
        <span className="icon-button" aria-hidden="true">
          ×
        </span>
      </td>
    </tr>
  );
}

function EditRow({ row, list, aid, columns: shown, extras, photos, autoFocus, testId, deleteLabel, rowRef }: RowProps & { rowRef: (el: Element | null) => void }) {
  // The note is edited in the row's form, shown under the row with its photos.
  const columns: Column[] = useMemo(
    () => (extras?.note ? [...shown, { field: extras.note, label: extras.note, kind: "long" as const }] : shown),
    [shown, extras?.note],
  );
  const [open, setOpen] = useState(false);
  const { t } = useTranslation();
  const lang = useLang();
  const qc = useQueryClient();
  const locked = useLocked();
  const entity = entityOfList(list);
  const key = `${entity}:${row.id}`;
  const schema = useMemo(() => schemaFor(columns, lang), [columns, lang]);
  const { form } = useAutosaveForm<Values, Stored<Row>>({
    saveKey: key,
    schema,
    defaultValues: toValues(row as Row, columns, lang),
    row: { entity, source: row, toValues: (r) => toValues(r as Row, columns, lang), lang },
    build: (v) => {
      const latest = stripMeta((latestRow(qc, aid, list, row.id) ?? row) as Stored<Row>) as Row;
      const next: Row = { ...latest };
      for (const c of columns) {
        if (c.kind === "date") {
          const p = parseDate(String(v[c.field]));
          if (p.ok) next[c.field] = p.value;
        } else if (c.kind === "select") {
          next[c.field] = v[c.field] === "" && c.empty !== undefined ? null : v[c.field];
        } else if (c.kind !== "number" && c.kind !== "integer") {
          next[c.field] = v[c.field];
        }
      }
      const numbers = columns.flatMap((c) =>
        c.kind === "number" || c.kind === "integer" ? [{ path: c.field, required: !!c.required, integer: c.kind === "integer" }] : [],
      );
      const { row: built, raw } = withRaw<Row>(next, v, numbers, lang);
      optimisticRow(qc, aid, list, built as never);
      return { row: built, raw };
    },
    onSaved: (r) => {
      if (!queue.isPending(key)) upsertRow(qc, aid, list, r as never);
      invalidateCalcs(qc, aid);
    },
  });
  const { register, control, formState } = form;
  const err = (n: string) => errorAt(formState.errors, n);
  const [deleting, setDeleting] = useState(false);
  const remove = async () => {
    setDeleting(true);
    queue.cancel(key);
    await queue.flushKey(key);
    const stored = latestRow(qc, aid, list, row.id);
    try {
      if (stored && isStored(stored)) await deleteWithUndo(qc, aid, list, row.id, deleteLabel(stored as unknown as Row));
      removeRow(qc, aid, list, row.id);
      invalidateCalcs(qc, aid);
    } finally {
      setDeleting(false);
    }
  };
  const id = (c: Column) => `${testId}-${c.field}`;
  const stored = isStored(row as Partial<Stored<Row>>);
  return (
    <>
    <tr ref={rowRef} data-testid={`${testId}-row`} data-row-id={row.id}>
      {shown.map((c, i) => (
        <td key={c.field} className={[`cell--${c.kind}`, c.className].filter(Boolean).join(" ")}>
          {c.kind === "text" || c.kind === "long" ? (
            <WrapText {...register(c.field)} autoFocus={autoFocus && i === 0} aria-label={c.label} aria-invalid={!!err(c.field) || undefined} disabled={locked} data-testid={id(c)} />
          ) : c.kind === "number" || c.kind === "integer" ? (
            <RhfNumber control={control} name={c.field} lang={lang} integer={c.kind === "integer"} ariaLabel={c.label} disabled={locked} testId={id(c)} />
          ) : c.kind === "date" ? (
            <RhfDate control={control} name={c.field} ariaLabel={c.label} disabled={locked} testId={id(c)} />
          ) : c.kind === "bool" ? (
            <input type="checkbox" {...register(c.field)} aria-label={c.label} disabled={locked} data-testid={id(c)} />
          ) : (
            <select {...register(c.field)} aria-label={c.label} disabled={locked} data-testid={id(c)}>
              {c.empty !== undefined ? <option value="">{c.empty}</option> : null}
              {c.options.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          )}
          <CellError error={err(c.field)} testId={id(c)} />
        </td>
      ))}
      <td className="actions">
        {extras ? (
          <button
            type="button"
            className="button button--small row-photos"
            onClick={() => setOpen((o) => !o)}
            aria-expanded={open}
            aria-label={t("detailed.rowPhotos")}
            title={t("detailed.rowPhotos")}
            data-testid={`${testId}-extras`}
          >
            {photos.length > 0 ? t("detailed.rowPhotosCount", { count: photos.length }) : t("detailed.rowPhotosShort")}
          </button>
        ) : null}
        <button type="button" className="icon-button" onClick={() => void remove()} disabled={deleting || locked} aria-label={t("common.delete")} title={t("common.delete")} data-testid={`${testId}-delete`}>
          ×
        </button>
      </td>
    </tr>
    {extras && open ? (
      <tr className="row-extra" data-testid={`${testId}-extra`}>
        <td colSpan={shown.length + 1}>
          {extras.note ? (
            <label className="field">
              <span>{t("detailed.checkNote")}</span>
              <WrapText {...register(extras.note)} disabled={locked} data-testid={`${testId}-note`} />
              <CellError error={err(extras.note)} testId={`${testId}-note`} />
            </label>
          ) : null}
          <PhotoList assessmentId={aid} photos={photos} compact />
          <PhotoImport
            assessmentId={aid}
            owner={extras.photos}
            ownerId={stored ? row.id : null}
            disabledReason={stored ? undefined : t("detailed.rowNotSaved")}
            testId={`${testId}-photo`}
            compact
          />
        </td>
      </tr>
    ) : null}
    </>
  );
}

export interface RowTableProps {
  doc: AssessmentDocument;
  list: DocList;
  columns: Column[];
  /** A new row's fields (its id and assessment_id are added); none: rows are not added here. */
  blank?: () => Record<string, unknown>;
  title: string;
  empty: string;
  addLabel?: string;
  testId: string;
  /** Which rows of the list the table shows (all by default). */
  filter?: (row: Row) => boolean;
  deleteLabel: (row: Row) => string;
  /** Photos and a note per row. */
  extras?: RowExtras;
}

export function RowTable({ doc, list, columns, blank, title, empty, addLabel, testId, filter, deleteLabel, extras }: RowTableProps) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const locked = useLocked();
  const [justAdded, setJustAdded] = useState<string | null>(null);
  const aid = doc.assessment.id;
  const rows = (doc[list] as unknown as Row[]).filter((r) => !filter || filter(r));
  const eager = eagerList(rows.length);
  const lang = useLang();
  const texts = useMemo(() => ({ t, lang }), [t, lang]);
  // The callers pass these inline: kept stable, so that a row renders again only when its
  // own data changes (not when the table does, e.g. while it grows).
  const labelOf = useRef(deleteLabel);
  labelOf.current = deleteLabel;
  const stableDeleteLabel = useCallback((r: Row) => labelOf.current(r), []);
  const extrasPhotos = extras?.photos;
  const extrasNote = extras?.note;
  const stableExtras = useMemo<RowExtras | undefined>(
    () => (extrasPhotos ? { photos: extrasPhotos, note: extrasNote } : undefined),
    [extrasPhotos, extrasNote],
  );
  // Each row's photos, grouped once (a row re-renders only when its own change).
  const owner = extras?.photos;
  const photosOf = useMemo(() => {
    const m = new Map<string, Stored<Attachment>[]>();
    for (const p of doc.attachments) {
      if (p.owner_entity !== owner) continue;
      m.set(p.owner_id, [...(m.get(p.owner_id) ?? []), p]);
    }
    return m;
  }, [doc.attachments, owner]);
  const add = () => {
    if (!blank) return;
    const row = { ...blank(), id: uuidv7(), assessment_id: aid };
    optimisticRow(qc, aid, list, row as never);
    setJustAdded(row.id);
  };
  return (
    <section className="card card--table" data-testid={testId}>
      <div className="card__head">
        <h3 className="card__title">{title}</h3>
        <span className="muted small">{t("common.rows", { count: rows.length })}</span>
      </div>
      <div className="table-wrap">
        <table className="table table--edit">
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.field} className={c.kind === "number" || c.kind === "integer" ? "num" : undefined}>
                  {c.label}
                </th>
              ))}
              <th aria-label={t("common.actions")} />
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <LazyRow
                key={r.id}
                row={r}
                eager={eager}
                texts={texts}
                list={list}
                aid={aid}
                columns={columns}
                extras={stableExtras}
                photos={photosOf.get(r.id) ?? NO_PHOTOS}
                autoFocus={r.id === justAdded}
                testId={testId}
                deleteLabel={stableDeleteLabel}
              />
            ))}
            {rows.length === 0 ? (
              <tr>
                <td colSpan={columns.length + 1} className="empty muted">
                  {empty}
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
      {blank ? (
        <button type="button" className="button button--small" onClick={add} disabled={locked} data-testid={`${testId}-new`}>
          + {addLabel}
        </button>
      ) : null}
    </section>
  );
}
