import { useQuery } from "@tanstack/react-query";
import type { AssessmentDocument, UiReference } from "../../backend/types";
import { api, qk } from "../../lib/api";

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
    queryFn: () => api.assessmentProgress(assessmentId),
    staleTime: 0,
    placeholderData: (prev) => prev,
  });
}
