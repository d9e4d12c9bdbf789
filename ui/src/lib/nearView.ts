// Long worksheets (60 waste streams, 100 option editors) show every row at once as plain text,
// and give a row its editor when it comes near the screen or when the user reaches into it
// (a click or Tab on the row). Building and laying out thousands of inputs is what made
// switching tasks slow; the rows out of sight need none of them until they are scrolled to.
//
// - A list of at most `EAGER_ROWS` rows renders its editors at once (no plain rows at all).
// - Otherwise each row starts plain; one IntersectionObserver (shared by every row) wakes the
//   rows within `MARGIN` of the viewport, in one transition per batch, so a click or a key is
//   never held up by editors being built.
// - A woken row stays an editor (what is typed in it is never dropped by scrolling away).
// - Reaching into a plain row wakes it at once; `focusField` says which field to focus then.

import { startTransition, useCallback, useEffect, useRef, useState } from "react";

/** Lists of this many rows or fewer render every editor at once. */
export const EAGER_ROWS = 15;

/** How far beyond the viewport rows get their editors: a few rows above and below, so that
 * scrolling or tabbing on meets editors already built. */
const MARGIN = "200px 0px";

const wakers = new Map<Element, () => void>();
let observer: IntersectionObserver | null = null;

function observe(el: Element, wake: () => void): () => void {
  if (typeof IntersectionObserver === "undefined") {
    wake();
    return () => {};
  }
  if (!observer) {
    observer = new IntersectionObserver(
      (entries) => {
        const near = entries.filter((e) => e.isIntersecting).map((e) => e.target);
        if (near.length === 0) return;
        startTransition(() => {
          for (const el of near) {
            wakers.get(el)?.();
            wakers.delete(el);
            observer?.unobserve(el);
          }
        });
      },
      { rootMargin: MARGIN },
    );
  }
  wakers.set(el, wake);
  observer.observe(el);
  return () => {
    wakers.delete(el);
    observer?.unobserve(el);
  };
}

export interface NearView {
  /** Put on the row's outer element (the plain row and the editor alike). */
  ref: (el: Element | null) => void;
  /** The row's outer element as last rendered. */
  el: Element | null;
  /** Whether the row renders its editor. */
  near: boolean;
  /** The field to focus once the editor is there (the one reached in the plain row). */
  focusField: string | null;
  /** Wakes the row now (a click or focus in the plain row), focusing `field` when given. */
  wake: (field?: string) => void;
}

/** Whether a list of `total` rows renders every editor at once. */
export const eagerList = (total: number) => total <= EAGER_ROWS;

/** Whether a row renders its editor (see the module's comment); `eager`: at once (a short
 * list, see `eagerList`, or a row just added). */
export function useNearView(eager: boolean): NearView {
  const [near, setNear] = useState(eager);
  const [focusField, setFocusField] = useState<string | null>(null);
  const [el, setEl] = useState<Element | null>(null);
  const woken = useRef(eager);
  if (eager) woken.current = true;
  const on = woken.current || near;
  useEffect(() => {
    if (on || !el) return;
    return observe(el, () => {
      woken.current = true;
      setNear(true);
    });
  }, [on, el]);
  const wake = useCallback((field?: string) => {
    woken.current = true;
    setFocusField(field ?? null);
    setNear(true);
  }, []);
  const ref = useCallback((e: Element | null) => setEl(e), []);
  return { ref, el, near: on, focusField, wake };
}

/** Focuses `[data-testid=<testId>]` inside `root` once, after the editor that holds it has
 * mounted (the field reached in the plain row). */
export function useFocusOnWake(root: Element | null, testId: string | null) {
  const done = useRef(false);
  useEffect(() => {
    if (done.current || !root?.isConnected || !testId) return;
    const target = root.querySelector<HTMLElement>(`[data-testid="${CSS.escape(testId)}"]`);
    if (!target) return;
    done.current = true;
    target.focus();
  }, [root, testId]);
}
