// Keeps every open screen in step with what is stored. Rust says which rows changed (a sync
// pull, an import, a restore, another window's save); each changed row replaces its cached
// copy, except for fields with an edit not saved yet, and the forms showing it follow (see
// `useAutosaveForm`'s `row`). A restore or another data folder reloads everything.
//
// The figures (`assessment.calcs`, and `assessment.progress` under the same key) are asked for
// again once per change: a fetch that started after a change already reads it, so a change is
// refreshed only where no such fetch exists (`refreshSince`). This window's own save is often
// reported by the feed before the save's answer comes back; its `onSaved` asks for the figures
// then, so the feed waits for the saves in flight before it asks (`refreshAfterSaves`) — rather
// than start a fetch that the save's answer would cancel and start again.

import type { QueryClient, QueryKey } from "@tanstack/react-query";
import { hashKey } from "@tanstack/react-query";
import { getBackend } from "../backend";
import type { AssessmentDocument, EntityName, RowChanges } from "../backend/types";
import { ENTITY_TABLES } from "../backend/types";
import { qk } from "./api";
import { discardRefused, getStatus, subscribe } from "./saveQueue";
import type { StoredRow } from "./rowBase";
import { clearBases, deepEqual, getBase, mergeRow, setBase } from "./rowBase";

type Lists = Record<string, StoredRow[] | StoredRow | unknown>;

/** The cached documents that hold a row of `entity` with this id (or, for a new row, its
 * assessment's). */
function docsFor(qc: QueryClient, entity: EntityName, id: string, row: StoredRow | null): string[] {
  const out: string[] = [];
  for (const [key, doc] of qc.getQueriesData<AssessmentDocument>({ queryKey: ["assessment"] })) {
    if (!doc) continue;
    const aid = String(key[1]);
    if (entity === "assessment" && aid === id) out.push(aid);
    else if (entity === "enterprise" && doc.enterprise.id === id) out.push(aid);
    else if (row && row.assessment_id === aid) out.push(aid);
    else {
      const list = (doc as unknown as Lists)[ENTITY_TABLES[entity]];
      if (Array.isArray(list) && list.some((r: StoredRow) => r.id === id)) out.push(aid);
    }
  }
  return out;
}

// ---- asking for the figures once per change ------------------------------------------------

/** Orders changes and fetches: a count that only grows (clock time can tie). */
let clock = 0;
export function tick(): number {
  return ++clock;
}

/** When the latest fetch of a query started (`tick`), by the query's hash. */
const fetchedAt = new Map<string, number>();

/** Notes that a fetch of `key` starts now: the query functions of the figures call it. */
export function noteFetch(key: QueryKey): void {
  fetchedAt.set(hashKey(key), tick());
}

/** Asks again for the queries under `key` whose latest fetch started before `since` (a
 * `tick`): one that started after it reads what was stored by then, and is left to finish
 * (invalidating it would cancel it and start another). */
export function refreshSince(qc: QueryClient, key: QueryKey, since: number): void {
  void qc.invalidateQueries({ queryKey: key, predicate: (q) => (fetchedAt.get(q.queryHash) ?? 0) < since });
}

/** The longest the feed waits for the saves in flight before it asks for the figures. */
export const FEED_REFRESH_WAIT_MS = 1_000;

/** `refreshSince`, once no save is on its way (or after `FEED_REFRESH_WAIT_MS`): a save of this
 * window that the feed reported first asks for the figures when its answer comes, and that
 * fetch then serves the feed too. */
export function refreshAfterSaves(qc: QueryClient, key: QueryKey, since: number): void {
  if (getStatus() !== "saving") {
    refreshSince(qc, key, since);
    return;
  }
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    unsubscribe();
    clearTimeout(timer);
    refreshSince(qc, key, since);
  };
  const unsubscribe = subscribe(() => {
    if (getStatus() !== "saving") finish();
  });
  const timer = setTimeout(finish, FEED_REFRESH_WAIT_MS);
}

/** Applies one answer of the feed to the query cache. */
export function applyChanges(qc: QueryClient, changes: RowChanges): void {
  if (changes.reset) {
    clearBases();
    // Refused edits typed on the data that was replaced do not come back into the new one.
    discardRefused();
    void qc.invalidateQueries();
    return;
  }
  const touched = new Set<string>();
  const since = tick();
  for (const change of changes.rows) {
    const entity = change.entity as EntityName;
    if (!(entity in ENTITY_TABLES)) continue;
    const next = (change.row as StoredRow | null) ?? null;
    const old = getBase(entity, change.id);
    // This window's own save, already in the cache.
    if (next && old && deepEqual(next, old)) continue;
    for (const aid of docsFor(qc, entity, change.id, next)) {
      touched.add(aid);
      qc.setQueryData<AssessmentDocument>(qk.assessment(aid), (doc) => {
        if (!doc) return doc;
        const d = doc as unknown as Lists;
        if (entity === "assessment" || entity === "enterprise" || entity === "programme") {
          const cached = d[entity] as StoredRow | undefined;
          if (!next) return doc;
          return { ...doc, [entity]: mergeRow(cached, old, next) } as AssessmentDocument;
        }
        const table = ENTITY_TABLES[entity];
        const list = (d[table] as StoredRow[] | undefined) ?? [];
        const i = list.findIndex((r) => r.id === change.id);
        let rows: StoredRow[];
        if (!next) rows = list.filter((r) => r.id !== change.id);
        else if (i >= 0) rows = list.map((r, j) => (j === i ? mergeRow(r, old, next) : r));
        else rows = [...list, next];
        return { ...doc, [table]: rows } as AssessmentDocument;
      });
    }
    if (entity === "enterprise") {
      qc.setQueryData<StoredRow>(qk.enterprise(change.id), (cached) => (next ? mergeRow(cached, old, next) : cached));
    }
    setBase(entity, change.id, next);
  }
  for (const aid of touched) refreshAfterSaves(qc, qk.calcs(aid), since);
  if (changes.rows.length > 0) {
    void qc.invalidateQueries({ queryKey: qk.assessmentsAll });
    void qc.invalidateQueries({ queryKey: qk.enterprisesAll, exact: false });
  }
}

/** Follows the feed until the returned function is called. */
export function followChanges(qc: QueryClient): () => void {
  return getBackend().watchChanges((c) => applyChanges(qc, c));
}
