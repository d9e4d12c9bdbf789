import { useSyncExternalStore } from "react";
import type { QueryClient } from "@tanstack/react-query";
import { api } from "./api";
import { entityOfList, invalidateCalcs, upsertRow, type DocList } from "./doc";

/** How long a delete can be undone from its toast. */
export const UNDO_MS = 10_000;

export interface UndoEntry {
  id: number;
  /** What was deleted, as the toast says it ("Đã xóa dòng «Than cám»"). */
  label: string;
  restore: () => Promise<void>;
}

let entries: UndoEntry[] = [];
let next = 1;
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((l) => l());

/** Offers to undo a delete for [`UNDO_MS`]; the newest three are shown. */
export function offerUndo(label: string, restore: () => Promise<void>): void {
  const entry = { id: next++, label, restore };
  entries = [...entries, entry].slice(-3);
  emit();
  setTimeout(() => dismissUndo(entry.id), UNDO_MS);
}

export function dismissUndo(id: number): void {
  entries = entries.filter((e) => e.id !== id);
  emit();
}

export function useUndoEntries(): UndoEntry[] {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => entries,
  );
}

/** Deletes a row of an assessment's document in Rust and offers to bring it back (with what
 * its delete took), into the open screen and its figures. */
export async function deleteWithUndo(qc: QueryClient, assessmentId: string, list: DocList, id: string, label: string) {
  const entity = entityOfList(list);
  await api.rowDelete(entity, id);
  offerUndo(label, async () => {
    const row = await api.rowRestore(entity, id);
    upsertRow(qc, assessmentId, list, row as never);
    invalidateCalcs(qc, assessmentId);
  });
}
