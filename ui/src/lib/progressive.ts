// Long lists rendered in two steps: a screen with many heavy rows (60 waste streams, 100
// option editors) shows its first rows at once, and the others in the next frame, so switching
// tasks paints quickly instead of blocking until every row is built. The rest is rendered as a
// transition: a click or a keystroke meanwhile is not held up while React builds the rows.
// Every row ends up rendered; counts and empty states are the list's own (the caller's
// `total`).
//
// Why the rest comes in one go rather than a chunk per frame: each commit that adds rows makes
// the browser lay out the whole page again (on the options screen, ~40 000 layout objects, ~1 s
// a pass on the bench machine), so ten chunks cost ten such passes where one costs one.

import { startTransition, useEffect, useRef, useState } from "react";

/** The wait for the next chunk when no frame comes (a hidden tab has none). */
const NO_FRAME_MS = 100;

/** How many of `total` rows to render now: `first`, then `step` more each frame (by default all
 * the others at once) until all are. Once every row has been rendered, rows added later (the
 * "+ add" button, a sync) show at once. Render the rows memoized, so that a growing count only
 * renders the new ones. */
export function useProgressive(total: number, first = 15, step = Infinity): number {
  const [limit, setLimit] = useState(first);
  // Every row was rendered once: from then on all of them are, whatever their number.
  const complete = useRef(false);
  useEffect(() => {
    if (complete.current) return;
    if (limit >= total) {
      complete.current = true;
      return;
    }
    let fired = false;
    let frame: number | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const grow = () => {
      if (fired) return;
      fired = true;
      if (frame !== null) cancelAnimationFrame(frame);
      clearTimeout(timer);
      startTransition(() => setLimit((l) => l + step));
    };
    // After the frame that shows this chunk has been painted.
    frame = typeof requestAnimationFrame === "function" ? requestAnimationFrame(grow) : null;
    timer = setTimeout(grow, NO_FRAME_MS);
    return () => {
      fired = true;
      if (frame !== null) cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [limit, total, step]);
  return complete.current ? total : Math.min(total, limit);
}

/** The first `count` items, and the one with id `keep` wherever it is (a row just added shows
 * at once, with its focus, even while the list is still growing). */
export function firstRows<T extends { id: string }>(items: T[], count: number, keep?: string | null): T[] {
  if (count >= items.length) return items;
  return items.filter((x, i) => i < count || (keep != null && x.id === keep));
}
