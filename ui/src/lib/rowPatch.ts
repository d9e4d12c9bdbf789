// A change to some fields of one row of the cached assessment document, saved through the
// autosave queue like any form's: the matrices (NV3 focus, NV13 selection), the step order
// (NV4) and the selected boxes use it. The row is taken from the cache when the change is
// made (so it carries every edit before it), shown at once, and sent as a patch of what
// differs from the row as stored; Rust validates it.
import type { QueryClient } from "@tanstack/react-query";
import type { AssessmentDocument, Lang } from "../backend/types";
import { saves } from "./api";
import { entityOfList, invalidateCalcs, latestRow, optimisticRow, stripMeta, upsertRow, type DocList } from "./doc";
import * as queue from "./saveQueue";

type RowOf<K extends DocList> = AssessmentDocument[K][number];

/** Applies `change` to the latest copy of row `id` of `list` and queues its save under
 * `<entity>:<id>:<part>` (one queue entry per part of a row, so a quick edit of another part
 * does not replace it). */
export function patchRow<K extends DocList>(
  qc: QueryClient,
  aid: string,
  list: K,
  id: string,
  part: string,
  change: (row: RowOf<K>) => RowOf<K>,
  lang: Lang,
  delayMs = 400,
): void {
  const found = latestRow(qc, aid, list, id);
  if (!found) return;
  const row = change(stripMeta(found as RowOf<K> & object) as RowOf<K>);
  optimisticRow(qc, aid, list, row as { id: string });
  const entity = entityOfList(list);
  const key = `${entity}:${id}:${part}`;
  queue.schedule<RowOf<K>>(
    key,
    {
      ...saves.row(entity, row as { id: string }, {}, lang),
      onSaved: (r) => {
        if (r && !queue.isPending(key)) upsertRow(qc, aid, list, r);
        invalidateCalcs(qc, aid);
      },
    },
    delayMs,
  );
}
