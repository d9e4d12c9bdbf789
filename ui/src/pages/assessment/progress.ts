import type { QueryClient } from "@tanstack/react-query";
import { hashKey, useQuery } from "@tanstack/react-query";
import { useEffect } from "react";
import type { AssessmentDocument, UiReference } from "../../backend/types";
import { api, qk } from "../../lib/api";
import { noteFetch, refreshSince, tick } from "../../lib/feed";

export const STAGES = ["a", "b", "c", "d", "e", "f"] as const;
export type Stage = (typeof STAGES)[number];

/** The stage codes Rust knows (`QUICK_STAGES`), by the letter of the stage's address. */
export const STAGE_CODES: Record<Stage, string> = {
  a: "profile",
  b: "walk",
  c: "flows",
  d: "options",
  e: "focus",
  f: "report",
};

/** The items of the checklists an assessment has chosen. */
export function chosenItems(doc: AssessmentDocument, ref: UiReference | undefined) {
  const chosen = new Set(doc.assessment.checklists);
  return (ref?.checklists ?? []).filter((c) => chosen.has(c.code)).flatMap((c) => c.items);
}

/** Answered items of the walk-through, for its counter (an item with only a note or a photo
 * is not answered). */
export function walkProgress(doc: AssessmentDocument, ref: UiReference | undefined) {
  const items = chosenItems(doc, ref);
  const codes = new Set(items.map((i) => i.id));
  const answered = new Set(
    doc.checklist_responses.filter((r) => codes.has(r.item_code) && r.created_at && r.answer !== null).map((r) => r.item_code),
  );
  return { answered: answered.size, total: codes.size };
}

/** Where each stage stands and who completed or reopened the assessment, from Rust. */
export function useProgress(assessmentId: string) {
  return useQuery({
    queryKey: qk.progress(assessmentId),
    queryFn: ({ queryKey }) => {
      // A later change asks again only if this fetch started before it (lib/feed.ts).
      noteFetch(queryKey);
      return api.assessmentProgress(assessmentId);
    },
    staleTime: 0,
    placeholderData: (prev) => prev,
  });
}

/** How long after the last stored change of the document the stages are read again, when
 * nothing has read them since (a save, a delete and an undo ask for the figures, and the
 * stages with them, at once: then nothing more is asked). */
export const PROGRESS_SETTLE_MS = 300;

type StampRow = { id?: unknown; created_at?: unknown; updated_at?: unknown };
const listStamps = new WeakMap<object, string>();

/** What of a document is stored: each stored row's id and time of change. A form's copy of
 * what is being typed keeps its row's time (and a row not saved yet has none), so typing does
 * not change it; a save's answer, a delete, an undo, a sync pull or a reload do. */
export function storedStamp(doc: AssessmentDocument): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(doc)) {
    if (Array.isArray(v)) {
      let s = listStamps.get(v);
      if (s === undefined) {
        s = (v as StampRow[])
          .filter((r) => r.created_at)
          .map((r) => `${String(r.id)}@${String(r.updated_at)}`)
          .join(",");
        listStamps.set(v, s);
      }
      parts.push(`${k}:${s}`);
    } else if (v && typeof v === "object") {
      const r = v as StampRow;
      parts.push(`${k}:${String(r.id)}@${String(r.updated_at)}`);
    }
  }
  return parts.join(";");
}

/** Reads the stages again after a stored change of the cached document that nothing has read
 * them after: once, `PROGRESS_SETTLE_MS` after the last such change — never for what is only
 * typed (the document's copy changes with each keystroke, what is stored does not). */
export function useProgressFollowsDocument(qc: QueryClient, assessmentId: string): void {
  useEffect(() => {
    const key = qk.assessment(assessmentId);
    const hash = hashKey(key);
    const cached = qc.getQueryData<AssessmentDocument>(key);
    let stamp = cached ? storedStamp(cached) : null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = qc.getQueryCache().subscribe((e) => {
      if (e.type !== "updated" || e.action.type !== "success" || e.query.queryHash !== hash) return;
      const doc = e.query.state.data as AssessmentDocument | undefined;
      if (!doc) return;
      const next = storedStamp(doc);
      if (next === stamp) return;
      const first = stamp === null;
      stamp = next;
      // The document's first load: the stages are read with it.
      if (first) return;
      const since = tick();
      clearTimeout(timer);
      timer = setTimeout(() => refreshSince(qc, qk.progress(assessmentId), since), PROGRESS_SETTLE_MS);
    });
    return () => {
      unsubscribe();
      clearTimeout(timer);
    };
  }, [qc, assessmentId]);
}
