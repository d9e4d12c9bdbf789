// The one autosave queue of the window. Every edit schedules a save under a key (one per
// row); saves of a key are debounced (~500 ms) and sent one at a time in order. The queue is
// module-level, so a save outlives the component that made it, and a flush on close (Tauri)
// or a beacon on pagehide (browser) sends the last keystroke.

import type { PendingCall } from "../backend";
import { getBackend, toApiError } from "../backend";
import type { ApiError, EntityName } from "../backend/types";
import type { StoredRow } from "./rowBase";
import { setBase } from "./rowBase";

export type SaveStatus = "saved" | "saving" | "error";

export interface SaveRequest<R = unknown> {
  method: string;
  params: unknown;
  /** Builds the call when the save is sent (from the latest state of the form and of the row
   * as stored), replacing `method` and `params`; `null`: nothing to save any more. */
  prepare?: () => { method: string; params: unknown } | null;
  /** Called with Rust's answer, or `null` when `prepare` found nothing to save. */
  onSaved?: (result: R | null) => void;
  onError?: (error: ApiError) => void;
}

interface Entry {
  key: string;
  /** The latest request not sent yet. */
  pending: SaveRequest | null;
  timer: ReturnType<typeof setTimeout> | null;
  inflight: Promise<void> | null;
  /** The last failure of this key; cleared by the next success. */
  error: ApiError | null;
  /** A request that failed for a reason other than validation, kept for "retry". */
  retry: SaveRequest | null;
}

export const DEFAULT_DELAY_MS = 500;

/** An edit that was refused (by Rust or by the form's checks) and whose form was then left:
 * the texts as typed, where they were typed, and the fields in error. It keeps the header at
 * "not saved" and comes back into its form when the form is shown again, until a save of its
 * key succeeds or its row is deleted. Kept for the tab in sessionStorage, so a reload keeps it. */
export interface Parked {
  values: Record<string, unknown>;
  /** The `#/…` route of the screen it was typed on. */
  href: string;
  fields: string[];
}

const PARKED_STORAGE = "sxsh.parked";

function loadParked(): Map<string, Parked> {
  try {
    const raw = globalThis.sessionStorage?.getItem(PARKED_STORAGE);
    return new Map(raw ? (JSON.parse(raw) as [string, Parked][]) : []);
  } catch {
    return new Map();
  }
}

const parked = loadParked();

function storeParked(): void {
  try {
    globalThis.sessionStorage?.setItem(PARKED_STORAGE, JSON.stringify([...parked]));
  } catch {
    // A tab without storage keeps them in memory only.
  }
}

function unpark(key: string): void {
  if (parked.delete(key)) storeParked();
}

const entries = new Map<string, Entry>();
const listeners = new Set<() => void>();
let lastSavedAt: number | null = null;
let status: SaveStatus = "saved";

function entry(key: string): Entry {
  let e = entries.get(key);
  if (!e) {
    e = { key, pending: null, timer: null, inflight: null, error: null, retry: null };
    entries.set(key, e);
  }
  return e;
}

function entryStatus(e: Entry): SaveStatus {
  if (e.pending || e.inflight || e.timer) return "saving";
  if (e.error) return "error";
  return "saved";
}

function recompute(): void {
  let next: SaveStatus = parked.size > 0 ? "error" : "saved";
  for (const e of entries.values()) {
    const s = entryStatus(e);
    if (s === "error") {
      next = "error";
      break;
    }
    if (s === "saving") next = "saving";
  }
  // Drop settled entries so the map does not grow.
  for (const [k, e] of entries) {
    if (entryStatus(e) === "saved" && !e.retry) entries.delete(k);
  }
  if (next !== status) {
    status = next;
  }
  listeners.forEach((l) => l());
}

/** A row Rust stored is the base of the next save of that row. */
function noteStored(c: { method: string; params: unknown }, result: unknown): void {
  if ((c.method === "row.create" || c.method === "row.patch") && result && typeof result === "object") {
    const entity = (c.params as { entity: EntityName }).entity;
    const row = result as StoredRow;
    setBase(entity, row.id, row);
  }
}

/** The call a request makes now: its `prepare`d one, else its method and params. */
function callOf(req: SaveRequest): { method: string; params: unknown } | null {
  return req.prepare ? req.prepare() : { method: req.method, params: req.params };
}

function send(e: Entry): Promise<void> {
  if (e.timer) {
    clearTimeout(e.timer);
    e.timer = null;
  }
  if (e.inflight) {
    // One save of a key at a time: the newer request goes after the one in flight.
    return e.inflight.then(() => (e.pending ? send(e) : (e.inflight ?? undefined)));
  }
  const req = e.pending;
  if (!req) return Promise.resolve();
  e.pending = null;
  const p = (async () => {
    try {
      const c = callOf(req);
      if (!c) {
        // Nothing differs from what is stored: done, with no result.
        e.error = null;
        e.retry = null;
        unpark(e.key);
        req.onSaved?.(null);
        return;
      }
      const result = await getBackend().call<unknown>(c.method, c.params);
      noteStored(c, result);
      e.error = null;
      e.retry = null;
      unpark(e.key);
      lastSavedAt = Date.now();
      try {
        req.onSaved?.(result);
      } catch (cbErr) {
        console.error("onSaved failed", cbErr);
      }
    } catch (raw) {
      const err = toApiError(raw);
      e.error = err;
      e.retry = err.code === "VALIDATION_FAILED" ? null : req;
      try {
        req.onError?.(err);
      } catch (cbErr) {
        console.error("onError failed", cbErr);
      }
    }
  })();
  e.inflight = p.finally(() => {
    e.inflight = null;
    if (e.pending && !e.timer) {
      void send(e);
    }
    recompute();
  });
  recompute();
  return e.inflight;
}

