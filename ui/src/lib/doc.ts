// Keeping the cached AssessmentDocument in step with what autosave wrote, without refetching
// (a refetch would not touch the forms anyway: they own their texts while open).

import type { QueryClient } from "@tanstack/react-query";
import type { AssessmentDocument, EntityName, Meta } from "../backend/types";
import { ENTITY_TABLES } from "../backend/types";
import type { StoredRow } from "./rowBase";
import { setBase } from "./rowBase";
import { qk } from "./api";
import { forgetPreview, previewFigures } from "./preview";

/** The lists of child rows of an assessment document (each named as its entity's table). */
export type DocList = {
  [K in keyof AssessmentDocument]: AssessmentDocument[K] extends unknown[] ? K : never;
}[keyof AssessmentDocument];

type RowOf<K extends DocList> = AssessmentDocument[K][number];

/** The entity whose rows a document list holds. */
export function entityOfList(list: DocList): EntityName {
  const found = (Object.entries(ENTITY_TABLES) as [EntityName, string][]).find(([, t]) => t === list);
  if (!found) throw new Error(`no entity has the table ${list}`);
  return found[0];
}

/** Puts a row Rust stored (a save's answer) into the cached document; it is also the base of
 * the row's next save. */
export function upsertRow<K extends DocList>(
  qc: QueryClient,
  assessmentId: string,
  list: K,
  row: RowOf<K>,
): void {
  setBase(entityOfList(list), row.id, row as unknown as StoredRow);
  forgetPreview(assessmentId, entityOfList(list), row.id);
  putRow(qc, assessmentId, list, row);
}

function putRow<K extends DocList>(
  qc: QueryClient,
  assessmentId: string,
  list: K,
  row: RowOf<K>,
): void {
  qc.setQueryData<AssessmentDocument>(qk.assessment(assessmentId), (doc) => {
    if (!doc) return doc;
    const rows = doc[list] as RowOf<K>[];
    const i = rows.findIndex((r) => r.id === row.id);
    const next = i >= 0 ? rows.map((r, j) => (j === i ? row : r)) : [...rows, row];
    return { ...doc, [list]: next };
  });
}

export function removeRow(qc: QueryClient, assessmentId: string, list: DocList, id: string): void {
  qc.setQueryData<AssessmentDocument>(qk.assessment(assessmentId), (doc) => {
    if (!doc) return doc;
    const rows = doc[list] as { id: string }[];
    return { ...doc, [list]: rows.filter((r) => r.id !== id) };
  });
}

/** The entity fields of a stored row (without created_at, updated_at, updated_by, deleted). */
export function stripMeta<T extends object>(row: T & Partial<Meta>): T {
  const { created_at: _c, updated_at: _u, updated_by: _b, deleted: _d, versions: _v, ...rest } = row;
  return rest as T;
}

/** Refetch the figures of an assessment (after a save that changes them). */
export function invalidateCalcs(qc: QueryClient, assessmentId: string): void {
  void qc.invalidateQueries({ queryKey: qk.calcs(assessmentId) });
}

const NO_META: Meta = { created_at: "", updated_at: "", updated_by: "" };

/** The latest local copy of a row of the cached document (what forms build on). */
export function latestRow<K extends DocList>(
  qc: QueryClient,
  assessmentId: string,
  list: K,
  id: string,
): RowOf<K> | undefined {
  const doc = qc.getQueryData<AssessmentDocument>(qk.assessment(assessmentId));
  return (doc?.[list] as RowOf<K>[] | undefined)?.find((r) => r.id === id);
}

/** Writes what a form is about to save into the cache at once, keeping the row's meta, so
 * every other view of the row (another stage, a re-mounted form) starts from it. */
export function optimisticRow<K extends DocList>(
  qc: QueryClient,
  assessmentId: string,
  list: K,
  row: object & { id: string },
): void {
  const old = latestRow(qc, assessmentId, list, row.id) as (Partial<Meta> & object) | undefined;
  const meta: Meta = old
    ? {
        created_at: old.created_at ?? "",
        updated_at: old.updated_at ?? "",
        updated_by: old.updated_by ?? "",
        versions: old.versions,
      }
    : NO_META;
  putRow(qc, assessmentId, list, { ...row, ...meta } as RowOf<K>);
  previewFigures(qc, assessmentId, entityOfList(list), row);
}

/** Whether a row of the cache has been stored by Rust (a new row is not, until saved). */
export function isStored(row: Partial<Meta>): boolean {
  return !!row.created_at;
}

export function latestAssessment(qc: QueryClient, assessmentId: string) {
  return qc.getQueryData<AssessmentDocument>(qk.assessment(assessmentId))?.assessment;
}

export function optimisticAssessment(qc: QueryClient, row: object & { id: string }): void {
  qc.setQueryData<AssessmentDocument>(qk.assessment(row.id), (doc) =>
    doc ? { ...doc, assessment: { ...doc.assessment, ...row } } : doc,
  );
  previewFigures(qc, row.id, "assessment", row);
}
