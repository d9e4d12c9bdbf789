import type { AssessmentDocument, UiReference } from "../../backend/types";

export const STAGES = ["a", "b", "c", "d", "e", "f"] as const;
export type Stage = (typeof STAGES)[number];

/** The items of the checklists an assessment has chosen. */
export function chosenItems(doc: AssessmentDocument, ref: UiReference | undefined) {
  const chosen = new Set(doc.assessment.checklists);
  return (ref?.checklists ?? []).filter((c) => chosen.has(c.code)).flatMap((c) => c.items);
}

export function walkProgress(doc: AssessmentDocument, ref: UiReference | undefined) {
  const items = chosenItems(doc, ref);
  const codes = new Set(items.map((i) => i.id));
  const answered = new Set(doc.checklist_responses.filter((r) => codes.has(r.item_code) && r.created_at).map((r) => r.item_code));
  return { answered: answered.size, total: codes.size };
}

/** Which stages look complete, for the stepper. */
export function stageDone(doc: AssessmentDocument, ref: UiReference | undefined): Record<Stage, boolean> {
  const a = doc.assessment;
  const stored = <T extends { created_at: string }>(rows: T[]) => rows.filter((r) => r.created_at);
  const flows = stored(doc.flows);
  const walk = walkProgress(doc, ref);
  return {
    a: !!a.title.trim() && a.production_volume !== null && !!a.production_unit && flows.some((f) => f.direction === "in"),
    b: walk.total > 0 && walk.answered === walk.total,
    c: flows.some((f) => f.direction === "in") && flows.some((f) => f.direction === "out"),
    d: stored(doc.options).length > 0,
    e: !!a.focus_recommendation.trim() && !!a.next_steps.trim(),
    f: a.status === "completed",
  };
}