/** Schedules a save of `key`; a newer request for the same key replaces an unsent one. */
export function schedule<R>(key: string, req: SaveRequest<R>, delayMs = DEFAULT_DELAY_MS): void {
  const e = entry(key);
  e.pending = req as SaveRequest;
  if (e.timer) clearTimeout(e.timer);
  e.timer = setTimeout(() => {
    e.timer = null;
    void send(e);
  }, delayMs);
  recompute();
}

/** Sends the pending save of `key` now and waits for it (and any save in flight). */
export async function flushKey(key: string): Promise<void> {
  const e = entries.get(key);
  if (!e) return;
  if (e.pending) await send(e);
  else if (e.inflight) await e.inflight;
}

/** Saves `req` at once and waits; resolves to the result (`null`: nothing to save) or rejects
 * with the ApiError. */
export function saveNow<R>(key: string, req: SaveRequest<R>): Promise<R | null> {
  return new Promise<R | null>((resolve, reject) => {
    const e = entry(key);
    if (e.timer) {
      clearTimeout(e.timer);
      e.timer = null;
    }
    e.pending = {
      method: req.method,
      params: req.params,
      prepare: req.prepare,
      onSaved: (r) => {
        req.onSaved?.(r as R | null);
        resolve(r as R | null);
      },
      onError: (err) => {
        req.onError?.(err);
        reject(err);
      },
    };
    void send(e);
  });
}

/** Marks `key` as not savable (a check in the UI failed): its unsent save is dropped and the
 * header says "not saved" until the next save of that key succeeds. */
export function block(key: string, error: ApiError): void {
  const e = entry(key);
  if (e.timer) {
    clearTimeout(e.timer);
    e.timer = null;
  }
  e.pending = null;
  e.error = error;
  e.retry = null;
  recompute();
}

/** Forgets the validation error of `key` (its form was left: the invalid text is gone with it).
 * Unsent saves still go, and a save that failed for another reason (I/O, a busy database) is
 * kept for "retry" and for the flush on close, so leaving a form never loses an edit. */
export function forget(key: string): void {
  const e = entries.get(key);
  if (!e) return;
  if (!e.retry) e.error = null;
  recompute();
}

/** True when the last save of `key` was refused as invalid (by Rust or the form's checks). */
export function refused(key: string): boolean {
  return entries.get(key)?.error?.code === "VALIDATION_FAILED";
}

/** Keeps a refused edit of `key` whose form is being left (see [`Parked`]). */
export function park(key: string, p: Parked): void {
  parked.set(key, p);
  storeParked();
  recompute();
}

/** The refused edit of `key` kept since its form was left, if any. */
export function parkedEdit(key: string): Parked | undefined {
  return parked.get(key);
}

/** Every refused edit kept, as (key, edit). */
export function parkedEdits(): [string, Parked][] {
  return [...parked];
}

/** Drops every refused edit kept (the person gives them up, or the data was replaced by a
 * restore or another data folder, which they no longer belong to). */
export function discardRefused(): void {
  parked.clear();
  storeParked();
  recompute();
}

/** How many refused edits are kept (a snapshot for `useSyncExternalStore`). */
export function parkedCount(): number {
  return parked.size;
}

/** Drops everything about `key`, including an unsent save (the row is being deleted). */
export function cancel(key: string): void {
  unpark(key);
  const e = entries.get(key);
  if (!e) return;
  if (e.timer) clearTimeout(e.timer);
  e.timer = null;
  e.pending = null;
  e.error = null;
  e.retry = null;
  recompute();
}

/** Sends every unsent save now — and once more every save that failed for a reason other than
 * validation — and waits for all of them. */
export async function flushAll(): Promise<void> {
  const all = [...entries.values()];
  for (const e of all) {
    if (!e.pending && e.retry && !e.inflight) {
      e.pending = e.retry;
      e.retry = null;
    }
  }
  await Promise.all(all.map((e) => (e.pending ? send(e) : (e.inflight ?? Promise.resolve()))));
}

/** Sends the saves that failed for a reason other than validation again. */
export async function retryFailed(): Promise<void> {
  const all = [...entries.values()].filter((e) => e.retry && !e.pending);
  for (const e of all) {
    e.pending = e.retry;
    e.retry = null;
  }
  await Promise.all(all.map((e) => send(e)));
}

/** True when some failed save can be retried. */
export function hasRetry(): boolean {
  for (const e of entries.values()) if (e.retry) return true;
  return false;
}

/** Takes every unsent save out of the queue as calls for `sendBeacon` (the page is going
 * away). Saves in flight are already on their way. */
export function takePending(): PendingCall[] {
  const out: PendingCall[] = [];
  for (const e of entries.values()) {
    if (e.timer) {
      clearTimeout(e.timer);
      e.timer = null;
    }
    const req = e.pending ?? (e.inflight ? null : e.retry);
    const c = req ? callOf(req) : null;
    if (c) out.push(c);
    e.pending = null;
  }
  return out;
}

export function getStatus(): SaveStatus {
  return status;
}

export function getLastSavedAt(): number | null {
  return lastSavedAt;
}

export function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Empties the queue (tests). */
export function resetQueue(): void {
  for (const e of entries.values()) if (e.timer) clearTimeout(e.timer);
  entries.clear();
  parked.clear();
  storeParked();
  status = "saved";
  lastSavedAt = null;
  listeners.forEach((l) => l());
}

/** True when `key` has a newer save waiting (debounced or queued behind the one in flight).
 * An `onSaved` callback uses it to know whether its result is still the latest state. */
export function isPending(key: string): boolean {
  const e = entries.get(key);
  return !!e && !!(e.pending || e.timer);
}
