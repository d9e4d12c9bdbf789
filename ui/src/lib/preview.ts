// The figures of a worksheet between a keystroke and its save. Every row a form shows at once
// (`optimisticRow`) is sent, with the other rows edited in the last seconds, to
// `assessment.calcs_preview`: Rust computes the figures over them without writing anything, and
// they replace the cached figures unless stored figures newer than the request came in
// meanwhile. The save itself stays debounced (one change op per pause in typing), yet the
// balance and the cost of waste follow each keystroke. One request per assessment at a time;
// keystrokes during it are sent together when it returns.
import type { QueryClient } from "@tanstack/react-query";
import type { AssessmentCalcs, EntityName } from "../backend/types";
import { api, qk } from "./api";

/** Entities whose rows enter the figures (`AssessmentRows`). */
const FIGURE_ENTITIES = new Set<EntityName>(["flow", "waste_stream", "process_step", "option", "monitoring_record", "assessment"]);
/** How long an edit is laid over the stored rows (its save lands well within it). */
const KEEP_MS = 10_000;

interface Edit {
  entity: EntityName;
  row: object;
  at: number;
}

interface State {
  edits: Map<string, Edit>;
  inflight: boolean;
  again: boolean;
}

const states = new Map<string, State>();

/** Shows the figures of assessment `aid` with `row` (of `entity`) as typed. */
export function previewFigures(qc: QueryClient, aid: string, entity: EntityName, row: object & { id: string }): void {
  if (!FIGURE_ENTITIES.has(entity) || !qc.getQueryData(qk.calcs(aid))) return;
  const s = states.get(aid) ?? { edits: new Map(), inflight: false, again: false };
  states.set(aid, s);
  s.edits.set(`${entity}:${row.id}`, { entity, row, at: Date.now() });
  if (s.inflight) s.again = true;
  else void send(qc, aid, s);
}

/** A row whose save landed: the stored figures hold it from now on. */
export function forgetPreview(aid: string, entity: EntityName, id: string): void {
  states.get(aid)?.edits.delete(`${entity}:${id}`);
}

async function send(qc: QueryClient, aid: string, s: State): Promise<void> {
  s.inflight = true;
  s.again = false;
  const now = Date.now();
  for (const [k, e] of s.edits) if (now - e.at > KEEP_MS) s.edits.delete(k);
  const rows = [...s.edits.values()].map(({ entity, row }) => ({ entity, row: row as Record<string, unknown> }));
  try {
    if (rows.length > 0) {
      const calcs: AssessmentCalcs = await api.calcsPreview(aid, rows);
      const stored = qc.getQueryState(qk.calcs(aid));
      if (!stored || stored.dataUpdatedAt <= now) qc.setQueryData(qk.calcs(aid), calcs);
    }
  } catch {
    // The stored figures stay; the form says what is wrong when it saves.
  } finally {
    s.inflight = false;
    if (s.again) void send(qc, aid, s);
  }
}
